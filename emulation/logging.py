"""Logging filters."""

import logging


class OneLineForbidden(logging.Filter):
    """A refused request (403) is an ordinary event: log one line, not the traceback.

    Django's request logger attaches the `PermissionDenied` exception to the record, so every
    403 would print a full stack; the status and path say all an operator needs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
