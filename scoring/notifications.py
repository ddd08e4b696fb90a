"""E-mails of scoring at the moments that need someone's action, sent after the commit
(`accounts.notify`): a sheet returned, a query raised, a query answered."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.notify import notify, unit_users


def _where(sheet) -> str:
    term = sheet.term
    path = reverse("scoring:sheet", args=[term.block_id, term.year, sheet.unit_id])
    return _("%(block)s, year %(year)s — open the sheet: %(path)s") % {
        "block": term.block.name,
        "year": term.year,
        "path": path,
    }


def sheet_returned(sheet, reason: str) -> None:
    notify(
        unit_users([sheet.unit_id]),
        subject=_("Your score sheet was returned"),
        body=lambda: (
            _("The leader unit returned your sheet: %(reason)s") % {"reason": reason}
            + "\n\n"
            + _where(sheet)
        ),
    )


def query_raised(query) -> None:
    sheet = query.score.sheet
    notify(
        unit_users([sheet.unit_id]),
        subject=_("A query on your score sheet"),
        body=lambda: (
            _("The leader unit asks about criterion %(code)s: %(question)s")
            % {"code": query.score.criterion.code, "question": query.question}
            + "\n\n"
            + _where(sheet)
        ),
    )


def query_answered(query) -> None:
    sheet = query.score.sheet
    notify(
        unit_users([sheet.term.leader_id]),
        subject=_("A unit answered your query"),
        body=lambda: (
            _("%(unit)s answered on criterion %(code)s: %(answer)s")
            % {"unit": sheet.unit.name, "code": query.score.criterion.code, "answer": query.answer}
            + "\n\n"
            + _where(sheet)
        ),
    )
