"""The block-year pages of scoring: the review grid and the progress board."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from blocks.models import Term
from campaigns.models import Criterion
from campaigns.selectors import current_scale_id
from emulation.collation import sorted_vi
from emulation.prepared import PreparedQuery
from scoring.models import Query, Score, ScoreSheet
from scoring.selectors.totals import ZERO, Totals


class GridCell(NamedTuple):
    """One cell of the grid. A tuple: 480 of them a page, built and read in loops."""

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


# The grid's four reads, compiled once per process (emulation.prepared): building and compiling
# them cost more CPU than running them, the criteria's most (the current scale's subquery).
_LEAF_CRITERIA = PreparedQuery(
    lambda term: (
        Criterion.objects.filter(scale_id=current_scale_id(term))
        .exclude(kind=Criterion.Kind.GROUP)
        .order_by("order", "code")
    ),
    term=int,
)
# Unordered: sorted in Vietnamese order in Python. ScoreSheet's default ordering (term, then the
# term's block and province) would join three tables only to be sorted again.
_SHEETS = PreparedQuery(
    lambda term: ScoreSheet.objects.filter(term_id=term).select_related("unit").order_by(),
    term=int,
)
# Plain tuples (sheet, criterion, self, reviewed, reason): 480 Score instances cost more than the
# rest of the page's reads. Unordered: Score's default ordering would join the sheet, term, block,
# province and unit only to sort (issue #13's EXPLAIN).
_SCORES = PreparedQuery(
    lambda term: (
        Score.objects.filter(sheet__term_id=term)
        .order_by()
        .values_list("sheet_id", "criterion_id", "self_points", "reviewed_points", "review_reason")
    ),
    term=int,
)
# The sheet of each open query, counted in Python: a prepared query has no aggregates.
_OPEN_QUERY_SHEETS = PreparedQuery(
    lambda term: (
        Query.objects.filter(score__sheet__term_id=term, resolved_at__isnull=True)
        .order_by()
        .values_list("score__sheet_id", flat=True)
    ),
    term=int,
)


def review_grid(term: Term) -> ReviewGrid:
    """Units × criteria, self and reviewed side by side (4 queries, whatever the size):
    the current scale's leaf criteria, the sheets with their units, every score of the year,
    and the sheets of the open queries."""
    criteria = _LEAF_CRITERIA.all(term=term.pk)
    sheets = sorted_vi(_SHEETS.all(term=term.pk), key=lambda s: s.unit.name)
    # Each score as its cell, by sheet and criterion.
    cells_of: dict[int, dict[int, GridCell]] = {}
    for sheet_id, criterion_id, self_points, reviewed_points, reason in _SCORES.all(term=term.pk):
        found = cells_of.get(sheet_id)
        if found is None:
            found = cells_of[sheet_id] = {}
        found[criterion_id] = GridCell(self_points, reviewed_points, reason)
    open_counts = Counter(_OPEN_QUERY_SHEETS.all(term=term.pk))
    # Each criterion adds to one of the three sums of Totals (or to none, for a kind that does
    # not count): the same additions in the same order as `Totals.add`, without its branches.
    slots = {
        Criterion.Kind.SCORED: 0,
        Criterion.Kind.BONUS: 1,
        Criterion.Kind.DEDUCTION: 2,
    }
    column_ids = [c.pk for c in criteria]
    counted = [(index, slots[c.kind]) for index, c in enumerate(criteria) if c.kind in slots]
    empty, no_scores = GridCell(None, None, ""), {}
    rows = []
    for sheet in sheets:
        found = cells_of.get(sheet.pk, no_scores)
        cells = [found.get(criterion_id, empty) for criterion_id in column_ids]
        own, final = [ZERO, ZERO, ZERO], [ZERO, ZERO, ZERO]
        for index, slot in counted:
            self_points, reviewed_points, _reason = cells[index]
            if self_points is not None:
                own[slot] += self_points
            if reviewed_points is not None:
                final[slot] += reviewed_points
            elif self_points is not None:
                final[slot] += self_points
        rows.append(
            GridRow(sheet, cells, Totals(*own), Totals(*final), open_counts.get(sheet.pk, 0))
        )
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
    now = now or timezone.now()
    sheets = sorted_vi(
        ScoreSheet.objects.filter(term=term).select_related("unit"), key=lambda s: s.unit.name
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
