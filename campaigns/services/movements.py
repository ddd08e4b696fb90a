"""Movements (phong trào): the block's and units' own, the board's outside ones, their
documents, and how each unit takes up an outside movement."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
from blocks.services import ensure_term_writable
from campaigns.models import (
    Campaign,
    CampaignAdoption,
    CampaignDocument,
)
from campaigns.services.common import audit_value
from emulation.uploads import validate_upload

OUTSIDE_LEVELS = (Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL)
CAMPAIGN_FIELDS = ("level", "kind", "name", "theme", "launched_on", "ends_on", "launched_by")


def _campaign_state(campaign: Campaign) -> dict:
    state = {name: audit_value(getattr(campaign, name)) for name in CAMPAIGN_FIELDS}
    state["unit_id"] = campaign.unit_id
    state["archived"] = campaign.archived
    return state


def _outside_without_board(campaign: Campaign, board: bool) -> bool:
    """A central or provincial movement touched by someone who is not the board."""
    return campaign.level in OUTSIDE_LEVELS and not board


def _check_campaign_level(campaign: Campaign, term: Term, *, board: bool) -> None:
    if _outside_without_board(campaign, board):
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
    if _outside_without_board(campaign, board):
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
    if _outside_without_board(campaign, board):
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


def _integration_target(term: Term, mode: str, target: Campaign | None) -> Campaign | None:
    """The year's own movement an outside one is integrated into; none for other modes."""
    if mode != CampaignAdoption.Mode.INTEGRATED:
        return None
    if target is None or target.term_id != term.pk:
        raise ValidationError(
            {
                "integrated_into": ValidationError(
                    _("Choose the block's or unit's movement it is part of."),
                    code="integrated_target",
                )
            }
        )
    return target


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
    integrated_into = _integration_target(term, mode, integrated_into)
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
