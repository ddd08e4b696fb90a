"""What every conference service shares: field errors with codes, the locked ballot row, the
status a step needs."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from conference.models import Ballot


def _field_error(field: str, message, code: str) -> ValidationError:
    """A refusal about one field, with its code (a form shows it on that field)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _plain(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _locked(ballot: Ballot) -> Ballot:
    """The ballot row locked for this transaction: votes, counts and the closing queue on it, so
    a vote can never land after the result was computed."""
    return (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("meeting__term__block", "meeting__next_term", "proposal")
        .get(pk=ballot.pk)
    )


def _require_status(ballot: Ballot, status: str) -> None:
    if ballot.status == status:
        return
    if ballot.status == Ballot.Status.CLOSED:
        raise ValidationError(
            _("This ballot is closed: its result can no longer change."), code="ballot_closed"
        )
    messages = {
        Ballot.Status.DRAFT: _("This ballot has already been opened."),
        Ballot.Status.OPEN: _("This ballot is not open."),
    }
    raise ValidationError(messages[status], code="not_" + status)
