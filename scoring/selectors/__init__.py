"""Reads that shape scoring data for its pages: the sheet, the review grid, the progress board
and the history. The ranking itself is `results.ranking` (the app that owns tie policy, bands
and incidents); scoring only gives the exact per-sheet totals its own pages show.
"""

from scoring.selectors.board import (
    GridCell,
    GridRow,
    Progress,
    ReviewGrid,
    progress_board,
    review_grid,
)
from scoring.selectors.confirm import (
    early_close_consequences,
    reopen_consequences,
    return_consequences,
)
from scoring.selectors.history import (
    HISTORY_SHOWN,
    History,
    HistoryLine,
    changes_since,
    score_history,
    sheet_history,
)
from scoring.selectors.sheet import (
    SheetPage,
    SheetRow,
    add_evidence,
    add_queries,
    criteria_rows,
    sheet_criteria,
    sheet_page,
)
from scoring.selectors.totals import COUNTED_STATUSES, ZERO, Totals

__all__ = [
    "COUNTED_STATUSES",
    "HISTORY_SHOWN",
    "ZERO",
    "GridCell",
    "GridRow",
    "History",
    "HistoryLine",
    "Progress",
    "ReviewGrid",
    "SheetPage",
    "SheetRow",
    "Totals",
    "add_evidence",
    "add_queries",
    "changes_since",
    "criteria_rows",
    "early_close_consequences",
    "reopen_consequences",
    "return_consequences",
    "progress_board",
    "review_grid",
    "score_history",
    "sheet_criteria",
    "sheet_history",
    "sheet_page",
]
