"""Publication: freezing a block-year's ranking as its first published version."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocks.models import Term
from blocks.services import ensure_term_writable
from blocks.states import transition
from results import notifications, ranking
from results.models import Objection, ProvisionalRelease, PublishedResult
from results.services._common import (
    check_signed_file,
    ensure_sheets_verified,
    locked_term,
    save_version,
)
from scoring.models import ScoreSheet
from scoring.services.common import set_status


def _ensure_publishable(term: Term, decision_number: str) -> None:
    """Refusals, in the order a board meets them: already published, year closed, no decision
    number, sheets not verified, objection window open, objections unanswered."""
    if term.status == Term.Status.PUBLISHED or PublishedResult.objects.filter(term=term).exists():
        raise ValidationError(
            _("These results are already published; publish a correction instead."),
            code="already_published",
        )
    ensure_term_writable(term)
    if not decision_number.strip():
        raise ValidationError(_("Enter the decision number."), code="decision_number_required")
    ensure_sheets_verified(term)
    release = ProvisionalRelease.objects.filter(term=term).first()
    if release is not None and release.is_open(timezone.now()):
        raise ValidationError(
            _("The objection window is still open."), code="objection_window_open"
        )
    if Objection.objects.filter(term=term, answered_at__isnull=True).exists():
        raise ValidationError(
            _("Every objection must be answered before publication."),
            code="objections_unanswered",
        )


def _lock_sheets(term: Term, *, actor, request) -> None:
    """Lock every sheet of the year; each lock is recorded like any other state change, so the
    sheet's history panel shows it."""
    reason = _("Results published.")
    for sheet in ScoreSheet.objects.filter(term=term).exclude(status=ScoreSheet.Status.LOCKED):
        set_status(sheet, ScoreSheet.Status.LOCKED, actor=actor, request=request, reason=reason)


def _mark_published(
    term: Term, publication: PublishedResult, *, actor, reason: str, request
) -> None:
    """The year's status becomes published, recorded with the decision and the leading unit."""
    transition(
        term,
        Term.Status.PUBLISHED,
        actor=actor,
        reason=reason,
        request=request,
        action="results.term.published",
        log_before={"version": None},
        log_after={
            "publication_id": publication.pk,
            "version": publication.version,
            "decision_number": publication.decision_number,
            "decision_date": publication.decision_date.isoformat(),
            "leading_unit": publication.snapshot["leading_unit"],
        },
    )


@transaction.atomic
def publish_term(
    *,
    term: Term,
    actor,
    decision_number: str,
    decision_date: datetime.date,
    signed_file=None,
    reason: str = "",
    tie_policy: tuple[str, ...] | None = None,
    request=None,
) -> PublishedResult:
    """Freeze the results of `term` as published version 1 and make the year read-only.

    Needs every member sheet verified; if provisional results were shared, the objection window
    must be over and every objection answered. Sheets are locked in the same transaction.
    Irreversible: a second call is refused; a correction goes through `correct_publication`.
    """
    term = locked_term(term)
    _ensure_publishable(term, decision_number)
    check_signed_file(signed_file)
    results = ranking.term_results(term, policy=tie_policy)
    publication = save_version(
        term=term,
        version=1,
        decision_number=decision_number,
        decision_date=decision_date,
        reason=reason,
        snapshot=ranking.results_snapshot(results),
        actor=actor,
        signed_file=signed_file,
    )
    _lock_sheets(term, actor=actor, request=request)
    _mark_published(term, publication, actor=actor, reason=reason, request=request)
    notifications.published(term)
    return publication
