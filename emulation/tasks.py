"""Background work through Django's tasks API (django-tasks, the backport of `django.tasks`).

The backend comes from settings (`TASKS`): the database by default, RQ on Redis when
`REDIS_URL` is set, immediate in the tests. Code enqueues tasks and never knows which; when
the project moves to Django 6, `django_tasks` becomes `django.tasks` and nothing else changes.

E-mail goes out only after the transaction that decided to send it commits: a rolled-back
change sends nothing, and a slow mail server never holds a request or a row lock. Every e-mail
of the project goes through `send_email_after_commit` (notifications, reminders, scale
changes); other work through `enqueue_after_commit` (the documents of a published version).
"""

import logging
from collections.abc import Sequence

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task
from django_tasks.base import Task

logger = logging.getLogger(__name__)


@task()
def send_email(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    html: str = "",
    from_email: str | None = None,
    reply_to: list[str] | None = None,
) -> int:
    """Send one message; returns the number sent (0 or 1). Arguments are plain JSON values."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email,
        to=recipients,
        reply_to=reply_to or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def send_email_after_commit(
    *,
    subject: str,
    body: str,
    recipients: Sequence[str],
    html: str = "",
    from_email: str | None = None,
    reply_to: Sequence[str] = (),
) -> None:
    """Queue an e-mail once the current transaction commits (at once outside a transaction).

    Subjects and bodies are rendered by the caller, in the recipient's language, before this
    call: the worker renders nothing. An empty recipient list sends nothing. Callers decide
    who may be mailed: people who opted out (`User.email_notifications`) are left out by them
    (`accounts.notify.recipients`).
    """
    kwargs = _email(subject, body, recipients, html, from_email, reply_to)
    if kwargs is not None:
        enqueue_after_commit(send_email, **kwargs)


def queue_email(
    *,
    subject: str,
    body: str,
    recipients: Sequence[str],
    html: str = "",
    from_email: str | None = None,
    reply_to: Sequence[str] = (),
) -> None:
    """Queue an e-mail now: for code that already runs after the commit (an on-commit callback
    that reads its recipients once the change is saved, as `accounts.notify` does)."""
    kwargs = _email(subject, body, recipients, html, from_email, reply_to)
    if kwargs is not None:
        _enqueue(send_email, kwargs)


def _email(subject, body, recipients, html, from_email, reply_to) -> dict | None:
    """The task's arguments as plain JSON values (lazy strings rendered now), or None when
    there is nobody to send to."""
    to = [address for address in recipients if address]
    if not to:
        return None
    return {
        "subject": str(subject),
        "body": str(body),
        "recipients": to,
        "html": str(html),
        "from_email": from_email,
        "reply_to": list(reply_to),
    }


def enqueue_after_commit(task: Task, **kwargs) -> None:
    """Queue `task` with `kwargs` (plain JSON values) once the current transaction commits.

    The one way this project queues background work: a change that rolls back queues nothing,
    and a worker never looks for rows that are not committed yet.
    """
    transaction.on_commit(lambda: _enqueue(task, kwargs))


def _enqueue(task: Task, kwargs: dict) -> None:
    result = task.enqueue(**kwargs)
    logger.info("Task queued: %s (%s)", task.module_path, result.id)


def queue_is_reachable() -> bool:
    """Whether the task backend can take work: its table or its Redis answers."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    backend_path = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__module__
    if backend_path.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
        return True
    if backend_path.startswith("django_tasks_rq"):
        import django_rq

        return bool(django_rq.get_connection("default").ping())
    return True
