import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.security import client_ip as accounts_client_ip
from audit.models import AuditEntry
from emulation import limits
from emulation.prepared import insert_rows


def client_ip(request) -> str | None:
    """The client's address, through the trusted proxies (`PROXY_COUNT`), as login sees it."""
    return accounts_client_ip(request)


def _ensure_in_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside the transaction that makes the change")


def audit_entry(
    *,
    actor,
    action: str,
    obj,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    request=None,
    term_id: int | None = None,
    sheet_id: int | None = None,
    criterion_id: int | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """One record, not saved yet: `log_action` saves it, `log_actions` saves many at once.

    The sheet column is filled from `after["sheet_id"]` when not given, the convention every
    scoring record follows (and the data migration that filled the column for older rows).
    """
    _check_bounded(reason=reason or "", before=before, after=after)
    if sheet_id is None and after and after.get("sheet_id") is not None:
        sheet_id = int(after["sheet_id"])
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        term_id=term_id,
        sheet_id=sheet_id,
        criterion_id=criterion_id,
        before=before,
        after=after,
        reason=reason or "",
        ip=ip if ip is not None else client_ip(request),
    )


def log_action(**kwargs) -> AuditEntry:
    """Record one change. Call it inside the transaction that makes the change.

    Keyword arguments as `audit_entry`: `action` is a dotted code such as
    "scoring.score.reviewed"; `before`/`after` hold plain JSON values (decimals as strings) so
    the record reads the same in any database.
    """
    _ensure_in_transaction("log_action")
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def log_actions(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Record many changes in one INSERT (a whole sheet saved at once), in the same transaction
    as the changes. Build each with `audit_entry`. The INSERT is `emulation.prepared.insert_rows`:
    what `bulk_create` writes, its SQL prepared once on PostgreSQL."""
    _ensure_in_transaction("log_actions")
    return insert_rows(AuditEntry, entries) if entries else []


def _check_bounded(*, reason: str, before, after) -> None:
    """Refuse to keep an unbounded text: the change it records is refused with it.

    Services get their input through forms and models that limit every text
    (`emulation.limits`), so this only fires when a caller skipped those checks; the
    transaction of the change then rolls back instead of storing a huge entry forever
    (the trail is append-only).
    """
    if len(reason) > limits.AUDIT_REASON:
        raise ValidationError(
            _("The reason is too long (at most %(limit)s characters)."),
            code="too_long",
            params={"limit": limits.AUDIT_REASON},
        )
    for value in (before, after):
        if value is not None:
            size = len(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))
            if size > limits.AUDIT_JSON:
                raise ValidationError(
                    _("This change is too large to record (%(size)s characters)."),
                    code="too_long",
                    params={"size": size},
                )
