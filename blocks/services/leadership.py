"""Leadership of a block-year: the acting deputy (delegations) and the membership cut-off."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Delegation, Term
from blocks.services.common import ensure_term_writable


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@transaction.atomic
def delegation_grant(
    *,
    term: Term,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
    source: str,
    actor,
    request=None,
) -> Delegation:
    """The deputy unit acts for the leader from `starts_on` to `ends_on`: granted by the leader
    unit (`source` "leader") or assigned by the board ("board"). Who may do it is the view's
    access helper (`get_term_for_delegator`).

    Refused: a year without a deputy, dates in the wrong order or already over, no reason, or a
    period that overlaps a delegation not revoked.
    """
    term = Term.objects.select_for_update().get(pk=term.pk)
    ensure_term_writable(term)
    if term.deputy_id is None:
        raise ValidationError(
            _("This year has no deputy unit to act for the leader."), code="no_deputy"
        )
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": ValidationError(_("The end is before the start."), code="dates_order")}
        )
    if ends_on < timezone.localdate():
        raise ValidationError(
            {"ends_on": ValidationError(_("This period is already over."), code="ends_in_past")}
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the deputy acts."), code="reason_required")}
        )
    overlapping = Delegation.objects.filter(
        term=term, revoked_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if overlapping.exists():
        raise ValidationError(
            _("A delegation not revoked already covers part of this period."),
            code="delegation_overlap",
        )
    delegation = Delegation(
        term=term,
        deputy_id=term.deputy_id,
        starts_on=starts_on,
        ends_on=ends_on,
        source=source,
        reason=reason.strip(),
        created_by=actor,
    )
    delegation.full_clean()
    delegation.save()
    log_action(
        actor=actor,
        action="blocks.delegation.granted",
        obj=delegation,
        after={
            "deputy_id": term.deputy_id,
            "starts_on": _iso(starts_on),
            "ends_on": _iso(ends_on),
            "source": source,
        },
        reason=delegation.reason,
        request=request,
        term_id=term.pk,
    )
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation: Delegation, reason: str, actor, request=None) -> Delegation:
    """End a delegation now, with a reason. The row stays: the record shows it was revoked,
    by whom and when."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    ensure_term_writable(delegation.term)
    if delegation.revoked_at is not None:
        raise ValidationError(_("This delegation is already revoked."), code="already_revoked")
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why it is revoked."), code="reason_required")}
        )
    delegation.revoked_at = timezone.now()
    delegation.revoked_by = actor
    delegation.revoke_reason = reason.strip()
    delegation.full_clean()
    delegation.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    log_action(
        actor=actor,
        action="blocks.delegation.revoked",
        obj=delegation,
        before={"revoked_at": None},
        after={"revoked_at": delegation.revoked_at.isoformat()},
        reason=delegation.revoke_reason,
        request=request,
        term_id=delegation.term_id,
    )
    return delegation


@transaction.atomic
def term_set_cutoff(*, term: Term, cutoff: datetime.date | None, actor, request=None) -> Term:
    """Set the year's membership cut-off (None: the default, 31 December).

    It decides who gets a sheet when sheets are made (scoring opens, or opens again for a
    newcomer): so it can change while the year is set up or scored, and sheets already made
    stay. Refused later, and outside the year.
    """
    term = Term.objects.select_for_update().get(pk=term.pk)
    ensure_term_writable(term)
    if term.status not in (Term.Status.SETUP, Term.Status.SCORING):
        raise ValidationError(
            _("The cut-off can only change while the year is set up or scored."),
            code="term_status",
        )
    before = _iso(term.membership_cutoff)
    term.membership_cutoff = cutoff
    term.full_clean()
    term.save(update_fields=["membership_cutoff"])
    log_action(
        actor=actor,
        action="blocks.term.cutoff_changed",
        obj=term,
        before={"membership_cutoff": before},
        after={"membership_cutoff": _iso(cutoff)},
        request=request,
        term_id=term.pk,
    )
    return term
