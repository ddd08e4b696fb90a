"""Reminder e-mails to units whose sheets are not submitted as the closing date nears."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from blocks.models import Term
from blocks.services import ensure_term_writable
from emulation.tasks import send_email_after_commit
from scoring.models import ReminderLog, ScoreSheet
from scoring.services.common import NOT_SUBMITTED


def _message(sheet: ScoreSheet) -> tuple[str, str]:
    closes = timezone.localtime(sheet.term.scoring_closes_at)
    subject = _("Reminder: score sheet %(year)s of %(block)s not submitted") % {
        "year": sheet.term.year,
        "block": sheet.term.block.name,
    }
    body = _(
        "The score sheet of %(unit)s for %(block)s, %(year)s, is not submitted yet. "
        "Scoring closes at %(closes)s. Please complete and submit it before then."
    ) % {
        "unit": sheet.unit.name,
        "block": sheet.term.block.name,
        "year": sheet.term.year,
        "closes": closes.strftime("%H:%M %d/%m/%Y"),
    }
    return subject, body


@transaction.atomic
def remind(*, sheet: ScoreSheet, today, recipients: list[str]) -> bool:
    """Queue one reminder and record it, together: the mail is queued for the task worker
    when the log row commits (`emulation.tasks.send_email_after_commit`).

    When anything fails before the commit, nothing is recorded and nothing is queued, and the
    next run tries again; once the row is committed no later run mails the same sheet that day
    (a mail server failing in the worker shows as a failed task). Returns False when the sheet
    was already reminded today (by a run in parallel).
    """
    ensure_term_writable(sheet.term)
    if ReminderLog.objects.select_for_update().filter(sheet=sheet, sent_on=today).exists():
        return False
    subject, body = _message(sheet)
    send_email_after_commit(subject=subject, body=body, recipients=recipients)
    log = ReminderLog(sheet=sheet, sent_on=today, recipients=", ".join(recipients))
    log.full_clean()
    log.save()
    log_action(
        actor=None,
        action="scoring.reminder.sent",
        obj=sheet,
        after={"sheet_id": sheet.pk, "recipients": recipients, "sent_on": today.isoformat()},
        term_id=sheet.term_id,
    )
    return True


def send_reminders(*, days: int, now: datetime.datetime | None = None) -> list[ScoreSheet]:
    """E-mail the officers of units whose sheets are not submitted `days` days before closing
    (those who opted out of e-mail excepted).

    At most one reminder per sheet per (local) day, whatever the number of runs. Each reminder
    is its own transaction (`remind`), not one for the whole run: a failure half-way leaves
    the reminders already queued recorded, so running again does not mail those units a second
    time.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    terms = Term.objects.filter(
        status=Term.Status.SCORING,
        scoring_closes_at__gt=now,
        scoring_closes_at__lte=now + datetime.timedelta(days=days),
    )
    sheets = (
        ScoreSheet.objects.filter(term__in=terms, status__in=NOT_SUBMITTED)
        .exclude(pk__in=ReminderLog.objects.filter(sent_on=today).values("sheet_id"))
        .select_related("term__block", "unit")
        .order_by("pk")
    )
    sent: list[ScoreSheet] = []
    for sheet in sheets:
        recipients = list(
            User.objects.filter(unit=sheet.unit, is_active=True, email_notifications=True)
            .exclude(email="")
            .order_by("pk")
            .values_list("email", flat=True)
        )
        if recipients and remind(sheet=sheet, today=today, recipients=recipients):
            sent.append(sheet)
    return sent
