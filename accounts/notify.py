"""E-mail at the moments that need someone's action (issue #10).

`notify(users, subject=…, body=…)` is called inside a service's transaction; once it commits,
the recipients are read and one e-mail per person is queued for the task worker
(`emulation.tasks.queue_email`), so a change that rolls back sends nothing, and a slow or
failing mail server can neither undo a change already made nor hold up the request. People who
opted out (`User.email_notifications`) or have no address are skipped. Each message is
rendered in the language active when the change commits.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction

from emulation.tasks import queue_email

logger = logging.getLogger(__name__)


def recipients(users: Iterable) -> list[str]:
    seen: dict[str, None] = {}
    for user in users:
        if user.is_active and user.email and user.email_notifications:
            seen.setdefault(user.email, None)
    return list(seen)


def notify(users: Iterable, *, subject: str, body: Callable[[], str] | str) -> None:
    """Queue one e-mail to each of `users` (opted-in, with an address) after the commit.

    Everything is read after the commit, in the callback: the recipients (a lazy queryset is
    fine) and the body (a callable, so names it reads cost nothing inside the transaction).
    """

    def send() -> None:
        addresses = recipients(users)
        if not addresses:
            return
        text = body() if callable(body) else body
        for address in addresses:
            try:
                queue_email(
                    subject=subject,
                    body=text,
                    recipients=[address],
                    from_email=settings.DEFAULT_FROM_EMAIL,
                )
            except Exception:  # a queue that fails must not break the page
                logger.exception("notification to %s could not be queued", address)

    transaction.on_commit(send)


def unit_users(unit_ids: Iterable[int]):
    """The officers of these units."""
    from accounts.models import User

    return User.objects.filter(unit_id__in=list(unit_ids), is_active=True)


def board_users(province_id: int):
    from accounts.models import User

    return User.objects.filter(board_province_id=province_id, is_active=True)
