"""Rows for the audit trail: board and superuser, and units' officers (their unit's entries).
A council member holds no unit and no board seat: 403."""

from tests.matrix import Row, logged_in

READERS = {**logged_in(200), "council": 403}

ROWS = [
    Row("audit_list", expect=READERS),
    Row(
        "audit_list",
        query="date_from=2025-02-01&date_to=2025-01-01",
        expect=READERS,
        label="bad dates",
    ),
    Row("audit_export", expect=READERS),
]
