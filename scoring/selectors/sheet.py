"""The sheet page: a sheet's criteria tree with its scores, evidence and queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from campaigns.models import Criterion
from emulation.prepared import PreparedQuery
from scoring.models import Evidence, Query, Score, ScoreSheet
from scoring.selectors.totals import ZERO, Totals


@dataclass
class SheetRow:
    """One line of a sheet page: a group heading or a leaf criterion with its score."""

    criterion: Criterion
    depth: int
    score: Score | None = None
    evidence: list = field(default_factory=list)
    queries: list = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.criterion.kind == Criterion.Kind.GROUP

    @property
    def is_counted(self) -> bool:
        c = self.criterion
        return bool(c.points_per_occurrence and c.kind != Criterion.Kind.SCORED)

    @property
    def differs(self) -> bool:
        s = self.score
        return bool(
            s is not None
            and s.reviewed_points is not None
            and s.reviewed_points != (s.self_points or ZERO)
        )


def _tree(criteria: list[Criterion]) -> list[tuple[Criterion, int]]:
    """Criteria in display order: each group followed by its children, indented."""
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for c in criteria:
        children[c.parent_id].append(c)
    known = {c.pk for c in criteria}
    roots = [c for c in criteria if c.parent_id is None or c.parent_id not in known]
    out: list[tuple[Criterion, int]] = []

    def walk(node: Criterion, depth: int) -> None:
        out.append((node, depth))
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return out


@dataclass
class SheetPage:
    sheet: ScoreSheet
    rows: list[SheetRow]
    self_totals: Totals
    final_totals: Totals
    open_queries: int
    # Scores left on lines a newer scale version removed, with their evidence (kept, listed).
    removed_lines: list[SheetRow] = field(default_factory=list)
    # Every score of the sheet by criterion, those of removed lines included.
    scores: dict = field(default_factory=dict, repr=False)

    @property
    def leaf_rows(self) -> list[SheetRow]:
        return [r for r in self.rows if not r.is_group]

    @property
    def missing_evidence(self) -> list[Criterion]:
        # Same rule as `scoring.services.missing_evidence`: a bonus or deduction item needs
        # evidence only when the unit claims it.
        return [
            r.criterion
            for r in self.leaf_rows
            if r.criterion.evidence_required
            and not r.evidence
            and (
                r.criterion.kind == Criterion.Kind.SCORED
                or (r.score is not None and (r.score.self_points or ZERO) > 0)
            )
        ]


_SCALE_CRITERIA = PreparedQuery(
    lambda scale: Criterion.objects.filter(scale_id=scale).order_by("order", "code"), scale=int
)


# The page's per-request reads, compiled once per process (`emulation.prepared`): building and
# compiling these querysets cost more CPU than running them. Each is compared with its ORM
# queryset in `tests/emulation/test_prepared.py`.
_SHEET_SCORES = PreparedQuery(
    # By key, not the default ordering (it joins the sheet's term, block and unit): the page
    # keeps them by criterion. Without their criteria: the scale's, already read, are theirs.
    lambda sheet: Score.objects.filter(sheet_id=sheet).order_by("pk"),
    sheet=int,
)
_SHEET_EVIDENCE = PreparedQuery(
    # Without the uploader: no sheet page shows it.
    lambda sheet: Evidence.objects.filter(score__sheet_id=sheet, removed_at__isnull=True).order_by(
        "uploaded_at", "pk"
    ),
    sheet=int,
)
_SHEET_QUERIES = PreparedQuery(
    lambda sheet: (
        Query.objects.filter(score__sheet_id=sheet)
        .select_related("raised_by", "answered_by", "resolved_by")
        .order_by("raised_at", "pk")
    ),
    sheet=int,
)


_SCORE_CRITERION = Score._meta.get_field("criterion")


def sheet_criteria(sheet: ScoreSheet) -> list[Criterion]:
    """The criteria of the sheet's scale, in the order of its rows (1 query, compiled once)."""
    return _SCALE_CRITERIA.all(scale=sheet.scale_id)


def criteria_rows(criteria: list[Criterion]) -> list[SheetRow]:
    """The rows of a sheet without their scores: what a posted form needs to be checked (its
    fields follow the criteria only). A save that succeeds redirects, so the scores the page
    would show are read only when the form is shown again (`sheet_page`)."""
    return [SheetRow(criterion, depth) for criterion, depth in _tree(criteria)]


def sheet_page(
    sheet: ScoreSheet,
    *,
    evidence: bool = True,
    queries: bool = True,
    criteria: list[Criterion] | None = None,
) -> SheetPage:
    """A sheet with its criteria tree, scores, evidence and queries (4 queries; 3 when the
    `criteria` of its scale are given, as `sheet_criteria` read them; one more when evidence is
    left on lines a newer scale version removed, for their criteria).

    The evidence and the queries can be left out and added when a page needs them
    (`add_evidence`, `add_queries`): a save that succeeds redirects without showing either.
    """
    if criteria is None:
        criteria = sheet_criteria(sheet)
    # Each score gets its criterion from the scale's; one a newer scale version left behind
    # has its own read only if the page lists it (`add_evidence`).
    by_pk = {c.pk: c for c in criteria}
    scores = {}
    for score in _SHEET_SCORES.all(sheet=sheet.pk):
        criterion = by_pk.get(score.criterion_id)
        if criterion is not None:
            _SCORE_CRITERION.set_cached_value(score, criterion)
        scores[score.criterion_id] = score
    rows, self_totals, final_totals = [], Totals(), Totals()
    for criterion, depth in _tree(criteria):
        score = scores.get(criterion.pk)
        row = SheetRow(criterion, depth, score)
        if score is not None:
            self_totals.add(criterion.kind, score.self_points)
            final_totals.add(criterion.kind, score.final_points)
        rows.append(row)
    page = SheetPage(sheet, rows, self_totals, final_totals, 0, scores=scores)
    if evidence:
        add_evidence(page)
    if queries:
        add_queries(page)
    return page


def add_evidence(page: SheetPage) -> None:
    """The evidence of each row, and the lines a newer scale version removed that still hold
    evidence (1 query; 2 when there are such lines: their criteria)."""
    by_score: dict[int, list] = defaultdict(list)
    for item in _SHEET_EVIDENCE.all(sheet=page.sheet.pk):
        by_score[item.score_id].append(item)
    for row in page.rows:
        if row.score is not None:
            row.evidence = by_score.get(row.score.pk, [])
    on_scale = {row.criterion.pk for row in page.rows}
    removed = [
        score
        for criterion_id, score in page.scores.items()
        if criterion_id not in on_scale and by_score.get(score.pk)
    ]
    if removed:  # their criteria, of an older scale version (1 query, only then)
        unread = [s for s in removed if not _SCORE_CRITERION.is_cached(s)]
        if unread:
            older = Criterion.objects.in_bulk([s.criterion_id for s in unread])
            for score in unread:
                _SCORE_CRITERION.set_cached_value(score, older[score.criterion_id])
    page.removed_lines = [
        SheetRow(score.criterion, 0, score, evidence=by_score[score.pk])
        for score in sorted(removed, key=lambda s: (s.criterion.order, s.criterion.code))
    ]


def add_queries(page: SheetPage) -> None:
    """The queries of each row and the count of open ones (1 query): for the pages that show
    them, the editable sheet does not."""
    by_score: dict[int, list] = defaultdict(list)
    page.open_queries = 0
    for item in _SHEET_QUERIES.all(sheet=page.sheet.pk):
        by_score[item.score_id].append(item)
        page.open_queries += item.resolved_at is None
    for row in page.rows:
        if row.score is not None:
            row.queries = by_score.get(row.score.pk, [])
