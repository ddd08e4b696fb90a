"""Display helpers for scoring pages: `{% load scoring_tags %}`."""

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

ACTIONS = {
    "scoring.window.opened": _("Scoring opened"),
    "scoring.window.extended": _("Window extended"),
    "scoring.sheet.status_changed": _("Status changed"),
    "scoring.score.self_scored": _("Self-score changed"),
    "scoring.score.reviewed": _("Reviewed score changed"),
    "scoring.evidence.added": _("Evidence added"),
    "scoring.evidence.removed": _("Evidence removed"),
    "scoring.query.raised": _("Query raised"),
    "scoring.query.answered": _("Query answered"),
    "scoring.query.resolved": _("Query resolved"),
    "scoring.reminder.sent": _("Reminder sent"),
    "scoring.review.ended": _("Review ended"),
}

FIELDS = {
    "self_points": _("points"),
    "self_occurrences": _("count"),
    "self_note": _("note"),
    "reviewed_points": _("reviewed points"),
    "reviewed_occurrences": _("reviewed count"),
    "review_reason": _("reason"),
    "status": pgettext_lazy("sheet", "status"),
    "closes_at": _("closes at"),
    "name": _("file"),
    "question": _("question"),
    "answer": _("explanation"),
    "resolution": _("outcome"),
}
HIDDEN = {"sheet_id", "sheet_version", "criterion", "score_id", "mime", "size"}


@register.filter
def audit_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def _show(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if key == "status":
        from scoring.models import ScoreSheet

        try:
            return str(ScoreSheet.Status(value).label)
        except ValueError:
            return str(value)
    if key.endswith("_points") and isinstance(value, str):
        from blocks.templatetags.thidua import points

        return points(value)
    return str(value)


def changed_fields(entry):
    """(key, old, new, had_old) for each shown field an audit entry records as changed, in the
    order of its `before`, then of the fields only `after` has."""
    before, after = entry.before or {}, entry.after or {}
    for key in list(before) + [k for k in after if k not in before]:
        if key in HIDDEN or key not in FIELDS:
            continue
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        yield key, old, new, key in before


@register.filter
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field, old, new) for each field that an audit entry records as changed."""
    return [
        (str(FIELDS[key]), _show(key, old) if had_old else "", _show(key, new))
        for key, old, new, had_old in changed_fields(entry)
    ]
