"""E-mails of award proposals, sent after the commit through `emulation.tasks`: the board when
a block submits its list; the unit and the leader unit when the board reviews or decides.

Each person who opted out (`User.email_notifications`) or has no address is skipped, and each
address gets its own message (no one sees the others' addresses).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.notify import board_users, recipients, unit_users
from emulation.tasks import send_email_after_commit


def _send(users, *, subject: str, body: str) -> None:
    for address in recipients(users):
        send_email_after_commit(subject=subject, body=body, recipients=[address])


def _where(term) -> str:
    return _("%(block)s, year %(year)s") % {"block": term.block.name, "year": term.year}


def submitted(term, count: int) -> None:
    path = reverse("awards:province_queue", args=[term.block.province_id])
    _send(
        board_users(term.block.province_id),
        subject=_("Award proposals submitted"),
        body=_("%(where)s: %(count)d award proposal(s) submitted to the board. Review: %(path)s")
        % {"where": _where(term), "count": count, "path": path},
    )


def _unit_and_leader(proposal):
    return unit_users({proposal.unit_id, proposal.term.leader_id})


def reviewed(proposal) -> None:
    path = reverse("awards:term", args=[proposal.term.block_id, proposal.term.year])
    lines = [
        _where(proposal.term),
        _("%(unit)s — %(award)s: %(status)s.")
        % {
            "unit": proposal.unit.name,
            "award": proposal.award_type.name,
            "status": proposal.get_status_display(),
        },
    ]
    if proposal.granted_type and proposal.granted_type_id != proposal.award_type_id:
        lines.append(_("Award granted: %(award)s.") % {"award": proposal.granted_type.name})
    if proposal.reason:
        lines.append(_("Reason: %(reason)s") % {"reason": proposal.reason})
    lines.append(_("Open the proposals: %(path)s") % {"path": path})
    _send(
        _unit_and_leader(proposal),
        subject=_("The board reviewed an award proposal"),
        body="\n".join(lines),
    )


def decided(proposal) -> None:
    path = reverse("portal:unit_detail", args=[proposal.unit_id])
    body = _(
        "%(where)s\n%(unit)s is awarded %(award)s by decision no. %(number)s of %(date)s.\n"
        "The unit's page: %(path)s"
    ) % {
        "where": _where(proposal.term),
        "unit": proposal.unit.name,
        "award": proposal.award_shown.name,
        "number": proposal.decision_number,
        "date": proposal.decision_date.strftime("%d/%m/%Y"),
        "path": path,
    }
    _send(_unit_and_leader(proposal), subject=_("Award decided"), body=body)
