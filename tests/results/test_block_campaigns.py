"""The block page lists the block's own movements and those its years adopted, each once, read
through the block's years (issue #13: the old join with DISTINCT scanned every adoption)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Campaign, CampaignAdoption
from portal.selectors import block_page
from tests.factories import BlockFactory, CampaignFactory, make_scored_term

pytestmark = pytest.mark.django_db


def test_own_and_adopted_movements_each_once(world):
    block = BlockFactory(province=world.province)
    other = BlockFactory(province=world.province)
    years = [make_scored_term(units=3, criteria=1, year=y, block=block) for y in (2024, 2025)]
    elsewhere = make_scored_term(units=3, criteria=1, year=2025, block=other)
    own = CampaignFactory(
        level=Campaign.Level.BLOCK, block=block, term=years[1], name="Của khối",
        launched_on=datetime.date(2025, 2, 1),
    )  # fmt: skip
    adopted = CampaignFactory(name="Cả nước chung tay", launched_on=datetime.date(2024, 1, 5))
    not_ours = CampaignFactory(name="Chỉ khối khác")
    archived = CampaignFactory(name="Đã lưu trữ", archived=True)
    for term in years:  # by the whole block and by each unit, both years: still listed once
        CampaignAdoption.objects.create(term=term, campaign=adopted, mode="separate")
        for membership in term.block.memberships.all():
            CampaignAdoption.objects.create(
                term=term, campaign=adopted, unit=membership.unit, mode="separate"
            )
        CampaignAdoption.objects.create(term=term, campaign=archived, mode="separate")
    CampaignAdoption.objects.create(term=elsewhere, campaign=not_ours, mode="separate")

    page = block_page(block, datetime.date(2025, 6, 1))
    assert [c.name for c in page.campaigns] == [own.name, adopted.name]


def test_the_campaigns_query_reads_adoptions_through_the_block_years(world, client):
    block = BlockFactory(province=world.province)
    make_scored_term(units=3, criteria=1, year=2025, block=block)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:block_detail", args=[block.pk]))
    assert response.status_code == 200
    (sql,) = [q["sql"] for q in queries if 'FROM "campaigns_campaign"' in q["sql"]]
    assert "DISTINCT" not in sql and "LEFT OUTER JOIN" not in sql
    assert 'IN (SELECT U0."campaign_id"' in sql
