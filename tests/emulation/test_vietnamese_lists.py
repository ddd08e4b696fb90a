"""Vietnamese order where people read names: the year's lists (movements, adoptions, pact,
registrations, incidents, objections), account and admin lists — in SQL through `vi()`, which
sorts alike on SQLite and PostgreSQL, and in Python through `sorted_vi` (issue #10)."""

import pytest
from django.urls import reverse

from blocks.models import Block, Membership, Unit
from campaigns.models import Campaign
from emulation.collation import vi
from results.models import Incident, Objection
from tests.factories import CampaignFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The four members of Khối A, in the order a Vietnamese reader expects. By code point the
# order is the other way round: "Sở Tài" < "Sở Ơn" < "Sở Ưu" < "Đài" (Đ, Ơ, Ư come after Z).
MEMBERS = ["Đài Phát thanh tỉnh", "Sở Ơn nghĩa", "Sở Tài nguyên", "Sở Ưu đãi"]


@pytest.fixture
def named(world):
    members = [world.leader_unit, world.deputy_unit, world.member_unit]
    members += [
        m.unit for m in Membership.objects.filter(block=world.block).exclude(unit__in=members)
    ]
    for unit, name in zip(members, reversed(MEMBERS), strict=True):
        Unit.objects.filter(pk=unit.pk).update(name=name)
    return world


def in_order(text: str, names: list[str], after: str = "") -> bool:
    """`names` appear in this order in `text` (from the element with id `after`, if given)."""
    if after:
        text = text[text.index(f'id="{after}"') :]
    positions = [text.index(name) for name in names]
    return positions == sorted(positions)


def test_code_point_order_is_the_wrong_one():
    assert sorted(MEMBERS) != MEMBERS


def test_sql_order_is_vietnamese(named):
    names = list(
        Unit.objects.filter(memberships__block=named.block)
        .order_by(vi("name"))
        .values_list("name", flat=True)
    )
    assert names == MEMBERS
    backwards = Unit.objects.filter(memberships__block=named.block).order_by(vi("name").desc())
    assert [u.name for u in backwards] == MEMBERS[::-1]


@pytest.mark.parametrize(
    "url_name,section",
    [
        ("campaigns:campaign_list", "adoption-table"),
        ("campaigns:pact_detail", "signatures"),
        ("campaigns:registration_list", "registrations"),
    ],
)
def test_the_year_lists_members_in_vietnamese_order(named, clients, url_name, section):
    CampaignFactory()  # a central movement: the adoption table has a row per member
    term = named.term
    response = clients["leader"].get(reverse(url_name, args=[term.block_id, term.year]))
    assert response.status_code == 200
    assert in_order(response.text, MEMBERS, after=section)


def test_movements_in_vietnamese_order(named, clients):
    titles = ["Đẩy mạnh cải cách", "Ơn nghĩa", "Thi đua yêu nước", "Ưu tiên số hóa"]
    for title in reversed(titles):
        CampaignFactory(term=named.term, level=Campaign.Level.BLOCK, block=named.block, name=title)
    term = named.term
    response = clients["leader"].get(
        reverse("campaigns:campaign_list", args=[term.block_id, term.year])
    )
    assert in_order(response.text, titles, after="own-campaigns")


def test_incidents_and_objections_in_vietnamese_order(named, clients):
    for unit in Unit.objects.filter(name__in=MEMBERS).order_by("-name"):
        Incident.objects.create(term=named.term, unit=unit, kind="other", note="Ghi chú")
        Objection.objects.create(term=named.term, unit=unit, criterion_code="1", text="Ý kiến")
    term = named.term
    response = clients["leader"].get(reverse("results:workspace", args=[term.block_id, term.year]))
    assert response.status_code == 200
    assert in_order(response.text, MEMBERS, after="objections")
    assert in_order(response.text, MEMBERS, after="incidents")


@pytest.mark.parametrize(
    "model,names",
    [
        ("unit", ["Ban Quản lý", "Đài Phát thanh", "Sở Ô tô", "Sở Ơn", "Sở Tài", "Sở Thông"]),
        ("block", ["Khối Đảng", "Khối Kinh tế", "Khối Ư", "Khối Văn hóa"]),
    ],
)
def test_admin_lists_in_vietnamese_order(world, clients, model, names):
    for name in reversed(names):
        if model == "unit":
            UnitFactory(name=name, province=world.province)
        else:
            Block.objects.create(province=world.province, name=name, kind="khoi")
    response = clients["superuser"].get(reverse(f"admin:blocks_{model}_changelist"))
    assert response.status_code == 200
    assert in_order(response.text, names)
    # Clicking the name column (ascending, then descending) keeps Vietnamese order.
    ascending = clients["superuser"].get(reverse(f"admin:blocks_{model}_changelist") + "?o=1")
    assert in_order(ascending.text, names)
    descending = clients["superuser"].get(reverse(f"admin:blocks_{model}_changelist") + "?o=-1")
    assert in_order(descending.text, names[::-1])


def test_admin_memberships_by_unit_in_vietnamese_order(named, clients):
    response = clients["superuser"].get(
        reverse("admin:blocks_membership_changelist") + f"?block__id__exact={named.block.pk}"
    )
    assert response.status_code == 200
    assert in_order(response.text, MEMBERS, after="result_list")


def test_choice_lists_in_vietnamese_order(named, clients):
    term = named.term
    response = clients["leader"].get(reverse("results:term_next", args=[term.block_id, term.year]))
    select = response.text[response.text.index('name="leader"') :]
    assert in_order(select, MEMBERS)
