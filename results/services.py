"""Publication of a block-year's ranking."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term
from results.models import PublishedResult
from scoring.models import ScoreSheet
from scoring.selectors import COUNTED_STATUSES, compute_ranking, ranking_snapshot


@transaction.atomic
def publish_term(
    *,
    term: Term,
    actor,
    decision_number: str,
    decision_date: datetime.date,
    signed_file=None,
    reason: str = "",
    tie_policy: tuple[str, ...] = (),
    request=None,
) -> PublishedResult:
    """Freeze the ranking of `term` as a new published version and make the year read-only.

    The first publication needs every member sheet verified; a later one is a correction and
    needs a reason. Sheets are locked in the same transaction.
    """
    term = (
        Term.objects.select_for_update(of=("self",))
        .select_related("leader", "deputy")
        .get(pk=term.pk)
    )
    if not decision_number.strip():
        raise ValidationError(_("Enter the decision number."), code="decision_number_required")
    previous = PublishedResult.objects.filter(term=term).order_by("-version").first()
    if previous is not None and not reason.strip():
        raise ValidationError(
            _("A corrected version needs a reason."), code="correction_reason_required"
        )
    sheets = list(ScoreSheet.objects.filter(term=term))
    unverified = [s for s in sheets if s.status not in COUNTED_STATUSES]
    if not sheets:
        raise ValidationError(_("There are no score sheets to publish."), code="no_sheets")
    if unverified:
        raise ValidationError(
            _("%(count)d score sheet(s) are not verified yet."),
            code="sheets_not_verified",
            params={"count": len(unverified)},
        )
    ranking = compute_ranking(term, tie_policy=tie_policy)
    publication = PublishedResult(
        term=term,
        version=(previous.version + 1) if previous else 1,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        reason=reason.strip(),
        snapshot=ranking_snapshot(ranking),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if signed_file is not None:
        publication.signed_file = signed_file
    publication.full_clean()
    publication.save()
    ScoreSheet.objects.filter(term=term).exclude(status=ScoreSheet.Status.LOCKED).update(
        status=ScoreSheet.Status.LOCKED
    )
    old_status = term.status
    term.status = Term.Status.PUBLISHED
    term.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="results.term.published",
        obj=publication,
        before={"term_status": old_status, "version": previous.version if previous else None},
        after={
            "term_status": term.status,
            "version": publication.version,
            "decision_number": publication.decision_number,
            "decision_date": publication.decision_date.isoformat(),
        },
        reason=reason,
        request=request,
        term_id=term.pk,
    )
    return publication
