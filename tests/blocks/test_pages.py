"""The board's pages and the leadership tab: reachable by clicking, and their query counts
pinned, the same with more members, units and years."""

import datetime

import pytest
from django.urls import reverse

from blocks.models import Delegation, Term
from tests.factories import MembershipFactory, ProvinceFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grow(world, members: int, years: int) -> None:
    """More members (some already gone) and more years, each with an acting deputy."""
    for index in range(members):
        MembershipFactory(
            block=world.block,
            unit__province=world.province,
            valid_from=datetime.date(2016, 1, 1),
            valid_to=datetime.date(2020, 12, 31) if index % 2 else None,
        )
    for year in range(2026, 2026 + years):
        term = TermFactory(
            block=world.block,
            year=year,
            leader=world.leader_unit,
            deputy=world.deputy_unit,
            status=Term.Status.SETUP,
        )
        Delegation.objects.create(
            term=term,
            deputy=world.deputy_unit,
            starts_on=datetime.date(2000, 1, 1),
            ends_on=datetime.date(2999, 1, 1),
            source=Delegation.Source.BOARD,
            reason="Phân công",
            created_by=world.users["board"],
        )


# Block page: session, user, the block, memberships, years, acting deputies, lineage, then the
# rotation suggestion (the block's policy is an election by default: no query), and the
# board staff's province in the menu (base.html).
BLOCK_PAGE_QUERIES = 8


@pytest.mark.parametrize("members, years", [(0, 0), (6, 3)])
def test_block_page_queries(world, client, django_assert_num_queries, members, years):
    _grow(world, members, years)
    client.force_login(world.users["board"])
    url = reverse("blocks:block_manage", args=[world.block.pk])
    with django_assert_num_queries(BLOCK_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("members, years", [(0, 0), (6, 3)])
def test_block_page_queries_with_an_ordered_rotation(
    world, client, django_assert_num_queries, members, years
):
    from blocks.models import Block

    Block.objects.filter(pk=world.block.pk).update(rotation_policy=Block.Rotation.ORDERED)
    _grow(world, members, years)
    client.force_login(world.users["board"])
    # + the members of next year, + the rotation list
    with django_assert_num_queries(BLOCK_PAGE_QUERIES + 2):
        client.get(reverse("blocks:block_manage", args=[world.block.pk]))


# Province page: session, user, the province, blocks with their member counts, units counted,
# the board staff's province in the menu.
@pytest.mark.parametrize("blocks", [0, 4])
def test_province_page_queries(world, client, django_assert_num_queries, blocks):
    from tests.factories import BlockFactory

    for _ in range(blocks):
        MembershipFactory(block=BlockFactory(province=world.province))
    client.force_login(world.users["board"])
    with django_assert_num_queries(6):
        response = client.get(reverse("blocks:province_blocks", args=[world.province.pk]))
    assert response.status_code == 200


# Leadership tab as the leader: session, user with their unit (for the menu), the year, the
# delegations (the leader unit's officer: no council check).
@pytest.mark.parametrize("delegations", [0, 5])
def test_leadership_page_queries(world, client, django_assert_num_queries, delegations):
    for index in range(delegations):
        Delegation.objects.create(
            term=world.term,
            deputy=world.deputy_unit,
            starts_on=datetime.date(2025, 1, 1 + index),
            ends_on=datetime.date(2025, 1, 1 + index),
            source=Delegation.Source.LEADER,
            reason="Đi công tác",
            created_by=world.users["leader"],
        )
    client.force_login(world.users["leader"])
    with django_assert_num_queries(4):
        response = client.get(reverse("blocks:term_leadership", args=[world.block.pk, 2025]))
    assert response.status_code == 200


def test_board_staff_of_another_province_get_404(world, client):
    other = UserFactory(username="board-la", board_province=ProvinceFactory(code="LA"))
    client.force_login(other)
    for url in (
        reverse("blocks:province_blocks", args=[world.province.pk]),
        reverse("blocks:block_manage", args=[world.block.pk]),
        reverse("blocks:membership_add", args=[world.block.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_board_staff_click_from_home_to_the_block_page(world, client):
    client.force_login(world.users["board"])
    home = client.get(reverse("portal:home"))
    province_url = reverse("blocks:province_blocks", args=[world.province.pk])
    assert f'href="{province_url}"' in home.text
    province = client.get(province_url)
    block_url = reverse("blocks:block_manage", args=[world.block.pk])
    assert f'href="{block_url}"' in province.text
    page = client.get(block_url)
    assert world.leader_unit.name in page.text
    leadership = reverse("blocks:term_leadership", args=[world.block.pk, 2025])
    assert f'href="{leadership}"' in page.text


def test_archived_blocks_are_folded(world, client):
    from blocks.models import Block

    Block.objects.filter(pk=world.other_block.pk).update(archived=True)
    client.force_login(world.users["board"])
    page = client.get(reverse("blocks:province_blocks", args=[world.province.pk]))
    archived = page.text.split('id="archived-blocks"')[1]
    assert world.other_block.name in archived
    table = page.text.split('id="province-blocks"')[1].split("</table>")[0]
    assert world.other_block.name not in table
