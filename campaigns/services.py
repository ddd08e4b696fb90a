"""Writes on campaigns, pacts, registrations and scales. Each service is atomic, audited, and
refuses with a code (tests check the code and that nothing was written)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
from blocks.services import ensure_term_writable
from campaigns import selectors
from campaigns.models import (
    AwardType,
    Campaign,
    CampaignAdoption,
    CampaignDocument,
    Criterion,
    Pact,
    PactSignature,
    Registration,
    Scale,
)
from emulation.uploads import validate_upload


def _s(value) -> str | None:
    """A JSON-safe value for the audit log (decimals and dates as strings)."""
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    return str(value)


CRITERION_FIELDS = (
    "code",
    "title",
    "kind",
    "parent_id",
    "max_points",
    "points_per_occurrence",
    "guidance",
    "evidence_required",
    "order",
)


def _criterion_state(criterion: Criterion) -> dict:
    return {name: _s(getattr(criterion, name)) for name in CRITERION_FIELDS}


# --- Scale: status transitions ------------------------------------------------------------


def _locked_scale(scale: Scale) -> Scale:
    return Scale.objects.select_for_update().select_related("term__block").get(pk=scale.pk)


def _ensure_draft(scale: Scale) -> None:
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


def _log_status(scale: Scale, before: str, *, actor, action: str, request, reason: str = ""):
    log_action(
        actor=actor,
        action=action,
        obj=scale,
        before={"status": before},
        after={"status": scale.status, "version": scale.version},
        reason=reason,
        request=request,
        term_id=scale.term_id,
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
    before = scale.status
    scale.status = Scale.Status.LOCKED
    scale.save(update_fields=["status"])
    _log_status(scale, before, actor=actor, action="campaigns.scale.locked", request=request)
    return scale


@transaction.atomic
def scale_submit(*, scale: Scale, actor, request=None) -> Scale:
    """Draft → submitted for the board's approval; the scale must be valid."""
    scale = _locked_scale(scale)
    ensure_term_writable(scale.term)
    _ensure_draft(scale)
    _ensure_valid(scale)
    before = scale.status
    scale.status = Scale.Status.SUBMITTED
    scale.submitted_by = actor
    scale.submitted_at = timezone.now()
    scale.return_reason = ""
    scale.full_clean()
    scale.save()
    _log_status(scale, before, actor=actor, action="campaigns.scale.submitted", request=request)
    return scale


@transaction.atomic
def scale_return(*, scale: Scale, actor, reason: str, request=None) -> Scale:
    """The board sends a submitted scale back to draft, saying why."""
    scale = _locked_scale(scale)
    ensure_term_writable(scale.term)
    if scale.status != Scale.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted scale can be returned."), code="not_submitted")
    if not (reason or "").strip():
        raise ValidationError(_("Say why the scale is returned."), code="reason_required")
    before = scale.status
    scale.status = Scale.Status.DRAFT
    scale.return_reason = reason.strip()
    scale.full_clean()
    scale.save()
    _log_status(
        scale,
        before,
        actor=actor,
        action="campaigns.scale.returned",
        request=request,
        reason=scale.return_reason,
    )
    return scale


@transaction.atomic
def scale_approve(*, scale: Scale, actor, request=None) -> Scale:
    """The board approves a submitted scale.

    When scoring has already opened on an earlier version (that version is locked), the new
    version takes effect at once: it is approved and locked in one step, and the earlier
    version stays as the record of what earlier sheets were scored against.
    """
    scale = _locked_scale(scale)
    ensure_term_writable(scale.term)
    if scale.status != Scale.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted scale can be approved; this one is %(status)s."),
            code="not_submitted",
            params={"status": scale.get_status_display()},
        )
    _ensure_valid(scale)
    before = scale.status
    scale.status = Scale.Status.APPROVED
    scale.approved_by = actor
    scale.approved_at = timezone.now()
    scale.full_clean()
    scale.save()
    _log_status(scale, before, actor=actor, action="campaigns.scale.approved", request=request)
    scoring_open = Scale.objects.filter(
        term_id=scale.term_id, version__lt=scale.version, status=Scale.Status.LOCKED
    ).exists()
    if scoring_open:
        scale.status = Scale.Status.LOCKED
        scale.save(update_fields=["status"])
        _log_status(
            scale,
            Scale.Status.APPROVED,
            actor=actor,
            action="campaigns.scale.locked",
            request=request,
        )
    return scale


def _copy_criteria(source: Scale, target: Scale) -> int:
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
    scale = _locked_scale(scale)
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
    count = _copy_criteria(scale, new)
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
        after={"version": 1, "nominal_total": _s(nominal_total)},
        request=request,
        term_id=term.pk,
    )
    return scale


@transaction.atomic
def scale_update_settings(*, scale: Scale, actor, nominal_total: Decimal, request=None) -> Scale:
    scale = _locked_scale(scale)
    ensure_term_writable(scale.term)
    _ensure_draft(scale)
    before = _s(scale.nominal_total)
    scale.nominal_total = nominal_total
    scale.full_clean()
    scale.save(update_fields=["nominal_total"])
    log_action(
        actor=actor,
        action="campaigns.scale.settings_changed",
        obj=scale,
        before={"nominal_total": before},
        after={"nominal_total": _s(nominal_total)},
        request=request,
        term_id=scale.term_id,
    )
    return scale


# --- Scale: lines -------------------------------------------------------------------------


def _renumber(scale: Scale) -> None:
    """Give every line its position in the tree's reading order (10, 20, …), so a flat sort by
    `order` (ranking columns, exports) reads the same as the tree."""
    nodes = selectors.flatten(selectors.build_tree(list(scale.criteria.all())))
    changed = []
    for index, node in enumerate(nodes, start=1):
        if node.criterion.order != index * 10:
            node.criterion.order = index * 10
            changed.append(node.criterion)
    Criterion.objects.bulk_update(changed, ["order"])


def _check_line(criterion: Criterion) -> None:
    kind = criterion.kind
    if kind in selectors.EXTRA_KINDS:
        per = criterion.points_per_occurrence
        if per is not None and per > criterion.max_points:
            raise ValidationError(
                {
                    "points_per_occurrence": ValidationError(
                        _("Points per occurrence cannot exceed the cap."),
                        code="per_occurrence_above_cap",
                    )
                }
            )
    else:
        criterion.points_per_occurrence = None
    if criterion.parent_id:
        depth = 1
        parent = criterion.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        if depth > selectors.MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": ValidationError(
                        _("Lines go at most three levels deep: group → criterion → sub-criterion."),
                        code="too_deep",
                    )
                }
            )
        if kind == Criterion.Kind.GROUP and depth >= selectors.MAX_DEPTH:
            raise ValidationError(
                {"parent": ValidationError(_("A group cannot go this deep."), code="too_deep")}
            )


@transaction.atomic
def criterion_create(
    *,
    scale: Scale,
    actor,
    code: str,
    title: str,
    kind: str,
    max_points: Decimal,
    parent: Criterion | None = None,
    points_per_occurrence: Decimal | None = None,
    guidance: str = "",
    evidence_required: bool = False,
    request=None,
) -> Criterion:
    """Add a line at the end of its parent (or of the scale)."""
    scale = _locked_scale(scale)
    ensure_term_writable(scale.term)
    _ensure_draft(scale)
    if parent is not None and parent.scale_id != scale.pk:
        raise ValidationError(_("The parent belongs to another scale."), code="parent_scale")
    last = scale.criteria.aggregate(m=Max("order"))["m"] or 0
    criterion = Criterion(
        scale=scale,
        parent=parent,
        code=(code or "").strip(),
        title=(title or "").strip(),
        kind=kind,
        max_points=max_points,
        points_per_occurrence=points_per_occurrence,
        guidance=guidance or "",
        evidence_required=evidence_required,
        order=last + 10,
    )
    _check_line(criterion)
    criterion.full_clean()
    criterion.save()
    _renumber(scale)
    criterion.refresh_from_db()
    log_action(
        actor=actor,
        action="campaigns.criterion.created",
        obj=criterion,
        after=_criterion_state(criterion),
        request=request,
        term_id=scale.term_id,
    )
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, actor, request=None, **changes) -> Criterion:
    """Change a line's fields (code, title, kind, parent, points, guidance, evidence)."""
    scale = _locked_scale(criterion.scale)
    ensure_term_writable(scale.term)
    _ensure_draft(scale)
    criterion = Criterion.objects.select_related("parent").get(pk=criterion.pk)
    before = _criterion_state(criterion)
    allowed = set(CRITERION_FIELDS) - {"order", "parent_id"} | {"parent"}
    for name, value in changes.items():
        if name not in allowed:
            raise TypeError(f"criterion_update() got an unexpected field {name!r}")
        setattr(criterion, name, value.strip() if isinstance(value, str) else value)
    if criterion.parent_id:
        if criterion.parent_id == criterion.pk or criterion.parent.scale_id != scale.pk:
            raise ValidationError(
                {"parent": ValidationError(_("Choose another parent."), code="parent_invalid")}
            )
        ancestor = criterion.parent
        while ancestor is not None:
            if ancestor.pk == criterion.pk:
                raise ValidationError(
                    {
                        "parent": ValidationError(
                            _("A line cannot be moved under itself."), code="parent_invalid"
                        )
                    }
                )
            ancestor = ancestor.parent
    if criterion.kind != Criterion.Kind.GROUP and criterion.children.exists():
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("This line has sub-lines: it must stay a group."), code="has_children"
                )
            }
        )
    _check_line(criterion)
    criterion.full_clean()
    criterion.save()
    _renumber(scale)
    criterion.refresh_from_db()
    after = _criterion_state(criterion)
    log_action(
        actor=actor,
        action="campaigns.criterion.changed",
        obj=criterion,
        before=before,
        after=after,
        request=request,
        term_id=scale.term_id,
    )
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor, request=None) -> None:
    scale = _locked_scale(criterion.scale)
    ensure_term_writable(scale.term)
    _ensure_draft(scale)
    if criterion.children.exists():
        raise ValidationError(
            _("Delete or move the lines of this group first."), code="group_not_empty"
        )
    before = _criterion_state(criterion)
    pk = criterion.pk
    try:
        criterion.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This line already has scores and cannot be deleted."), code="criterion_in_use"
        ) from exc
    criterion.pk = pk
    _renumber(scale)
    log_action(
        actor=actor,
        action="campaigns.criterion.deleted",
        obj=criterion,
        before=before,
        request=request,
        term_id=scale.term_id,
    )


@transaction.atomic
def criterion_move(*, criterion: Criterion, actor, direction: str, request=None) -> Criterion:
    """Swap a line (with its sub-lines) with the sibling above or below it."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."), code="bad_direction")
    scale = _locked_scale(criterion.scale)
    ensure_term_writable(scale.term)
    _ensure_draft(scale)
    siblings = list(
        Criterion.objects.filter(scale=scale, parent_id=criterion.parent_id).order_by(
            "order", "code"
        )
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == criterion.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        raise ValidationError(_("This line cannot move further."), code="cannot_move")
    a, b = siblings[index], siblings[other]
    before = a.order
    a.order, b.order = b.order, a.order
    Criterion.objects.bulk_update([a, b], ["order"])
    _renumber(scale)
    a.refresh_from_db()
    log_action(
        actor=actor,
        action="campaigns.criterion.moved",
        obj=a,
        before={"order": before},
        after={"order": a.order, "direction": direction},
        request=request,
        term_id=scale.term_id,
    )
    return a


@transaction.atomic
def scale_replace_criteria(*, scale: Scale, actor, rows: list[dict], request=None) -> int:
    """Replace every line of a draft scale with `rows` (from an import). All or nothing.

    Each row: code, parent_code, kind, title, max_points, points_per_occurrence, guidance,
    evidence_required. Parents are matched by code and may come after their children.
    """
    scale = _locked_scale(scale)
    ensure_term_writable(scale.term)
    _ensure_draft(scale)
    before = len(scale.criteria.all())
    try:
        # Children first, so no row is left pointing at a deleted parent.
        scale.criteria.filter(parent__isnull=False).delete()
        scale.criteria.all().delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Lines of this scale already have scores: it cannot be replaced."),
            code="criterion_in_use",
        ) from exc
    created: dict[str, Criterion] = {}
    pending = list(enumerate(rows))
    while pending:
        progressed = False
        for position, row in list(pending):
            parent_code = row.get("parent_code") or ""
            if parent_code and parent_code not in created:
                continue
            criterion = Criterion(
                scale=scale,
                parent=created.get(parent_code),
                code=row["code"],
                title=row["title"],
                kind=row["kind"],
                max_points=row["max_points"],
                points_per_occurrence=row.get("points_per_occurrence"),
                guidance=row.get("guidance", ""),
                evidence_required=row.get("evidence_required", False),
                order=(position + 1) * 10,
            )
            _check_line(criterion)
            criterion.full_clean()
            criterion.save()
            created[criterion.code] = criterion
            pending.remove((position, row))
            progressed = True
        if not progressed:
            raise ValidationError(_("The parents of some lines form a loop."), code="tree_cycle")
    _renumber(scale)
    log_action(
        actor=actor,
        action="campaigns.scale.imported",
        obj=scale,
        before={"criteria": before},
        after={"criteria": len(created)},
        request=request,
        term_id=scale.term_id,
    )
    return len(created)


# --- Campaigns ----------------------------------------------------------------------------

CAMPAIGN_FIELDS = ("level", "kind", "name", "theme", "launched_on", "ends_on", "launched_by")


def _campaign_state(campaign: Campaign) -> dict:
    state = {name: _s(getattr(campaign, name)) for name in CAMPAIGN_FIELDS}
    state["unit_id"] = campaign.unit_id
    state["archived"] = campaign.archived
    return state


def _check_campaign_level(campaign: Campaign, term: Term, *, board: bool) -> None:
    if campaign.level in (Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL) and not board:
        raise ValidationError(
            {
                "level": ValidationError(
                    _("Only the emulation board records central and provincial movements."),
                    code="level_not_allowed",
                )
            }
        )
    if campaign.level == Campaign.Level.UNIT:
        if campaign.unit_id is None or campaign.unit_id not in term.member_unit_ids():
            raise ValidationError(
                {
                    "unit": ValidationError(
                        _("Choose the member unit that runs this movement."), code="unit_required"
                    )
                }
            )
    else:
        campaign.unit = None
    if campaign.level == Campaign.Level.CENTRAL:
        campaign.province = None
    else:
        campaign.province_id = term.block.province_id
    if campaign.level in (Campaign.Level.BLOCK, Campaign.Level.UNIT):
        campaign.block_id = term.block_id
        campaign.term = term
    else:
        campaign.block = None
        campaign.term = None


@transaction.atomic
def campaign_create(*, term: Term, actor, board: bool = False, request=None, **fields) -> Campaign:
    """A movement recorded from a block-year: its own (block or unit level) or, for the board,
    a central or provincial one, which the block's units then adopt."""
    ensure_term_writable(term)
    campaign = Campaign(**{k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS + ("unit",)})
    _check_campaign_level(campaign, term, board=board)
    campaign.full_clean()
    campaign.save()
    log_action(
        actor=actor,
        action="campaigns.campaign.created",
        obj=campaign,
        after=_campaign_state(campaign),
        request=request,
        term_id=term.pk,
    )
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, term: Term, actor, board: bool = False, request=None, **fields
) -> Campaign:
    ensure_term_writable(term)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.level in (Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL) and not board:
        raise ValidationError(
            _("Only the emulation board edits central and provincial movements."),
            code="level_not_allowed",
        )
    before = _campaign_state(campaign)
    for name, value in fields.items():
        if name not in CAMPAIGN_FIELDS + ("unit",):
            raise TypeError(f"campaign_update() got an unexpected field {name!r}")
        setattr(campaign, name, value)
    _check_campaign_level(campaign, term, board=board)
    campaign.full_clean()
    campaign.save()
    log_action(
        actor=actor,
        action="campaigns.campaign.changed",
        obj=campaign,
        before=before,
        after=_campaign_state(campaign),
        request=request,
        term_id=term.pk,
    )
    return campaign


@transaction.atomic
def campaign_archive(
    *,
    campaign: Campaign,
    term: Term,
    actor,
    archived: bool = True,
    board: bool = False,
    request=None,
) -> Campaign:
    ensure_term_writable(term)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.level in (Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL) and not board:
        raise ValidationError(
            _("Only the emulation board archives central and provincial movements."),
            code="level_not_allowed",
        )
    if campaign.archived == archived:
        return campaign
    campaign.archived = archived
    campaign.save(update_fields=["archived"])
    log_action(
        actor=actor,
        action="campaigns.campaign.archived" if archived else "campaigns.campaign.restored",
        obj=campaign,
        before={"archived": not archived},
        after={"archived": archived},
        request=request,
        term_id=term.pk,
    )
    return campaign


@transaction.atomic
def campaign_document_add(
    *, campaign: Campaign, term: Term, actor, title: str, upload, request=None
) -> CampaignDocument:
    """Attach a file, checked by its content and size (PDF, DOCX, XLSX, images)."""
    ensure_term_writable(term)
    mime = validate_upload(upload)
    document = CampaignDocument(
        campaign=campaign,
        title=(title or "").strip() or upload.name,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.full_clean()
    document.save()
    log_action(
        actor=actor,
        action="campaigns.document.added",
        obj=document,
        after={"campaign_id": campaign.pk, "name": document.original_name, "size": upload.size},
        request=request,
        term_id=term.pk,
    )
    return document


@transaction.atomic
def adoption_set(
    *,
    term: Term,
    campaign: Campaign,
    unit: Unit | None,
    mode: str,
    actor,
    integrated_into: Campaign | None = None,
    request=None,
) -> CampaignAdoption | None:
    """How a unit (or the whole block, unit=None) takes up an outside movement; mode "" clears."""
    ensure_term_writable(term)
    if campaign.level not in (Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL):
        raise ValidationError(
            _("Only central and provincial movements are adopted."), code="not_outside"
        )
    if unit is not None and unit.pk not in term.member_unit_ids():
        raise ValidationError(_("This unit is not a member this year."), code="not_member")
    existing = CampaignAdoption.objects.filter(term=term, campaign=campaign, unit=unit).first()
    before = {"mode": existing.mode, "into": existing.integrated_into_id} if existing else None
    if not mode:
        if existing is None:
            return None
        existing.delete()
        log_action(
            actor=actor,
            action="campaigns.adoption.cleared",
            obj=existing,
            before=before,
            request=request,
            term_id=term.pk,
        )
        return None
    if mode == CampaignAdoption.Mode.INTEGRATED:
        if integrated_into is None or integrated_into.term_id != term.pk:
            raise ValidationError(
                {
                    "integrated_into": ValidationError(
                        _("Choose the block's or unit's movement it is part of."),
                        code="integrated_target",
                    )
                }
            )
    else:
        integrated_into = None
    adoption = existing or CampaignAdoption(term=term, campaign=campaign, unit=unit)
    adoption.mode = mode
    adoption.integrated_into = integrated_into
    adoption.full_clean(validate_constraints=False)
    adoption.save()
    log_action(
        actor=actor,
        action="campaigns.adoption.set",
        obj=adoption,
        before=before,
        after={"mode": mode, "into": adoption.integrated_into_id},
        request=request,
        term_id=term.pk,
    )
    return adoption


# --- Pact ---------------------------------------------------------------------------------


@transaction.atomic
def pact_save(
    *,
    term: Term,
    actor,
    title: str,
    text: str = "",
    commitments: str = "",
    document=None,
    request=None,
) -> Pact:
    """Write the pact's text, commitments and/or signed copy. Frozen once a unit has signed:
    what a unit acknowledged must stay what it read."""
    ensure_term_writable(term)
    pact = Pact.objects.select_for_update().filter(term=term).first()
    if pact is not None and pact.signatures.exists():
        raise ValidationError(
            _("Units have already signed this pact: it can no longer be changed."),
            code="pact_signed",
        )
    empty = not (text or "").strip() and not (commitments or "").strip() and document is None
    if empty and (pact is None or not pact.document):
        raise ValidationError(
            _("Write the pact's text or commitments, or attach the signed document."),
            code="pact_empty",
        )
    before = None
    if pact is None:
        pact = Pact(term=term)
    else:
        before = {"title": pact.title, "text": pact.text, "commitments": pact.commitments}
    pact.title = (title or "").strip()
    pact.text = text or ""
    pact.commitments = commitments or ""
    pact.updated_by = actor
    if document is not None:
        validate_upload(document, kinds=("pdf", "docx", "image"))
        pact.document.save(document.name, document, save=False)
        pact.document_name = document.name[:255]
    pact.full_clean()
    pact.save()
    log_action(
        actor=actor,
        action="campaigns.pact.saved",
        obj=pact,
        before=before,
        after={
            "title": pact.title,
            "text": pact.text,
            "commitments": pact.commitments,
            "document": pact.document_name,
        },
        request=request,
        term_id=term.pk,
    )
    return pact


@transaction.atomic
def pact_sign(
    *, pact: Pact, unit: Unit, actor, signer_name: str, signer_title: str, request=None
) -> PactSignature:
    """A member unit acknowledges the pact, naming who signed for it."""
    term = pact.term
    ensure_term_writable(term)
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(_("Only member units sign the pact."), code="not_member")
    if PactSignature.objects.filter(pact=pact, unit=unit).exists():
        raise ValidationError(_("This unit has already signed the pact."), code="already_signed")
    signature = PactSignature(
        pact=pact,
        unit=unit,
        signer_name=(signer_name or "").strip(),
        signer_title=(signer_title or "").strip(),
        signed_at=timezone.now(),
        recorded_by=actor,
    )
    signature.full_clean()
    signature.save()
    log_action(
        actor=actor,
        action="campaigns.pact.signed",
        obj=signature,
        after={
            "unit_id": unit.pk,
            "signer_name": signature.signer_name,
            "signer_title": signature.signer_title,
        },
        request=request,
        term_id=term.pk,
    )
    return signature


# --- Registration -------------------------------------------------------------------------


@transaction.atomic
def registration_submit(
    *, term: Term, unit: Unit, actor, award_types: list[AwardType], targets: str, request=None
) -> Registration:
    """A member unit registers (or re-registers after a return) the titles and targets it aims
    for. An approved registration is final."""
    ensure_term_writable(term)
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(_("Only member units register."), code="not_member")
    if not award_types:
        raise ValidationError(
            {"award_types": ValidationError(_("Choose at least one title."), code="no_award_type")}
        )
    if any(not a.active for a in award_types):
        raise ValidationError(
            {"award_types": ValidationError(_("This title is no longer offered."), code="inactive")}
        )
    registration = Registration.objects.select_for_update().filter(term=term, unit=unit).first()
    before = None
    if registration is not None:
        if registration.status == Registration.Status.APPROVED:
            raise ValidationError(
                _("The registration is already approved."), code="registration_approved"
            )
        before = {
            "status": registration.status,
            "targets": registration.targets,
            "award_types": sorted(registration.award_types.values_list("code", flat=True)),
        }
    else:
        registration = Registration(term=term, unit=unit)
    registration.targets = (targets or "").strip()
    registration.status = Registration.Status.SUBMITTED
    registration.reason = ""
    registration.submitted_by = actor
    registration.submitted_at = timezone.now()
    registration.decided_by = None
    registration.decided_at = None
    registration.full_clean()
    registration.save()
    registration.award_types.set(award_types)
    log_action(
        actor=actor,
        action="campaigns.registration.submitted",
        obj=registration,
        before=before,
        after={
            "status": registration.status,
            "targets": registration.targets,
            "award_types": sorted(a.code for a in award_types),
        },
        request=request,
        term_id=term.pk,
    )
    return registration


@transaction.atomic
def registration_decide(
    *, registration: Registration, actor, approve: bool, reason: str = "", request=None
) -> Registration:
    """The leader (or the board) approves a registration or returns it with a reason."""
    registration = (
        Registration.objects.select_for_update().select_related("term").get(pk=registration.pk)
    )
    ensure_term_writable(registration.term)
    if registration.status != Registration.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted registration can be decided."), code="not_submitted"
        )
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why the registration is returned."), code="reason_required"
                )
            }
        )
    before = registration.status
    registration.status = Registration.Status.APPROVED if approve else Registration.Status.RETURNED
    registration.reason = "" if approve else reason
    registration.decided_by = actor
    registration.decided_at = timezone.now()
    registration.full_clean()
    registration.save()
    log_action(
        actor=actor,
        action="campaigns.registration.approved" if approve else "campaigns.registration.returned",
        obj=registration,
        before={"status": before},
        after={"status": registration.status},
        reason=reason,
        request=request,
        term_id=registration.term_id,
    )
    return registration


# --- The next year in one action ----------------------------------------------------------


def _next_year_date(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def create_next_term(
    *,
    term: Term,
    actor,
    leader: Unit,
    deputy: Unit | None = None,
    copy_scale: bool = True,
    copy_campaigns: bool = True,
    request=None,
) -> Term:
    """Create Term(block, year + 1) from `term`: leader and deputy, the scale as a v1 draft
    with the same criteria tree, and the block's own movements as new campaigns of the new year.

    Members are not copied: memberships are effective-dated, so the new year's members are
    whoever is a member during it. All or nothing.
    """
    year = term.year + 1
    if Term.objects.filter(block_id=term.block_id, year=year).exists():
        raise ValidationError(
            _("The block already has a year %(year)s."), code="term_exists", params={"year": year}
        )
    new = Term(block=term.block, year=year, leader=leader, deputy=deputy, status=Term.Status.SETUP)
    new.full_clean()
    new.save()
    copied_scale = None
    criteria = 0
    source_scale = selectors.latest_scale(term) if copy_scale else None
    if source_scale is not None:
        copied_scale = Scale(
            term=new,
            version=1,
            status=Scale.Status.DRAFT,
            nominal_total=source_scale.nominal_total,
            reason=_("Copied from %(year)s, version %(version)s.")
            % {"year": term.year, "version": source_scale.version},
        )
        copied_scale.full_clean()
        copied_scale.save()
        criteria = _copy_criteria(source_scale, copied_scale)
    campaigns = []
    if copy_campaigns:
        for campaign in Campaign.objects.filter(
            term=term, level=Campaign.Level.BLOCK, archived=False
        ).order_by("pk"):
            copy = Campaign(
                level=campaign.level,
                kind=campaign.kind,
                name=_next_name(campaign.name, term.year, year),
                theme=campaign.theme,
                launched_on=_next_year_date(campaign.launched_on),
                ends_on=_next_year_date(campaign.ends_on),
                launched_by=campaign.launched_by,
                province_id=campaign.province_id,
                block_id=campaign.block_id,
                term=new,
                copied_from=campaign,
            )
            copy.full_clean()
            copy.save()
            campaigns.append(copy.pk)
    log_action(
        actor=actor,
        action="campaigns.term.created_from_previous",
        obj=new,
        after={
            "year": year,
            "leader_id": leader.pk,
            "deputy_id": deputy.pk if deputy else None,
            "from_term_id": term.pk,
            "scale_id": copied_scale.pk if copied_scale else None,
            "criteria": criteria,
            "campaign_ids": campaigns,
        },
        request=request,
        term_id=new.pk,
    )
    return new


def _next_name(name: str, old_year: int, new_year: int) -> str:
    """ "Phong trào thi đua năm 2018" becomes "… năm 2019"; other names stay as they are."""
    return name.replace(str(old_year), str(new_year))
