from typing import Any

from django.db import transaction

from accounts.security import client_ip as accounts_client_ip
from audit.models import AuditEntry


def client_ip(request) -> str | None:
    """The client's address, through the trusted proxies (`PROXY_COUNT`), as login sees it."""
    return accounts_client_ip(request)


def log_action(
    *,
    actor,
    action: str,
    obj,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    request=None,
    term_id: int | None = None,
) -> AuditEntry:
    """Record one change. Call it inside the transaction that makes the change.

    `action` is a dotted code such as "scoring.score.reviewed"; `before`/`after` hold plain
    JSON values (decimals as strings) so the record reads the same in any database.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must run inside the transaction that makes the change")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        term_id=term_id,
        before=before,
        after=after,
        reason=reason or "",
        ip=client_ip(request),
    )
