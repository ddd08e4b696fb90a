"""Registrations: the titles and targets a member unit aims for, and the decision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
from blocks.services import ensure_term_writable
from campaigns import titles
from campaigns.models import (
    AwardType,
    Registration,
)


def _check_award_types(award_types: list[AwardType], *, term: Term, unit: Unit) -> None:
    if not award_types:
        raise ValidationError(
            {"award_types": ValidationError(_("Choose at least one title."), code="no_award_type")}
        )
    if any(not a.active for a in award_types):
        raise ValidationError(
            {"award_types": ValidationError(_("This title is no longer offered."), code="inactive")}
        )
    leading = titles.previous_leading_unit(term)
    reasons = [titles.refusal(a, unit, leading) for a in award_types]
    if any(reasons):
        raise ValidationError(
            {
                "award_types": [
                    ValidationError(
                        "%(title)s: %(reason)s",
                        code="title_reserved",
                        params={"title": a.name, "reason": why},
                    )
                    for a, why in zip(award_types, reasons, strict=True)
                    if why
                ]
            }
        )


@transaction.atomic
def registration_submit(
    *, term: Term, unit: Unit, actor, award_types: list[AwardType], targets: str, request=None
) -> Registration:
    """A member unit registers (or re-registers after a return) the titles and targets it aims
    for: only titles it may aim for (`campaigns.titles`). An approved registration is final."""
    ensure_term_writable(term)
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(_("Only member units register."), code="not_member")
    _check_award_types(award_types, term=term, unit=unit)
    registration = Registration.objects.select_for_update().filter(term=term, unit=unit).first()
    before = None
    if registration is not None:
        if registration.status == Registration.Status.APPROVED:
            raise ValidationError(
                _("The registration is already approved."), code="registration_approved"
            )
        before = {
            "status": registration.status,
            "targets": registration.targets,
            "award_types": sorted(registration.award_types.values_list("code", flat=True)),
        }
    else:
        registration = Registration(term=term, unit=unit)
    registration.targets = (targets or "").strip()
    registration.status = Registration.Status.SUBMITTED
    registration.reason = ""
    registration.submitted_by = actor
    registration.submitted_at = timezone.now()
    registration.decided_by = None
    registration.decided_at = None
    registration.full_clean()
    registration.save()
    registration.award_types.set(award_types)
    log_action(
        actor=actor,
        action="campaigns.registration.submitted",
        obj=registration,
        before=before,
        after={
            "status": registration.status,
            "targets": registration.targets,
            "award_types": sorted(a.code for a in award_types),
        },
        request=request,
        term_id=term.pk,
    )
    return registration


@transaction.atomic
def registration_decide(
    *, registration: Registration, actor, approve: bool, reason: str = "", request=None
) -> Registration:
    """The leader (or the board) approves a registration or returns it with a reason."""
    registration = (
        Registration.objects.select_for_update().select_related("term").get(pk=registration.pk)
    )
    ensure_term_writable(registration.term)
    if registration.status != Registration.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted registration can be decided."), code="not_submitted"
        )
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why the registration is returned."), code="reason_required"
                )
            }
        )
    before = registration.status
    registration.status = Registration.Status.APPROVED if approve else Registration.Status.RETURNED
    registration.reason = "" if approve else reason
    registration.decided_by = actor
    registration.decided_at = timezone.now()
    registration.full_clean()
    registration.save()
    log_action(
        actor=actor,
        action="campaigns.registration.approved" if approve else "campaigns.registration.returned",
        obj=registration,
        before={"status": before},
        after={"status": registration.status},
        reason=reason,
        request=request,
        term_id=registration.term_id,
    )
    return registration
