"""E-mails of the conference, sent after the commit (`accounts.notify`, which skips people who
opted out): an online vote opened for the units that may vote in it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.notify import notify, unit_users


def ballot_opened(ballot, unit_ids) -> None:
    term = ballot.meeting.term
    path = reverse(
        "conference:ballot", args=[term.block_id, term.year, ballot.meeting_id, ballot.pk]
    )
    notify(
        unit_users(unit_ids),
        subject=_("A vote is open: %(question)s") % {"question": ballot.title},
        body=lambda: (
            _("%(block)s, year %(year)s: your unit may vote on “%(question)s”.")
            % {"block": term.block.name, "year": term.year, "question": ballot.title}
            + "\n\n"
            + _("Vote here: %(path)s") % {"path": path}
        ),
    )
