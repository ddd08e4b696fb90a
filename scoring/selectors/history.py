"""The recorded changes of a sheet or a score, read from the audit trail.

The lookups go through the audit entry's `sheet_id` and `criterion_id` columns and their
indexes (`audit_sheet_at`, `audit_sheet_criterion`), never through the JSON of the record.
"""

from dataclasses import dataclass

from audit.models import AuditEntry
from campaigns.models import Criterion
from scoring.models import Score, ScoreSheet

# How many changes a sheet page shows before "show all" (newest first).
HISTORY_SHOWN = 30


@dataclass
class History:
    """The newest changes of a sheet; `more` says whether older ones were left out."""

    entries: list[AuditEntry]
    more: bool
    complete: bool

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def sheet_history(sheet: ScoreSheet, *, limit: int | None = HISTORY_SHOWN) -> History:
    """A sheet's recorded changes (its own, its scores', evidence's and queries'), newest first:
    the first `limit` of them, or all with `limit=None` (1 query either way)."""
    entries = AuditEntry.objects.filter(sheet_id=sheet.pk).select_related("actor")
    entries = entries.order_by("-at", "-pk")
    if limit is None:
        return History(list(entries), more=False, complete=True)
    # One more than shown tells whether there are older ones, without a count.
    rows = list(entries[: limit + 1])
    return History(rows[:limit], more=len(rows) > limit, complete=False)


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
