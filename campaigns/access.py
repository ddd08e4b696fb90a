"""Access to the objects of a block-year's setup, built on blocks/access.py.

Each helper takes a term the caller already got through a blocks.access helper (so outsiders
already had their 404) and fetches the object *through* that term: another year's id is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from blocks import access
from blocks.models import Term
from campaigns.models import Campaign, CampaignDocument, Criterion, Registration, Scale


def visible_campaigns(term: Term):
    """The term's own movements, and the central and provincial ones its units can adopt."""
    return Campaign.objects.filter(
        Q(term=term)
        | Q(
            Q(province__isnull=True) | Q(province_id=term.block.province_id),
            level__in=[Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL],
        )
    )


def get_campaign(term: Term, pk: int) -> Campaign:
    return get_object_or_404(visible_campaigns(term).select_related("unit"), pk=pk)


def get_document(term: Term, pk: int) -> CampaignDocument:
    return get_object_or_404(
        CampaignDocument.objects.filter(campaign__in=visible_campaigns(term)).select_related(
            "campaign"
        ),
        pk=pk,
    )


def get_scale(term: Term, version: int | None = None) -> Scale:
    scales = Scale.objects.filter(term=term).select_related("term__block")
    if version is None:
        scale = scales.order_by("-version").first()
        if scale is None:
            raise Http404
        return scale
    return get_object_or_404(scales, version=version)


def get_criterion(scale: Scale, pk: int) -> Criterion:
    return get_object_or_404(
        Criterion.objects.filter(scale=scale).select_related("parent", "scale"), pk=pk
    )


def get_registration(term: Term, pk: int) -> Registration:
    return get_object_or_404(Registration.objects.filter(term=term).select_related("unit"), pk=pk)


def require_member_unit(request, term: Term):
    """Actions a member unit does for itself (sign, register): the user's unit must be a member
    this year. Board, council and superusers act for no unit: 403."""
    user = request.user
    if not (user.unit_id and user.unit_id in term.member_unit_ids()):
        raise PermissionDenied
    return user.unit


def can_record_central(request) -> bool:
    """Central movements are shared by every province: the board of one province must not
    record, rename, archive or re-level what every other province sees. Superusers only."""
    return access.is_superuser(request.user)


def can_edit_outside(request, term: Term, campaign: Campaign) -> bool:
    """A provincial movement: the board of its province. A central one: superusers only."""
    if campaign.level == Campaign.Level.CENTRAL or campaign.province_id is None:
        return can_record_central(request)
    return (
        access.roles_in(request.user, term).board and campaign.province_id == term.block.province_id
    )
