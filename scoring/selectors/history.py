"""The recorded changes of a sheet or a score, read from the audit trail.

The lookups go through the audit entry's `sheet_id` and `criterion_id` columns and their
indexes (`audit_sheet_at`, `audit_sheet_criterion`), never through the JSON of the record.
"""

from dataclasses import dataclass

from audit.models import AuditEntry
from campaigns.models import Criterion
from emulation.prepared import PreparedQuery
from scoring.models import Score, ScoreSheet

# How many changes a sheet page shows before "show all" (newest first).
HISTORY_SHOWN = 30


class HistoryLine:
    """One recorded change as a sheet's history table shows it: the audit entry's fields the
    table writes and the name of who made it, read as plain values. A sheet page reads 31 of
    them on every request: as `AuditEntry` instances with their users they cost a millisecond
    more than the SQL (issue #13)."""

    __slots__ = ("pk", "at", "action", "before", "after", "reason", "ip", "who")

    def __init__(self, pk, at, action, before, after, reason, ip, who: str):
        self.pk, self.at, self.action = pk, at, action
        self.before, self.after, self.reason, self.ip = before, after, reason, ip
        self.who = who  # `User.display_name`, "" when no one is recorded

    def __repr__(self) -> str:
        return f"<HistoryLine {self.pk} {self.action}>"


_LINE_FIELDS = ("pk", "at", "action", "before", "after", "reason", "ip")
_ACTOR_FIELDS = ("actor__full_name", "actor__first_name", "actor__last_name", "actor__username")


def _line(row: tuple) -> HistoryLine:
    pk, at, action, before, after, reason, ip, full_name, first_name, last_name, username = row
    # `User.display_name` (the full name, else Django's first and last name, else the user
    # name); "" when nobody is recorded.
    who = "" if username is None else full_name or f"{first_name} {last_name}".strip() or username
    return HistoryLine(pk, at, action, before, after, reason, ip, who)


@dataclass
class History:
    """The newest changes of a sheet; `more` says whether older ones were left out."""

    entries: list
    more: bool
    complete: bool

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _sheet_entries(sheet: int):
    return (
        AuditEntry.objects.filter(sheet_id=sheet)
        .order_by("-at", "-pk")
        .values_list(*_LINE_FIELDS, *_ACTOR_FIELDS)
    )


# The newest changes as every sheet page shows them, compiled once per process
# (`emulation.prepared`); one more than shown tells whether there are older ones, without a count.
_NEWEST_READ = HISTORY_SHOWN + 1
_NEWEST_CHANGES = PreparedQuery(lambda sheet: _sheet_entries(sheet)[:_NEWEST_READ], sheet=int)


def sheet_history(sheet: ScoreSheet, *, limit: int | None = HISTORY_SHOWN) -> History:
    """A sheet's recorded changes (its own, its scores', evidence's and queries'), newest first,
    as `HistoryLine`s: the first `limit` of them, or all with `limit=None` (1 query either way)."""
    if limit is None:
        return History([_line(row) for row in _sheet_entries(sheet.pk)], more=False, complete=True)
    if limit + 1 == _NEWEST_READ:
        rows = _NEWEST_CHANGES.all(sheet=sheet.pk)
    else:
        rows = list(_sheet_entries(sheet.pk)[: limit + 1])
    return History([_line(row) for row in rows[:limit]], more=len(rows) > limit, complete=False)


def score_history(score: Score):
    """The changes of one score, with its evidence and queries (1 query).

    Matched by the criterion's code among the year's criteria: a score carried onto a newer
    scale version keeps the history it had on the older one.
    """
    same_code = Criterion.objects.filter(
        scale__term_id=score.sheet.term_id, code=score.criterion.code
    ).values("pk")
    return list(
        AuditEntry.objects.filter(sheet_id=score.sheet_id, criterion_id__in=same_code)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def changes_since(sheet: ScoreSheet, version: int):
    """What others changed on a sheet after it was loaded at `version` (for a refused save)."""
    return list(
        AuditEntry.objects.filter(sheet_id=sheet.pk, after__sheet_version__gt=version)
        .select_related("actor")
        .order_by("at", "pk")
    )
