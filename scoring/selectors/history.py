"""The recorded changes of a sheet or a score, read from the audit trail."""

from audit.models import AuditEntry
from scoring.models import Score, ScoreSheet


def sheet_history(sheet: ScoreSheet):
    """Every recorded change of a sheet, its scores, evidence and queries (1 query)."""
    return list(
        AuditEntry.objects.filter(term_id=sheet.term_id, after__sheet_id=sheet.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def score_history(score: Score):
    """The changes of one score, with its evidence and queries (1 query)."""
    return list(
        AuditEntry.objects.filter(
            term_id=score.sheet.term_id,
            after__sheet_id=score.sheet_id,
            after__criterion=score.criterion.code,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def changes_since(sheet: ScoreSheet, version: int):
    """What others changed on a sheet after it was loaded at `version` (for a refused save)."""
    return list(
        AuditEntry.objects.filter(
            term_id=sheet.term_id, after__sheet_id=sheet.pk, after__sheet_version__gt=version
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
