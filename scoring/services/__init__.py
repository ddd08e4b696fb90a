"""Writes on score sheets, one module per capability: the window, self-scoring, evidence,
review, queries and reminders (`common` holds what they share).

Every service is keyword-only and atomic, refuses with a `ValidationError` carrying a `code`,
refuses a published block-year before touching it (`ensure_term_writable`, or `locked_sheet`
for the sheet services: the same refusal on the status its locked read gives), and records
each change with `log_action` in the same transaction. Permissions (who may call what) are
checked by the views through `scoring.access`; the services enforce the rules of the data: the
window, the sheet's state machine, the maximum points (`scoring.points.check_points`), the
version a save was loaded at.
"""

from scoring.points import check_points
from scoring.services.common import (
    EVIDENCE_EDITABLE,
    NOT_SUBMITTED,
    REVIEWABLE,
    SELF_EDITABLE,
    ReviewEntry,
    SelfEntry,
    ensure_scores,
    points_for,
    window_is_open,
)
from scoring.services.evidence import add_evidence, remove_evidence
from scoring.services.queries import answer_query, raise_query, resolve_query
from scoring.services.reminders import remind, send_reminders
from scoring.services.review import reopen_sheet, return_sheet, review_scores, verify_sheet
from scoring.services.self_scoring import missing_evidence, save_self_scores, submit_sheet
from scoring.services.versions import move_sheets_to_version
from scoring.services.window import closes_early, end_review, extend_window, open_scoring

__all__ = [
    "EVIDENCE_EDITABLE",
    "NOT_SUBMITTED",
    "REVIEWABLE",
    "SELF_EDITABLE",
    "ReviewEntry",
    "SelfEntry",
    "add_evidence",
    "answer_query",
    "check_points",
    "end_review",
    "ensure_scores",
    "closes_early",
    "extend_window",
    "missing_evidence",
    "move_sheets_to_version",
    "open_scoring",
    "points_for",
    "raise_query",
    "remind",
    "remove_evidence",
    "reopen_sheet",
    "resolve_query",
    "return_sheet",
    "review_scores",
    "save_self_scores",
    "send_reminders",
    "submit_sheet",
    "verify_sheet",
    "window_is_open",
]
