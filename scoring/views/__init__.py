"""Score entry, review and progress pages. Thin: access helper → form → service → message.

One module per page family: `sheet` (the unit's own sheet), `review` (the grid and one sheet's
review), `queries` (queries and evidence files), `window` (progress, opening, extending,
ending review); `common` holds what they share.
"""

from scoring.views.queries import (
    evidence_download,
    evidence_remove,
    query_answer,
    query_raise,
    query_resolve,
)
from scoring.views.review import review, sheet_reopen, sheet_return, sheet_review, sheet_verify
from scoring.views.sheet import my_sheet, score_history, sheet, sheet_submit
from scoring.views.window import end_review, extend_window, open_scoring, progress

__all__ = [
    "end_review",
    "evidence_download",
    "evidence_remove",
    "extend_window",
    "my_sheet",
    "open_scoring",
    "progress",
    "query_answer",
    "query_raise",
    "query_resolve",
    "review",
    "score_history",
    "sheet",
    "sheet_reopen",
    "sheet_return",
    "sheet_review",
    "sheet_submit",
    "sheet_verify",
]
