import pytest
from django.urls import reverse

from campaigns.models import CampaignAdoption
from portal.selectors import term_adoptions
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_adoptions_are_a_units_by_movements_table(world, client):
    own = CampaignFactory(name="Phong trào của khối")
    outside = [CampaignFactory(name="Chung tay"), CampaignFactory(name="Nông thôn mới")]
    CampaignAdoption.objects.create(term=world.published_term, campaign=outside[0], mode="separate")
    CampaignAdoption.objects.create(
        term=world.published_term,
        campaign=outside[1],
        unit=world.member_unit,
        mode="integrated",
        integrated_into=own,
    )
    table = term_adoptions(world.published_term)
    assert [c.name for c in table.campaigns] == ["Chung tay", "Nông thôn mới"]
    assert outside[0].pk in table.whole_block
    assert table.rows == [(world.member_unit, [None, table.rows[0][1][1]])]
    assert table.rows[0][1][1].integrated_into == own

    response = client.get(reverse("portal:term_ranking", args=[world.block.pk, 2024]))
    assert "Nông thôn mới" in response.text and "lồng ghép" in response.text
