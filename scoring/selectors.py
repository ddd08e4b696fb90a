"""Reads that shape scoring data for pages and reports.

The ranking is computed from verified sheets in a fixed number of queries, however many units
and criteria the block has: the current scale's criteria (1), the sheets (1), the totals as one
aggregate (1) and, for the per-criterion breakdown, the scores (1).
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from blocks.models import Term
from campaigns.models import Criterion, Scale
from campaigns.selectors import current_scale_id
from scoring.models import Score, ScoreSheet

ZERO = Decimal("0")
COUNTED_STATUSES = (ScoreSheet.Status.VERIFIED, ScoreSheet.Status.LOCKED)
_DECIMAL = DecimalField(max_digits=8, decimal_places=2)
FINAL_POINTS = Coalesce(F("reviewed_points"), F("self_points"), Value(ZERO), output_field=_DECIMAL)


@dataclass
class RankingRow:
    unit_id: int
    unit_name: str
    unit_short_name: str
    sheet_id: int
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO
    points: dict[str, Decimal] = field(default_factory=dict)  # criterion code → final points
    full_marks: int = 0
    rank: int = 0
    shared: bool = False
    tie_note: str = ""

    @property
    def total(self) -> Decimal:
        # Never clamped: bonus can take a unit past the nominal maximum (97 + 10 = 107).
        return self.base + self.bonus - self.deduction


@dataclass(frozen=True)
class TieRule:
    """One rule of an ordered tie-break policy: a higher key wins."""

    code: str
    label: str
    key: Callable[[RankingRow], Decimal | int]


def _group_rule(code: str, criteria: Sequence[Criterion]) -> TieRule | None:
    group = next((c for c in criteria if c.code == code and c.kind == Criterion.Kind.GROUP), None)
    if group is None:
        return None
    # Every scored line under the group, however deep (group → criterion → sub-criterion);
    # bonus and deduction lines stay outside a group's score, as they stay outside its maximum.
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for c in criteria:
        children[c.parent_id].append(c)
    leaf_codes: set[str] = set()
    stack = list(children.get(group.pk, []))
    while stack:
        node = stack.pop()
        if node.kind == Criterion.Kind.SCORED:
            leaf_codes.add(node.code)
        stack.extend(children.get(node.pk, []))
    return TieRule(
        code=f"group:{code}",
        label=str(_("higher score in group %(group)s") % {"group": group.title}),
        key=lambda row: sum((row.points.get(c, ZERO) for c in leaf_codes), ZERO),
    )


def tie_rules(codes: Sequence[str], criteria: Sequence[Criterion]) -> list[TieRule]:
    """Turn a configured policy (rule codes, in order) into rules."""
    rules: list[TieRule] = []
    for code in codes:
        if code == "full_marks":
            rules.append(
                TieRule(code, str(_("more criteria at full marks")), lambda r: r.full_marks)
            )
        elif code == "fewer_deductions":
            rules.append(TieRule(code, str(_("fewer deduction points")), lambda r: -r.deduction))
        elif code == "base":
            rules.append(TieRule(code, str(_("higher base score")), lambda r: r.base))
        elif code.startswith("group:"):
            rule = _group_rule(code.split(":", 1)[1], criteria)
            if rule:
                rules.append(rule)
    return rules


@dataclass
class Ranking:
    term: Term
    scale: Scale | None
    criteria: list[Criterion]
    rows: list[RankingRow]
    pending: list[ScoreSheet]

    @property
    def leaf_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == Criterion.Kind.SCORED]

    @property
    def bonus_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == Criterion.Kind.BONUS]

    @property
    def deduction_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == Criterion.Kind.DEDUCTION]


def assign_ranks(rows: list[RankingRow], rules: Sequence[TieRule] = ()) -> list[RankingRow]:
    """Sort rows by total, break ties by `rules` in order, share the rank of what is left.

    Competition ranking: two units tied for 2nd both get 2 and the next gets 4 ("1, 2, 2, 4").
    Each row of a tie records which rule decided it, or that the rank is shared.
    """

    def key(row: RankingRow):
        return (row.total, *(rule.key(row) for rule in rules))

    # Alphabetical first, so units sharing a rank are listed by name (the sort is stable).
    ordered = sorted(sorted(rows, key=lambda r: r.unit_name), key=key, reverse=True)
    for index, row in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        if previous is not None and key(previous) == key(row):
            row.rank, row.shared, previous.shared = previous.rank, True, True
        else:
            row.rank = index + 1
    by_total: dict[Decimal, list[RankingRow]] = defaultdict(list)
    for row in ordered:
        by_total[row.total].append(row)
    for tied in by_total.values():
        if len(tied) < 2:
            continue
        for row in tied:
            row.tie_note = _explain_tie(row, tied, rules)
    return ordered


def _explain_tie(row: RankingRow, tied: list[RankingRow], rules: Sequence[TieRule]) -> str:
    """Name every rule that set this row apart from the others level with it on total.

    With A ahead on the first rule and B, C level on it but split by the second, A's note
    names the first rule and B's and C's name both: each row says what decided its place.
    """
    needed: set[int] = set()
    level_on_every_rule = False
    for other in tied:
        if other is row:
            continue
        index = next((i for i, r in enumerate(rules) if r.key(row) != r.key(other)), None)
        if index is None:
            level_on_every_rule = True
        else:
            needed.add(index)
    if row.shared or level_on_every_rule or not needed:
        return str(_("Tied on every rule: rank shared."))
    labels = "; ".join(rules[i].label for i in sorted(needed))
    return str(_("Tie on total broken by: %(rule)s.") % {"rule": labels})


def compute_ranking(
    term: Term, *, tie_policy: Sequence[str] = (), with_breakdown: bool = True
) -> Ranking:
    """The live ranking of a block-year from its verified (or locked) sheets."""
    criteria = list(
        Criterion.objects.filter(scale_id=current_scale_id(term.pk))
        .select_related("scale")
        .order_by("order", "code")
    )
    scale = criteria[0].scale if criteria else None
    sheets = list(
        ScoreSheet.objects.filter(term=term).select_related("unit").order_by("unit__name")
    )
    counted = {s.pk: s for s in sheets if s.status in COUNTED_STATUSES}
    pending = [s for s in sheets if s.pk not in counted]

    def kind_sum(kind: str):
        return Coalesce(
            Sum(Case(When(criterion__kind=kind, then=FINAL_POINTS), output_field=_DECIMAL)),
            Value(ZERO),
            output_field=_DECIMAL,
        )

    totals = (
        Score.objects.filter(sheet__term=term, sheet__status__in=COUNTED_STATUSES)
        .values("sheet_id")
        .annotate(
            base=kind_sum(Criterion.Kind.SCORED),
            bonus=kind_sum(Criterion.Kind.BONUS),
            deduction=kind_sum(Criterion.Kind.DEDUCTION),
            full_marks=Sum(
                Case(
                    When(
                        Q(criterion__kind=Criterion.Kind.SCORED)
                        & Q(criterion__max_points__gt=0)
                        & Q(
                            Q(reviewed_points=F("criterion__max_points"))
                            | Q(
                                reviewed_points__isnull=True,
                                self_points=F("criterion__max_points"),
                            )
                        ),
                        then=Value(1),
                    ),
                    default=Value(0),
                )
            ),
        )
        .order_by()
    )
    rows: dict[int, RankingRow] = {}
    for sheet in counted.values():
        rows[sheet.pk] = RankingRow(
            unit_id=sheet.unit_id,
            unit_name=sheet.unit.name,
            unit_short_name=sheet.unit.short_name,
            sheet_id=sheet.pk,
        )
    for item in totals:
        row = rows[item["sheet_id"]]
        row.base, row.bonus, row.deduction = item["base"], item["bonus"], item["deduction"]
        row.full_marks = item["full_marks"] or 0
    if with_breakdown and rows:
        for item in Score.objects.filter(
            sheet__term=term, sheet__status__in=COUNTED_STATUSES
        ).values_list("sheet_id", "criterion__code", FINAL_POINTS):
            rows[item[0]].points[item[1]] = item[2]
    ranked = assign_ranks(list(rows.values()), tie_rules(tie_policy, criteria))
    return Ranking(term=term, scale=scale, criteria=criteria, rows=ranked, pending=pending)


def ranking_snapshot(ranking: Ranking) -> dict:
    """The JSON a publication freezes: names at the time, figures as strings."""
    return {
        "criteria": [
            {
                "code": c.code,
                "title": c.title,
                "kind": c.kind,
                "max_points": str(c.max_points),
                "parent": next((p.code for p in ranking.criteria if p.pk == c.parent_id), None),
            }
            for c in ranking.criteria
        ],
        "nominal_total": str(ranking.scale.nominal_total) if ranking.scale else None,
        "leader": ranking.term.leader.name,
        "deputy": ranking.term.deputy.name if ranking.term.deputy else None,
        "rows": [
            {
                "rank": r.rank,
                "shared": r.shared,
                "unit_id": r.unit_id,
                "unit_name": r.unit_name,
                "unit_short_name": r.unit_short_name,
                "base": str(r.base),
                "bonus": str(r.bonus),
                "deduction": str(r.deduction),
                "total": str(r.total),
                "points": {code: str(v) for code, v in r.points.items()},
                "tie_note": r.tie_note,
            }
            for r in ranking.rows
        ],
    }


# --- Score entry, review and progress pages -------------------------------------------------


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


@dataclass
class Totals:
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus - self.deduction

    def add(self, kind: str, value: Decimal | None) -> None:
        if value is None:
            return
        if kind == Criterion.Kind.SCORED:
            self.base += value
        elif kind == Criterion.Kind.BONUS:
            self.bonus += value
        elif kind == Criterion.Kind.DEDUCTION:
            self.deduction += value


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


def sheet_page(sheet: ScoreSheet) -> SheetPage:
    """A sheet with its criteria tree, scores, evidence and queries (4 queries)."""
    from scoring.models import Evidence, Query

    criteria = list(Criterion.objects.filter(scale_id=sheet.scale_id).order_by("order", "code"))
    scores = {s.criterion_id: s for s in Score.objects.filter(sheet=sheet)}
    evidence: dict[int, list] = defaultdict(list)
    for item in (
        Evidence.objects.filter(score__sheet=sheet, removed_at__isnull=True)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    ):
        evidence[item.score_id].append(item)
    queries: dict[int, list] = defaultdict(list)
    open_queries = 0
    for item in (
        Query.objects.filter(score__sheet=sheet)
        .select_related("raised_by", "answered_by", "resolved_by")
        .order_by("raised_at", "pk")
    ):
        queries[item.score_id].append(item)
        open_queries += item.resolved_at is None
    rows, self_totals, final_totals = [], Totals(), Totals()
    for criterion, depth in _tree(criteria):
        score = scores.get(criterion.pk)
        row = SheetRow(criterion, depth, score)
        if score is not None:
            row.evidence = evidence.get(score.pk, [])
            row.queries = queries.get(score.pk, [])
            self_totals.add(criterion.kind, score.self_points)
            final_totals.add(criterion.kind, score.final_points)
        rows.append(row)
    return SheetPage(sheet, rows, self_totals, final_totals, open_queries)


@dataclass
class GridCell:
    self_points: Decimal | None
    reviewed_points: Decimal | None
    reason: str

    @property
    def differs(self) -> bool:
        return self.reviewed_points is not None and self.reviewed_points != (
            self.self_points or ZERO
        )


@dataclass
class GridRow:
    sheet: ScoreSheet
    cells: list[GridCell]
    self_totals: Totals
    final_totals: Totals
    open_queries: int


@dataclass
class ReviewGrid:
    term: Term
    criteria: list[Criterion]
    rows: list[GridRow]


def review_grid(term: Term) -> ReviewGrid:
    """Units × criteria, self and reviewed side by side (4 queries, whatever the size):
    the current scale's leaf criteria, the sheets with their units, every score of the year,
    and the open queries per sheet."""
    from django.db.models import Count

    from scoring.models import Query

    criteria = list(
        Criterion.objects.filter(scale_id=current_scale_id(term.pk))
        .exclude(kind=Criterion.Kind.GROUP)
        .order_by("order", "code")
    )
    sheets = list(
        ScoreSheet.objects.filter(term=term).select_related("unit").order_by("unit__name")
    )
    scores: dict[tuple[int, int], Score] = {
        (s.sheet_id, s.criterion_id): s
        for s in Score.objects.filter(sheet__term=term).only(
            "sheet_id", "criterion_id", "self_points", "reviewed_points", "review_reason"
        )
    }
    open_counts = dict(
        Query.objects.filter(score__sheet__term=term, resolved_at__isnull=True)
        .values("score__sheet_id")
        .annotate(n=Count("pk"))
        .values_list("score__sheet_id", "n")
    )
    rows = []
    for sheet in sheets:
        cells, own, final = [], Totals(), Totals()
        for c in criteria:
            s = scores.get((sheet.pk, c.pk))
            cell = GridCell(
                s.self_points if s else None,
                s.reviewed_points if s else None,
                s.review_reason if s else "",
            )
            own.add(c.kind, cell.self_points)
            final.add(
                c.kind,
                cell.reviewed_points if cell.reviewed_points is not None else cell.self_points,
            )
            cells.append(cell)
        rows.append(GridRow(sheet, cells, own, final, open_counts.get(sheet.pk, 0)))
    return ReviewGrid(term, criteria, rows)


@dataclass
class Progress:
    term: Term
    sheets: list[ScoreSheet]
    counts: dict[str, int]
    days_left: int | None
    window_open: bool


def progress_board(term: Term, now=None) -> Progress:
    """Each unit's sheet status and the days left before closing (1 query)."""
    from django.utils import timezone

    now = now or timezone.now()
    sheets = list(
        ScoreSheet.objects.filter(term=term).select_related("unit").order_by("unit__name")
    )
    counts: dict[str, int] = defaultdict(int)
    for sheet in sheets:
        counts[sheet.status] += 1
    days_left = None
    if term.scoring_closes_at:
        days_left = (timezone.localdate(term.scoring_closes_at) - timezone.localdate(now)).days
    window_open = bool(
        term.scoring_opens_at
        and term.scoring_closes_at
        and term.scoring_opens_at <= now < term.scoring_closes_at
    )
    return Progress(term, sheets, dict(counts), days_left, window_open)


def sheet_history(sheet: ScoreSheet):
    """Every recorded change of a sheet, its scores, evidence and queries (1 query)."""
    from audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(term_id=sheet.term_id, after__sheet_id=sheet.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def score_history(score: Score):
    """The changes of one score, with its evidence and queries (1 query)."""
    from audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(
            term_id=score.sheet.term_id,
            after__sheet_id=score.sheet_id,
            after__criterion=score.criterion.code,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def changes_since(sheet: ScoreSheet, version: int):
    """What others changed on a sheet after it was loaded at `version` (for a refused save)."""
    from audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(
            term_id=sheet.term_id, after__sheet_id=sheet.pk, after__sheet_version__gt=version
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
