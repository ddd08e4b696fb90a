"""The block-year pages of scoring: the review grid and the progress board."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from blocks.models import Term
from campaigns.models import Criterion
from campaigns.selectors import current_scale_id
from emulation.collation import sorted_vi
from scoring.models import Query, Score, ScoreSheet
from scoring.selectors.totals import ZERO, Totals


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
    criteria = list(
        Criterion.objects.filter(scale_id=current_scale_id(term.pk))
        .exclude(kind=Criterion.Kind.GROUP)
        .order_by("order", "code")
    )
    sheets = sorted_vi(
        ScoreSheet.objects.filter(term=term).select_related("unit"), key=lambda s: s.unit.name
    )
    scores: dict[tuple[int, int], Score] = {
        (s.sheet_id, s.criterion_id): s
        # Unordered: the scores go into a dict, and Score's default ordering would join the
        # sheet, term, block, province and unit only to sort (issue #13's EXPLAIN).
        for s in Score.objects.filter(sheet__term=term)
        .only("sheet_id", "criterion_id", "self_points", "reviewed_points", "review_reason")
        .order_by()
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
