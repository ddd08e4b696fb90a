"""A unit's own scores: saving a draft (with files) and submitting it to the leader unit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from campaigns.models import Criterion
from emulation.uploads import validate_upload
from scoring.models import Evidence, Score, ScoreSheet
from scoring.services.common import (
    OWN,
    SELF_EDITABLE,
    S,
    SelfEntry,
    bump_version,
    check_changes,
    check_version,
    collect_changes,
    ensure_scores,
    ensure_transition,
    ensure_window_open,
    locked_sheet,
    save_changes,
    set_status,
)
from scoring.services.evidence import attach_evidence


@transaction.atomic
def save_self_scores(
    *,
    sheet: ScoreSheet,
    entries: dict[int, SelfEntry],
    version: int | None,
    actor,
    uploads: dict[int, list] | None = None,
    request=None,
    criteria: list[Criterion] | None = None,
) -> ScoreSheet:
    """Save a unit's own points (a draft), with any new evidence files, in one go.

    The whole sheet is checked in Python first, then the changed scores are written with one
    `bulk_update` and their audit records with one `bulk_create`, under the sheet's row lock
    and version check: a handful of queries whatever the number of criteria (issue #13).

    Only the criteria in `entries` are touched: a criterion the form did not send keeps its
    score. Field errors are keyed like the form's fields (`points_<criterion id>`, `occ_<id>`,
    `evidence_<id>`); one bad field saves nothing.

    `criteria`: the leaf criteria of the sheet's scale the caller has read (the form's rows),
    spared a second read when the sheet is still on that scale (`ensure_scores`).
    """
    sheet = locked_sheet(sheet)
    ensure_window_open(sheet.term)
    ensure_transition(sheet, SELF_EDITABLE)
    check_version(sheet, version)
    scores = ensure_scores(sheet, criteria)
    errors, changes = collect_changes(scores, entries, OWN)
    errors.update(check_changes(sheet, changes, OWN))
    for criterion_id, files in (uploads or {}).items():
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                errors[f"evidence_{criterion_id}"] = exc
    if errors:
        raise ValidationError(errors)
    if sheet.status == S.NOT_STARTED:
        set_status(sheet, S.DRAFT, actor=actor, request=request)
    elif changes:
        bump_version(sheet)
    save_changes(
        sheet,
        changes,
        side=OWN,
        action="scoring.score.self_scored",
        actor=actor,
        request=request,
    )
    for criterion_id, files in (uploads or {}).items():
        score = scores.get(criterion_id)
        for upload in files if score else []:
            attach_evidence(
                sheet=sheet,
                score=score,
                upload=upload,
                description="",
                actor=actor,
                request=request,
            )
    return sheet


def missing_evidence(sheet: ScoreSheet) -> list[Criterion]:
    """Criteria that require evidence and have none on this sheet.

    A bonus or deduction item needs its evidence only when the unit claims it (points above
    zero): a unit without a higher award has nothing to prove for the award bonus.
    """
    unclaimed = Score.objects.filter(
        sheet=sheet,
        criterion__kind__in=(Criterion.Kind.BONUS, Criterion.Kind.DEDUCTION),
    ).filter(Q(self_points__isnull=True) | Q(self_points=0))
    return list(
        Criterion.objects.filter(scale_id=sheet.scale_id, evidence_required=True)
        .exclude(kind=Criterion.Kind.GROUP)
        .exclude(pk__in=unclaimed.values("criterion_id"))
        .exclude(
            pk__in=Evidence.objects.filter(score__sheet=sheet, removed_at__isnull=True).values(
                "score__criterion_id"
            )
        )
        .order_by("order", "code")
    )


@transaction.atomic
def submit_sheet(*, sheet: ScoreSheet, version: int | None, actor, request=None) -> ScoreSheet:
    """Hand the sheet to the leader unit: every criterion scored, required evidence attached."""
    sheet = locked_sheet(sheet)
    ensure_window_open(sheet.term)
    ensure_transition(sheet, (S.DRAFT,))
    check_version(sheet, version)
    unscored = list(
        sheet.scores.filter(criterion__kind=Criterion.Kind.SCORED, self_points__isnull=True)
        .select_related("criterion")
        .order_by("criterion__order")
    )
    if unscored:
        raise ValidationError(
            _("Enter points for every criterion first: %(codes)s."),
            code="scores_missing",
            params={"codes": ", ".join(s.criterion.code for s in unscored)},
        )
    missing = missing_evidence(sheet)
    if missing:
        raise ValidationError(
            _("Evidence is required for: %(codes)s."),
            code="evidence_missing",
            params={"codes": ", ".join(f"{c.code}. {c.title}" for c in missing)},
        )
    set_status(sheet, S.SUBMITTED, actor=actor, request=request)
    return sheet
