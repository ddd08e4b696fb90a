"""What a decision on scoring will do, said before it is taken (emulation/confirm.py): closing
the window early, returning a sheet, reopening one. Each a few queries, on a confirmation page."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.notify import recipients, unit_users
from blocks.models import Term
from emulation.collation import vi
from scoring.models import ScoreSheet

S = ScoreSheet.Status
# Sheets a unit can still change: what an early closing cuts short.
OPEN_TO_THE_UNIT = (S.NOT_STARTED, S.DRAFT)


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _told(unit_id: int, unit_name: str, *, reason: bool) -> str:
    count = len(recipients(unit_users([unit_id])))
    if not count:
        return _("Nobody at %(unit)s receives an e-mail (no officer with e-mail on).") % {
            "unit": unit_name
        }
    if reason:
        text = ngettext(
            "%(count)d officer of %(unit)s is e-mailed, with your reason.",
            "%(count)d officers of %(unit)s are e-mailed, with your reason.",
            count,
        )
    else:
        text = ngettext(
            "%(count)d officer of %(unit)s is e-mailed.",
            "%(count)d officers of %(unit)s are e-mailed.",
            count,
        )
    return text % {"count": count, "unit": unit_name}


def early_close_consequences(term: Term, closes_at) -> list[str]:
    """Sheets (1), with the units' names."""
    sheets = list(
        ScoreSheet.objects.filter(term=term).select_related("unit").order_by(vi("unit__name"))
    )
    still_open = [s for s in sheets if s.status in OPEN_TO_THE_UNIT]
    lines = [
        _("Scoring closes at %(new)s instead of %(old)s.")
        % {"new": _when(closes_at), "old": _when(term.scoring_closes_at)}
    ]
    if still_open:
        lines.append(
            ngettext(
                "%(count)d of %(total)d sheets is not submitted yet (%(units)s): after the new "
                "closing time it can no longer be edited or submitted.",
                "%(count)d of %(total)d sheets are not submitted yet (%(units)s): after the new "
                "closing time they can no longer be edited or submitted.",
                len(still_open),
            )
            % {
                "count": len(still_open),
                "total": len(sheets),
                "units": ", ".join(s.unit.name for s in still_open),
            }
        )
    else:
        lines.append(
            _("Every one of the %(total)d sheets is already submitted: no unit loses time.")
            % {"total": len(sheets)}
        )
    lines.append(
        _(
            "Nobody is e-mailed: tell the units yourself. The change and your reason are "
            "recorded in the year's history."
        )
    )
    return lines


def return_consequences(sheet: ScoreSheet) -> list[str]:
    """Recipients (1)."""
    return [
        _(
            "The sheet of %(unit)s goes back to draft and its submission time is cleared: the "
            "unit can edit it again and must submit it again."
        )
        % {"unit": sheet.unit.name},
        _("The reviewed figures and their reasons stay recorded in the sheet's history."),
        _told(sheet.unit_id, sheet.unit.name, reason=True),
    ]


def reopen_consequences(sheet: ScoreSheet) -> list[str]:
    """No query beyond the sheet's year (loaded by the access helper)."""
    lines = [
        _(
            "The sheet of %(unit)s goes back under review: it no longer counts in the ranking "
            "until it is verified again, and the results cannot be published until then."
        )
        % {"unit": sheet.unit.name},
        _("The unit still cannot edit it; you can change reviewed figures, each with a reason."),
    ]
    if sheet.term.status == Term.Status.PROVISIONAL:
        lines.append(
            _(
                "The provisional results were shared: share them again once the sheet is "
                "verified, so the members see the corrected ranking."
            )
        )
    lines.append(
        _(
            "Nobody is e-mailed; your reason is recorded in the sheet's history, which the "
            "unit sees."
        )
    )
    return lines
