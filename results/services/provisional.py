"""Provisional results: sharing them with the members, and the objections they raise."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
from blocks.services import ensure_term_writable
from blocks.states import transition
from results import notifications, ranking
from results.models import Objection, ProvisionalRelease
from results.services._common import actor_or_none, ensure_sheets_verified, locked_term


@transaction.atomic
def share_provisional(
    *, term: Term, actor, objection_days: int = 0, request=None
) -> ProvisionalRelease:
    """The leader shares the provisional results with the members, opening the objection window.

    Every sheet must be verified. Sharing again (after answering objections and correcting
    scores) restarts the window.
    """
    term = locked_term(term)
    ensure_term_writable(term)
    if objection_days < 0 or objection_days > 60:
        raise ValidationError(
            _("The objection window is between 0 and 60 days."), code="objection_days_range"
        )
    ensure_sheets_verified(term)
    now = timezone.now()
    release = ProvisionalRelease.objects.filter(term=term).first() or ProvisionalRelease(term=term)
    before = (
        {"shared_at": release.shared_at.isoformat(), "objection_days": release.objection_days}
        if release.pk
        else None
    )
    release.shared_at = now
    release.shared_by = actor_or_none(actor)
    release.objection_days = objection_days
    release.closes_at = now + datetime.timedelta(days=objection_days)
    release.full_clean()
    release.save()
    transition(
        term,
        Term.Status.PROVISIONAL,
        actor=actor,
        request=request,
        action="results.provisional.shared",
        log_before={"release": before},
        log_after={
            "release_id": release.pk,
            "shared_at": now.isoformat(),
            "objection_days": objection_days,
            "closes_at": release.closes_at.isoformat(),
        },
    )
    notifications.results_shared(term, release.closes_at)
    return release


@transaction.atomic
def file_objection(
    *, term: Term, actor, unit: Unit, criterion_code: str, text: str, request=None
) -> Objection:
    """A member unit objects to its provisional result on one criterion, within the window."""
    term = locked_term(term)
    ensure_term_writable(term)
    release = ProvisionalRelease.objects.filter(term=term).first()
    if term.status != Term.Status.PROVISIONAL or release is None:
        raise ValidationError(
            _("The provisional results have not been shared."), code="not_provisional"
        )
    if not release.is_open(timezone.now()):
        raise ValidationError(_("The objection window is closed."), code="objection_window_closed")
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(
            _("This unit is not a member of the block that year."), code="not_member"
        )
    codes = {c["code"] for c in ranking.term_results(term).criteria if c["kind"] != "group"}
    if criterion_code not in codes:
        raise ValidationError(_("Choose a criterion of the scale."), code="unknown_criterion")
    if not text.strip():
        raise ValidationError(_("Explain the objection."), code="objection_text_required")
    objection = Objection(
        term=term,
        unit=unit,
        criterion_code=criterion_code,
        text=text.strip(),
        filed_by=actor_or_none(actor),
    )
    objection.full_clean()
    objection.save()
    log_action(
        actor=actor,
        action="results.objection.filed",
        obj=objection,
        after={"unit_id": unit.pk, "criterion": criterion_code, "text": objection.text},
        request=request,
        term_id=term.pk,
    )
    return objection


@transaction.atomic
def answer_objection(*, objection: Objection, actor, answer: str, request=None) -> Objection:
    """The leader unit (or the board) answers an objection."""
    term = locked_term(objection.term)
    ensure_term_writable(term)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not answer.strip():
        raise ValidationError(_("Enter the answer."), code="answer_required")
    objection = transition(
        objection,
        Objection.Status.ANSWERED,
        actor=actor,
        request=request,
        log_before={"answer": objection.answer},
        log_after={"answer": answer.strip()},
        answer=answer.strip(),
    )
    notifications.objection_answered(objection)
    return objection
