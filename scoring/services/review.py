"""The leader unit's review of a sheet: reviewed figures with reasons, return, verify, reopen."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scoring import notifications
from scoring.models import Query, ScoreSheet
from scoring.services.common import (
    REVIEWABLE,
    REVIEWED,
    ReviewEntry,
    S,
    bump_version,
    check_changes,
    check_version,
    collect_changes,
    ensure_scores,
    ensure_transition,
    locked_sheet,
    save_changes,
    set_status,
    take_up,
)


@transaction.atomic
def review_scores(
    *,
    sheet: ScoreSheet,
    entries: dict[int, ReviewEntry],
    version: int | None,
    actor,
    request=None,
) -> ScoreSheet:
    """Record the leader unit's figures. A figure that differs from the unit's needs a reason.

    Checked and written like a unit's save (`save_self_scores`): the whole sheet in Python, one
    `bulk_update`, one `bulk_create` of audit records.
    """
    sheet = locked_sheet(sheet)
    ensure_transition(sheet, REVIEWABLE)
    check_version(sheet, version)
    scores = ensure_scores(sheet)
    errors, changes = collect_changes(scores, entries, REVIEWED)
    errors.update(check_changes(sheet, changes, REVIEWED))
    if errors:
        raise ValidationError(errors)
    if sheet.status == S.SUBMITTED:
        take_up(sheet, actor=actor, request=request)
    elif changes:
        bump_version(sheet)
    save_changes(
        sheet,
        changes,
        side=REVIEWED,
        action="scoring.score.reviewed",
        actor=actor,
        request=request,
        reason_key="review_reason",
    )
    return sheet


@transaction.atomic
def return_sheet(*, sheet: ScoreSheet, reason: str, actor, request=None) -> ScoreSheet:
    """Send a sheet back to the unit as a draft, with the reason it must fix."""
    sheet = locked_sheet(sheet)
    ensure_transition(sheet, REVIEWABLE)
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the sheet is returned."), code="reason_required")}
        )
    set_status(sheet, S.DRAFT, actor=actor, request=request, reason=reason.strip())
    notifications.sheet_returned(sheet, reason.strip())
    return sheet


@transaction.atomic
def verify_sheet(*, sheet: ScoreSheet, actor, request=None) -> ScoreSheet:
    """Accept the reviewed sheet: it now counts for the ranking and the unit can no longer edit."""
    sheet = locked_sheet(sheet)
    ensure_transition(sheet, (S.SUBMITTED, S.UNDER_REVIEW))
    if Query.objects.filter(score__sheet=sheet, resolved_at__isnull=True).exists():
        raise ValidationError(
            _("Resolve every query on this sheet before verifying it."), code="queries_open"
        )
    take_up(sheet, actor=actor, request=request)
    set_status(sheet, S.VERIFIED, actor=actor, request=request)
    return sheet


@transaction.atomic
def reopen_sheet(*, sheet: ScoreSheet, reason: str, actor, request=None) -> ScoreSheet:
    """Take a verified (or locked) sheet back under review, saying why.

    Before publication the block may still correct a figure: typically an objection to the
    provisional results that the leader upholds. The sheet goes back to *under review*; the
    reviewer changes the figure (with its own reason), verifies the sheet again and shares the
    results again. A published year stays closed (`term_published`): corrections there are a
    new published version.
    """
    sheet = locked_sheet(sheet)
    ensure_transition(sheet, (S.VERIFIED, S.LOCKED))
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the sheet is reopened."), code="reason_required")}
        )
    set_status(sheet, S.UNDER_REVIEW, actor=actor, request=request, reason=reason.strip())
    return sheet
