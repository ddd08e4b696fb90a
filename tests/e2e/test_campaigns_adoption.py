"""Browser flow: the leader adopts a provincial movement for the whole block through the table
on the movements page (issue #15: the mode existed in the model, not in the interface)."""

import datetime

import pytest
from django.urls import reverse

from blocks.models import Term
from campaigns.models import Campaign, CampaignAdoption
from tests.factories import BlockFactory, MembershipFactory, ProvinceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_adopts_a_movement_for_the_whole_block(page, live_server, login):
    province = ProvinceFactory(code="TN", name="Tây Ninh")
    block = BlockFactory(province=province, name="Khối Văn hóa - Xã hội")
    units = [MembershipFactory(block=block, unit__province=province).unit for _ in range(3)]
    term = Term.objects.create(block=block, year=2026, leader=units[0], status=Term.Status.SETUP)
    own = Campaign.objects.create(
        level=Campaign.Level.BLOCK, name="Phong trào thi đua năm 2026", block=block, term=term
    )
    outside = Campaign.objects.create(
        level=Campaign.Level.PROVINCIAL,
        name="Chung sức xây dựng nông thôn mới",
        province=province,
        launched_on=datetime.date(2026, 1, 5),
    )
    UserFactory(username="truongkhoi", unit=units[0])

    login("truongkhoi")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + reverse("campaigns:campaign_list", args=[block.pk, 2026]))
    form = page.locator(f"#adoption-whole-block form[data-campaign='{outside.pk}']")
    page.locator("#adoption-whole-block details summary").first.click()
    form.locator("select[name=mode]").select_option("integrated")
    form.locator("select[name=integrated_into]").select_option(str(own.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    adoption = CampaignAdoption.objects.get()
    assert (adoption.term_id, adoption.unit_id, adoption.mode, adoption.integrated_into_id) == (
        term.pk,
        None,
        "integrated",
        own.pk,
    )
    # Every member's row now shows the whole block's choice.
    cells = page.locator("#adoption-table tbody tr:not(#adoption-whole-block) td")
    assert cells.count() == 3
    for index in range(3):
        assert own.name in cells.nth(index).inner_text()
