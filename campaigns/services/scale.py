"""The scale as a whole: create, settings, status transitions (draft → submitted →
approved → locked) and new versions."""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term
from blocks.services import ensure_term_writable
from blocks.states import transition
from campaigns import selectors
from campaigns.models import (
    Criterion,
    Scale,
)
from campaigns.services.common import audit_value

# What must happen when a version takes effect while scoring is open. Scoring registers the
# move of its sheets here (`scoring.apps`): campaigns cannot import scoring, and the move must
# run inside the approval's transaction so that a refusal (a locked sheet) undoes the approval.
_VERSION_EFFECTIVE: list[Callable[..., object]] = []


def on_version_effective(func: Callable[..., object]) -> Callable[..., object]:
    """Register `func(*, scale, actor, request)`, called when `scale` takes effect mid-year."""
    if func not in _VERSION_EFFECTIVE:
        _VERSION_EFFECTIVE.append(func)
    return func


def locked_scale(scale: Scale) -> Scale:
    return Scale.objects.select_for_update().select_related("term__block").get(pk=scale.pk)


def ensure_draft(scale: Scale) -> None:
    if scale.status != Scale.Status.DRAFT:
        raise ValidationError(
            _("Only a draft scale can be changed; this version is %(status)s."),
            code="scale_not_draft",
            params={"status": scale.get_status_display()},
        )


def _ensure_valid(scale: Scale) -> None:
    problems = selectors.scale_problems(scale, list(scale.criteria.all()))
    if problems:
        raise ValidationError([ValidationError(p, code="scale_invalid") for p in problems])


def _move(scale: Scale, to: str, *, actor, request, reason: str = "") -> Scale:
    return transition(
        scale, to, actor=actor, reason=reason, request=request, log_after={"version": scale.version}
    )


@transaction.atomic
def lock_scale(*, scale: Scale, actor, request=None) -> Scale:
    """Lock an approved scale when scoring opens. Only an approved scale can be locked."""
    scale = Scale.objects.select_for_update().select_related("term").get(pk=scale.pk)
    ensure_term_writable(scale.term)
    if scale.status == Scale.Status.LOCKED:
        return scale
    if scale.status != Scale.Status.APPROVED:
        raise ValidationError(
            _("Only an approved scale can be locked; this one is %(status)s."),
            code="scale_not_approved",
            params={"status": scale.get_status_display()},
        )
    return _move(scale, Scale.Status.LOCKED, actor=actor, request=request)


@transaction.atomic
def scale_submit(*, scale: Scale, actor, request=None) -> Scale:
    """Draft → submitted for the board's approval; the scale must be valid."""
    scale = locked_scale(scale)
    ensure_term_writable(scale.term)
    ensure_draft(scale)
    _ensure_valid(scale)
    return _move(scale, Scale.Status.SUBMITTED, actor=actor, request=request)


@transaction.atomic
def scale_return(*, scale: Scale, actor, reason: str, request=None) -> Scale:
    """The board sends a submitted scale back to draft, saying why."""
    scale = locked_scale(scale)
    ensure_term_writable(scale.term)
    if scale.status != Scale.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted scale can be returned."), code="not_submitted")
    if not (reason or "").strip():
        raise ValidationError(_("Say why the scale is returned."), code="reason_required")
    return _move(scale, Scale.Status.DRAFT, actor=actor, request=request, reason=reason.strip())


@transaction.atomic
def scale_approve(*, scale: Scale, actor, request=None) -> Scale:
    """The board approves a submitted scale.

    When scoring has already opened on an earlier version (that version is locked), the new
    version takes effect at once: it is approved and locked in one step, every sheet that is not
    locked moves onto it (`scoring.services.versions`, through `on_version_effective`) and the
    earlier version stays as the record of what it was. A locked sheet refuses the whole
    approval (`sheets_locked`).
    """
    scale = locked_scale(scale)
    ensure_term_writable(scale.term)
    if scale.status != Scale.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted scale can be approved; this one is %(status)s."),
            code="not_submitted",
            params={"status": scale.get_status_display()},
        )
    _ensure_valid(scale)
    _move(scale, Scale.Status.APPROVED, actor=actor, request=request)
    scoring_open = Scale.objects.filter(
        term_id=scale.term_id, version__lt=scale.version, status=Scale.Status.LOCKED
    ).exists()
    if scoring_open:
        _move(scale, Scale.Status.LOCKED, actor=actor, request=request)
        for hook in _VERSION_EFFECTIVE:
            hook(scale=scale, actor=actor, request=request)
    return scale


def copy_criteria(source: Scale, target: Scale) -> int:
    """Copy the criteria tree of `source` into `target` (parents first). Returns the count."""
    criteria = sorted(source.criteria.all(), key=lambda c: (c.order, c.code))
    new_ids: dict[int, Criterion] = {}
    pending = list(criteria)
    while pending:
        progressed = False
        for criterion in list(pending):
            if criterion.parent_id and criterion.parent_id not in new_ids:
                continue
            copy = Criterion(
                scale=target,
                parent=new_ids.get(criterion.parent_id),
                code=criterion.code,
                title=criterion.title,
                order=criterion.order,
                kind=criterion.kind,
                max_points=criterion.max_points,
                points_per_occurrence=criterion.points_per_occurrence,
                guidance=criterion.guidance,
                evidence_required=criterion.evidence_required,
            )
            copy.full_clean()
            copy.save()
            new_ids[criterion.pk] = copy
            pending.remove(criterion)
            progressed = True
        if not progressed:  # a cycle cannot be saved through the services; stop rather than loop
            raise ValidationError(_("The scale's tree is inconsistent."), code="tree_cycle")
    return len(criteria)


@transaction.atomic
def scale_new_version(*, scale: Scale, actor, reason: str, request=None) -> Scale:
    """After approval or lock, a change starts a new draft version: v(n+1), same criteria.

    The reason is mandatory: it is what the versions page shows next to the change.
    """
    scale = locked_scale(scale)
    ensure_term_writable(scale.term)
    if not (reason or "").strip():
        raise ValidationError(
            _("A new version needs a reason for the change."), code="reason_required"
        )
    latest = Scale.objects.filter(term_id=scale.term_id).order_by("-version").first()
    if latest.pk != scale.pk:
        raise ValidationError(
            _("Version %(version)s already exists; work on it instead."),
            code="version_exists",
            params={"version": latest.version},
        )
    if scale.status not in (Scale.Status.APPROVED, Scale.Status.LOCKED):
        raise ValidationError(
            _("A draft or submitted scale is changed in place, not through a new version."),
            code="scale_not_locked",
        )
    new = Scale(
        term=scale.term,
        version=scale.version + 1,
        status=Scale.Status.DRAFT,
        nominal_total=scale.nominal_total,
        reason=reason.strip(),
    )
    new.full_clean()
    new.save()
    count = copy_criteria(scale, new)
    log_action(
        actor=actor,
        action="campaigns.scale.version_created",
        obj=new,
        before={"version": scale.version, "status": scale.status},
        after={"version": new.version, "status": new.status, "criteria": count},
        reason=new.reason,
        request=request,
        term_id=new.term_id,
    )
    return new


@transaction.atomic
def scale_create(*, term: Term, actor, nominal_total: Decimal = Decimal("100"), request=None):
    """The first, empty draft of a block-year's scale."""
    ensure_term_writable(term)
    if Scale.objects.filter(term=term).exists():
        raise ValidationError(_("This year already has a scale."), code="scale_exists")
    scale = Scale(term=term, version=1, status=Scale.Status.DRAFT, nominal_total=nominal_total)
    scale.full_clean()
    scale.save()
    log_action(
        actor=actor,
        action="campaigns.scale.created",
        obj=scale,
        after={"version": 1, "nominal_total": audit_value(nominal_total)},
        request=request,
        term_id=term.pk,
    )
    return scale


@transaction.atomic
def scale_update_settings(*, scale: Scale, actor, nominal_total: Decimal, request=None) -> Scale:
    scale = locked_scale(scale)
    ensure_term_writable(scale.term)
    ensure_draft(scale)
    before = audit_value(scale.nominal_total)
    scale.nominal_total = nominal_total
    scale.full_clean()
    scale.save(update_fields=["nominal_total"])
    log_action(
        actor=actor,
        action="campaigns.scale.settings_changed",
        obj=scale,
        before={"nominal_total": before},
        after={"nominal_total": audit_value(nominal_total)},
        request=request,
        term_id=scale.term_id,
    )
    return scale
