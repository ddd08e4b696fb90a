"""Evidence files on a score: added while drafting (or to back an explanation), withdrawn."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from emulation.uploads import validate_upload
from scoring.models import Evidence, Score
from scoring.services.common import (
    EVIDENCE_EDITABLE,
    S,
    ensure_transition,
    ensure_window_open,
    locked_sheet,
)


def attach_evidence(*, sheet, score, upload, description, actor, request) -> Evidence:
    mime = validate_upload(upload)
    evidence = Evidence(
        score=score,
        file=upload,
        original_name=(upload.name or "file")[:255],
        description=description[:255],
        mime=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.full_clean(exclude=["file"])
    evidence.save()
    log_action(
        actor=actor,
        action="scoring.evidence.added",
        obj=evidence,
        after={
            "sheet_id": sheet.pk,
            "score_id": score.pk,
            "criterion": score.criterion.code,
            "name": evidence.original_name,
            "mime": mime,
            "size": evidence.size,
        },
        request=request,
        term_id=sheet.term_id,
        criterion_id=score.criterion_id,
    )
    return evidence


@transaction.atomic
def remove_evidence(*, evidence: Evidence, actor, request=None) -> Evidence:
    """Withdraw a file from a sheet still being written. The row and its record stay."""
    evidence = Evidence.objects.select_related("score__criterion").get(pk=evidence.pk)
    sheet = locked_sheet(evidence.score.sheet)
    ensure_transition(sheet, EVIDENCE_EDITABLE)
    if sheet.status != S.NEEDS_EXPLANATION:
        ensure_window_open(sheet.term)
    if evidence.removed_at is not None:
        raise ValidationError(_("This file was already removed."), code="already_removed")
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_at"])
    log_action(
        actor=actor,
        action="scoring.evidence.removed",
        obj=evidence,
        before={"name": evidence.original_name},
        after={"sheet_id": sheet.pk, "criterion": evidence.score.criterion.code, "removed": True},
        request=request,
        term_id=sheet.term_id,
        criterion_id=evidence.score.criterion_id,
    )
    return evidence


@transaction.atomic
def add_evidence(*, score: Score, upload, description: str = "", actor, request=None) -> Evidence:
    """Attach one file to a score (while drafting inside the window, or to back an explanation)."""
    sheet = locked_sheet(score.sheet)
    ensure_transition(sheet, EVIDENCE_EDITABLE)
    if sheet.status != S.NEEDS_EXPLANATION:
        ensure_window_open(sheet.term)
    score = Score.objects.select_related("criterion").get(pk=score.pk)
    return attach_evidence(
        sheet=sheet,
        score=score,
        upload=upload,
        description=description,
        actor=actor,
        request=request,
    )
