"""The block page links a year only when its ranking page opens for the visitor.

Found by crawling every page as every demo user: officers of one block met links to the other
block's unpublished years, which answer 404 (outsiders must not tell them from missing ones).
"""

import re

import pytest
from django.urls import reverse

from blocks.models import Term
from tests.conftest import PERSONAS
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(world):
    """2024 published, 2025 being scored, 2026 being set up by the same members."""
    TermFactory(
        block=world.block,
        year=2026,
        leader=world.deputy_unit,
        deputy=world.leader_unit,
        status=Term.Status.SETUP,
    )
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_year_link_opens(years, clients, persona):
    client = clients[persona]
    page = client.get(reverse("portal:block_detail", args=[years.block.pk])).content.decode()
    linked = {int(y) for y in re.findall(rf'href="/blocks/{years.block.pk}/(\d+)/"', page)}
    for year in (2024, 2025, 2026):
        opens = (
            client.get(reverse("portal:term_ranking", args=[years.block.pk, year])).status_code
            == 200
        )
        assert (year in linked) is opens, (persona, year)
    assert 2024 in linked  # published: everyone
    # Not yet shared as provisional results: those who prepare the ranking open it, and a member
    # opens the year's stage page (its sheet, the pact, the timetable); outsiders see no link.
    insider = persona in ("member", "deputy", "leader", "board", "council", "superuser")
    assert (2026 in linked) is insider


def test_a_member_whose_membership_ended_sees_only_its_years(years, client):
    """Read from the loaded memberships, with the same rule as blocks.access."""
    import datetime

    from blocks.models import Membership

    Membership.objects.filter(block=years.block, unit=years.member_unit).update(
        valid_to=datetime.date(2025, 6, 30)
    )
    Term.objects.filter(block=years.block, year=2025).update(status=Term.Status.PROVISIONAL)
    client.force_login(years.users["member"])
    page = client.get(reverse("portal:block_detail", args=[years.block.pk])).content.decode()
    assert f'href="/blocks/{years.block.pk}/2025/"' in page
    assert f'href="/blocks/{years.block.pk}/2026/"' not in page
    assert (
        client.get(reverse("portal:term_ranking", args=[years.block.pk, 2026])).status_code == 404
    )


@pytest.mark.parametrize("years_count", [1, 6])
def test_block_page_query_count_for_a_member(world, client, django_assert_num_queries, years_count):
    for offset in range(years_count):
        TermFactory(
            block=world.block,
            year=2030 + offset,
            leader=world.leader_unit,
            status=Term.Status.SETUP,
        )
    client.force_login(world.users["member"])
    # session (1), user (1), block (1), memberships (1), terms (1), campaigns (1),
    # the user's council blocks (1); the user's unit for the menu comes with the user
    with django_assert_num_queries(7):
        response = client.get(reverse("portal:block_detail", args=[world.block.pk]))
    assert response.status_code == 200
