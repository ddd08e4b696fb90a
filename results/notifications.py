"""E-mails of publication at the moments that need someone's action, sent after the commit
(`accounts.notify`): provisional results shared, an objection answered, the results published."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.notify import notify, unit_users
from blocks.models import Membership


def _ranking(term) -> str:
    path = reverse("portal:term_ranking", args=[term.block_id, term.year])
    return _("%(block)s, year %(year)s — open the ranking: %(path)s") % {
        "block": term.block.name,
        "year": term.year,
        "path": path,
    }


def _members(term):
    return unit_users(Membership.objects.of_term(term).values_list("unit_id", flat=True))


def results_shared(term, closes_at) -> None:
    notify(
        _members(term),
        subject=_("Provisional results shared"),
        body=lambda: (
            _("The provisional results are shared; objections are open until %(closes)s.")
            % {"closes": closes_at.strftime("%d/%m/%Y %H:%M")}
            + "\n\n"
            + _ranking(term)
        ),
    )


def objection_answered(objection) -> None:
    notify(
        unit_users([objection.unit_id]),
        subject=_("Your objection was answered"),
        body=lambda: (
            _("The leader unit answered your objection.") + "\n\n" + _ranking(objection.term)
        ),
    )


def published(term) -> None:
    notify(
        _members(term),
        subject=_("Results published"),
        body=lambda: (
            _("The emulation results of the year are published.") + "\n\n" + _ranking(term)
        ),
    )
