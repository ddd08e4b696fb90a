"""The filtered audit trail as a workbook: user text stays text, never a formula."""

import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from emulation.spreadsheets import text_only

MAX_EXPORT_ROWS = 20_000


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_workbook(entries) -> bytes:
    """At most `MAX_EXPORT_ROWS` entries, newest first (the filter narrows a larger trail)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "audit"
    sheet.append(
        [
            _("At"),
            _("Username"),
            _("Name"),
            _("Unit"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Reason"),
            _("Before"),
            _("After"),
            _("IP address"),
        ]
    )
    for entry in entries[:MAX_EXPORT_ROWS]:
        actor = entry.actor
        sheet.append(
            [
                timezone.localtime(entry.at).replace(tzinfo=None),
                actor.username if actor else "",
                actor.display_name if actor else "",
                actor.unit.name if actor and actor.unit else "",
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.object_repr,
                entry.reason,
                _json(entry.before),
                _json(entry.after),
                entry.ip or "",
            ]
        )
    text_only(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
