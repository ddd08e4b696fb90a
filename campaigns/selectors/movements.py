"""Reads of the movements page and a movement's documents."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from blocks.models import Membership, Term, Unit
from campaigns.models import (
    Campaign,
    CampaignAdoption,
    CampaignDocument,
)
from emulation.collation import sort_key, vi


@dataclass
class CampaignsPage:
    term: Term
    own: list[Campaign]
    outside: list[Campaign]
    members: list[Unit]
    adoption: dict[tuple[int, int | None], CampaignAdoption]  # (campaign, unit) → adoption
    archived: list[Campaign]

    def cell(self, campaign: Campaign, unit: Unit) -> CampaignAdoption | None:
        """The unit's own adoption, else the whole block's."""
        return self.adoption.get((campaign.pk, unit.pk)) or self.adoption.get((campaign.pk, None))

    @property
    def block_row(self) -> dict:
        """The whole block's adoption of each outside movement (unit None): what every member
        follows unless it has its own row."""
        return {
            "unit": None,
            "cells": [
                {"campaign": c, "adoption": self.adoption.get((c.pk, None))} for c in self.outside
            ],
        }

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "unit": unit,
                "cells": [{"campaign": c, "adoption": self.cell(c, unit)} for c in self.outside],
            }
            for unit in self.members
        ]


def term_members(term: Term) -> list[Unit]:
    """The block's member units during the term's year (1 query)."""
    return [
        m.unit
        for m in Membership.objects.of_term(term)
        .select_related("unit")
        .order_by(vi("unit__name"), "valid_from")
    ]


def outside_campaigns(term: Term):
    """Central and provincial movements this block-year can adopt: not archived, open during
    the year, of the block's province or nationwide."""
    start = datetime.date(term.year, 1, 1)
    end = datetime.date(term.year, 12, 31)
    return Campaign.objects.filter(
        Q(level__in=[Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL]),
        Q(province__isnull=True) | Q(province_id=term.block.province_id),
        Q(launched_on__isnull=True) | Q(launched_on__lte=end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=start),
        archived=False,
    ).order_by("level", vi("name"))


def campaigns_page(term: Term) -> CampaignsPage:
    """Own movements (1), outside movements (1), adoptions (1), members (1)."""
    own_all = list(
        Campaign.objects.filter(term=term)
        .select_related("unit")
        .order_by("level", "-launched_on", vi("name"))
    )
    adoptions = list(
        CampaignAdoption.objects.filter(term=term).select_related("integrated_into", "campaign")
    )
    adopted = {a.campaign for a in adoptions}
    outside = {c.pk: c for c in outside_campaigns(term)}
    for campaign in adopted:
        outside.setdefault(campaign.pk, campaign)
    members = list(dict.fromkeys(term_members(term)))
    return CampaignsPage(
        term=term,
        own=[c for c in own_all if not c.archived],
        outside=sorted(outside.values(), key=lambda c: (c.level, sort_key(c.name))),
        members=members,
        adoption={(a.campaign_id, a.unit_id): a for a in adoptions},
        archived=[c for c in own_all if c.archived],
    )


def campaign_detail(campaign: Campaign) -> list[CampaignDocument]:
    return list(campaign.documents.select_related("uploaded_by").order_by("uploaded_at"))


# --- Pact ---------------------------------------------------------------------------------
