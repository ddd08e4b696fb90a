"""`manage.py send_reminders`: units not submitted N days before closing, once a day."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from audit.models import AuditEntry
from scoring import services
from scoring.models import ReminderLog, ScoreSheet
from tests.factories import UserFactory
from tests.scoring.conftest import CLOSES

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(world, open_term):
    # Two officers of the member unit, one without e-mail; the leader unit has submitted.
    UserFactory(username="member2", unit=world.member_unit)
    UserFactory(username="noemail", unit=world.member_unit, email="")
    ScoreSheet.objects.filter(pk=open_term.leader_sheet.pk).update(
        status=ScoreSheet.Status.SUBMITTED
    )
    return open_term


def test_nothing_is_sent_while_closing_is_far(world, officers):
    call_command("send_reminders", days=3)
    assert mail.outbox == []


def test_units_not_submitted_are_reminded_once_a_day(
    world, officers, django_capture_on_commit_callbacks
):
    three_days_before = CLOSES - datetime.timedelta(days=3)
    with time_machine.travel(three_days_before, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", days=3)
        sent_units = {m.to[0] for m in mail.outbox}
        assert "member@example.org" in sent_units and "leader@example.org" not in sent_units
        message = next(m for m in mail.outbox if "member@example.org" in m.to)
        assert set(message.to) == {"member@example.org", "member2@example.org"}
        assert "2026" in message.subject
        count = len(mail.outbox)
        assert count == 2  # member and deputy units; the fourth unit has no officer to e-mail
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", days=3)  # a second run the same day sends nothing
        assert len(mail.outbox) == count
    assert ReminderLog.objects.count() == 2
    assert AuditEntry.objects.filter(action="scoring.reminder.sent").count() == 2
    with time_machine.travel(three_days_before + datetime.timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(days=3)
        assert len(mail.outbox) == 2 * count


def test_a_reminder_goes_through_the_task_queue_after_the_commit(
    world, officers, django_capture_on_commit_callbacks
):
    """Queued for the worker (`emulation.tasks.send_email`) with its log row, never sent from
    inside the run's transaction."""
    from emulation import tasks

    queued = []
    real_enqueue = tasks._enqueue

    def spy(task, kwargs):
        queued.append((task.module_path, kwargs["recipients"]))
        return real_enqueue(task, kwargs)

    travel = time_machine.travel(CLOSES - datetime.timedelta(days=3), tick=False)
    with travel, pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "_enqueue", spy)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.send_reminders(days=3)
            assert ReminderLog.objects.count() == 2
        assert queued == [] and mail.outbox == []  # nothing before the commit
        for callback in callbacks:
            callback()
    assert sorted(path for path, _to in queued) == ["emulation.tasks.send_email"] * 2
    assert len(mail.outbox) == 2


def test_officers_who_opted_out_get_no_reminder(
    world, officers, django_capture_on_commit_callbacks
):
    UserFactory(username="quiet", unit=world.member_unit, email_notifications=False)
    travel = time_machine.travel(CLOSES - datetime.timedelta(days=3), tick=False)
    with travel, django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(days=3)
    assert all("quiet@example.org" not in m.to for m in mail.outbox)
    assert "quiet@example.org" not in ReminderLog.objects.values_list("recipients", flat=True)


def test_closed_or_submitted_sheets_get_no_reminder(world, officers):
    ScoreSheet.objects.filter(term=officers.term).update(status=ScoreSheet.Status.SUBMITTED)
    with time_machine.travel(CLOSES - datetime.timedelta(days=1), tick=False):
        call_command("send_reminders", days=3)
    with time_machine.travel(CLOSES + datetime.timedelta(hours=1), tick=False):
        ScoreSheet.objects.filter(term=officers.term).update(status=ScoreSheet.Status.DRAFT)
        call_command("send_reminders", days=3)
    assert mail.outbox == []


def test_a_failure_half_way_never_causes_a_second_mail_to_units_already_reminded(
    world, officers, monkeypatch, django_capture_on_commit_callbacks
):
    from scoring.services import reminders

    ScoreSheet.objects.filter(term=officers.term).update(status=ScoreSheet.Status.DRAFT)
    calls = []
    real_log_action = reminders.log_action

    def fail_on_the_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise OSError("database gone")
        return real_log_action(**kwargs)

    three_days_before = CLOSES - datetime.timedelta(days=3)
    with time_machine.travel(three_days_before, tick=False):
        monkeypatch.setattr(reminders, "log_action", fail_on_the_second)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(OSError):
            services.send_reminders(days=3)
        # The first reminder is committed with its log row; the failed one left nothing.
        assert len(mail.outbox) == 1
        assert ReminderLog.objects.count() == 1
        first = mail.outbox[0].to

        monkeypatch.setattr(reminders, "log_action", real_log_action)
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(days=3)

    mailed = [tuple(m.to) for m in mail.outbox]
    assert mailed.count(tuple(first)) == 1
    assert len(mailed) == len(set(mailed)) == ReminderLog.objects.count()
    assert len(mailed) >= 2
