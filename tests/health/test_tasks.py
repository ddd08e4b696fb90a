"""E-mail goes out through the task queue, only after the transaction commits."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks import TaskResultStatus

from emulation.tasks import send_email, send_email_after_commit

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queue(**overrides) -> None:
    send_email_after_commit(
        **{
            "subject": "Nhắc chấm điểm",
            "body": "Phiếu chấm điểm năm 2025 còn 3 ngày.",
            "recipients": ["lan@example.org"],
            **overrides,
        }
    )


@pytest.mark.django_db(transaction=True)
def test_an_email_is_sent_after_the_transaction_commits():
    with transaction.atomic():
        _queue(html="<p>Phiếu chấm điểm năm 2025 còn 3 ngày.</p>")
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nhắc chấm điểm"
    assert message.to == ["lan@example.org"]
    assert message.alternatives[0].mimetype == "text/html"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the change failed")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_no_recipient_no_task():
    _queue(recipients=["", ""])
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_worker_sends_a_queued_email():
    """Integration: enqueued in the database, run by `manage.py db_worker --batch`."""
    with transaction.atomic():
        _queue()
    assert mail.outbox == []  # queued, not sent: nothing runs in the request
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.get()
    assert row.task_path == "emulation.tasks.send_email"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 1
    result = send_email.get_result(str(row.pk))
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
