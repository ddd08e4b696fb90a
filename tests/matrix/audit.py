"""Rows for the audit trail: every signed-in user reads the part of it that is theirs (board:
the province; officers: their unit; council: their blocks' years), so 200 for all of them."""

from tests.matrix import Row, logged_in

READERS = logged_in(200)

ROWS = [
    Row("audit:audit_list", expect=READERS),
    Row(
        "audit:audit_list",
        query="date_from=2025-02-01&date_to=2025-01-01",
        expect=READERS,
        label="bad dates",
    ),
    Row("audit:audit_export", expect=READERS),
]
