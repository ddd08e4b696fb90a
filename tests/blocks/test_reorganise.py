"""A unit's merger, split or rename in one service: new rows and lineage, memberships moved on
the effective date, leadership and officers passed on, old names kept for the years before."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from blocks import services
from blocks.models import Membership, Term, Unit, UnitLineage
from emulation.forms import error_codes
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date
MERGE, SPLIT, RENAME = UnitLineage.Kind.MERGE, UnitLineage.Kind.SPLIT, UnitLineage.Kind.RENAME


def _reorganise(world, **kwargs):
    kwargs.setdefault("effective_on", D(2025, 7, 1))
    return services.unit_reorganise(actor=world.users["board"], **kwargs)


def test_merger_moves_memberships_and_leadership(world):
    world.block.memberships.filter(unit=world.leader_unit).update(rotation_position=2)
    world.block.memberships.filter(unit=world.member_unit).update(rotation_position=5)
    (successor,) = _reorganise(
        world,
        kind=MERGE,
        predecessors=[world.leader_unit, world.member_unit],
        successor_names=["Sở Hợp Nhất"],
        note="Nghị quyết 01/NQ-HĐND",
    )
    # The old rows keep their names and end the day before.
    for unit in (world.leader_unit, world.member_unit):
        unit.refresh_from_db()
        assert unit.active_to == D(2025, 6, 30)
        m = world.block.memberships.get(unit=unit)
        assert m.valid_to == D(2025, 6, 30)
    assert Unit.objects.filter(name=world.leader_unit.name).exists()
    # The successor is a member from the effective date, in the predecessors' place.
    new = world.block.memberships.get(unit=successor)
    assert (new.valid_from, new.valid_to, new.rotation_position) == (D(2025, 7, 1), None, 2)
    assert successor.active_from == D(2025, 7, 1)
    assert set(successor.predecessor_links.values_list("predecessor_id", "kind")) == {
        (world.leader_unit.pk, MERGE),
        (world.member_unit.pk, MERGE),
    }
    # The 2025 year (not published) passes to the successor; the published 2024 stays.
    world.term.refresh_from_db()
    world.published_term.refresh_from_db()
    assert world.term.leader == successor
    assert world.published_term.leader == world.leader_unit
    # The officers work for the successor now.
    assert User.objects.get(username="leader").unit == successor
    assert User.objects.get(username="member").unit == successor
    entry = AuditEntry.objects.get(action="blocks.unit.reorganised")
    assert entry.after["terms_passed"] == [world.term.pk] and entry.reason


def test_merger_into_a_continuing_unit(world):
    (successor,) = _reorganise(
        world,
        kind=MERGE,
        predecessors=[world.deputy_unit, world.member_unit],
        continuing=world.deputy_unit,
    )
    assert successor == world.deputy_unit
    world.deputy_unit.refresh_from_db()
    assert world.deputy_unit.active_to is None
    assert world.block.memberships.get(unit=world.deputy_unit).valid_to is None
    assert world.block.memberships.get(unit=world.member_unit).valid_to == D(2025, 6, 30)
    assert UnitLineage.objects.get().predecessor == world.member_unit


def test_leader_and_deputy_merged_leaves_no_deputy(world):
    (successor,) = _reorganise(
        world,
        kind=MERGE,
        predecessors=[world.leader_unit, world.deputy_unit],
        successor_names=["Sở Chung"],
    )
    world.term.refresh_from_db()
    assert (world.term.leader, world.term.deputy) == (successor, None)


def test_rename_keeps_the_old_name_for_the_published_year(world, client):
    old_name = world.member_unit.name
    (renamed,) = _reorganise(
        world,
        kind=RENAME,
        predecessors=[world.member_unit],
        successor_names=["Sở Tên Mới"],
        effective_on=D(2026, 1, 1),
    )
    world.member_unit.refresh_from_db()
    assert world.member_unit.name == old_name
    assert world.block.memberships.get(unit=renamed).valid_from == D(2026, 1, 1)
    page = client.get(reverse("portal:term_ranking", args=[world.block.pk, 2024]))
    assert old_name in page.text and "Sở Tên Mới" not in page.text


def test_split_makes_two_units_in_the_same_blocks(world):
    a, b = _reorganise(
        world,
        kind=SPLIT,
        predecessors=[world.member_unit],
        successor_names=["Sở Tách A", "Sở Tách B"],
    )
    started = Membership.objects.filter(block=world.block, valid_from=D(2025, 7, 1))
    assert set(started.values_list("unit__name", flat=True)) == {"Sở Tách A", "Sở Tách B"}
    # officers are not moved on a split: the board assigns them
    assert User.objects.get(username="member").unit == world.member_unit
    assert UnitLineage.objects.filter(predecessor=world.member_unit).count() == 2


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"kind": RENAME, "successor_names": ["A", "B"]}, "rename_shape"),
        ({"kind": MERGE, "successor_names": ["A"]}, "merge_shape"),
        ({"kind": SPLIT, "successor_names": ["A"]}, "split_shape"),
        ({"kind": RENAME, "successor_names": ["Khối A"]}, None),  # a block's name is fine
        ({"kind": RENAME, "successor_names": ["  "]}, "rename_shape"),
    ],
)
def test_shapes(world, kwargs, code):
    before = (Unit.objects.count(), Membership.objects.count(), UnitLineage.objects.count())
    if code is None:
        _reorganise(world, predecessors=[world.member_unit], **kwargs)
        return
    with pytest.raises(ValidationError) as exc:
        _reorganise(world, predecessors=[world.member_unit], **kwargs)
    assert code in error_codes(exc.value)
    assert (Unit.objects.count(), Membership.objects.count(), UnitLineage.objects.count()) == before


def test_a_name_in_use_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _reorganise(
            world,
            kind=RENAME,
            predecessors=[world.member_unit],
            successor_names=[world.leader_unit.name.upper()],
        )
    assert error_codes(exc.value) == {"name_taken"}
    world.member_unit.refresh_from_db()
    assert world.member_unit.active_to is None


def test_a_change_inside_a_published_year_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _reorganise(
            world,
            kind=RENAME,
            predecessors=[world.member_unit],
            successor_names=["Sở Tên Mới"],
            effective_on=D(2024, 7, 1),
        )
    assert error_codes(exc.value) == {"published_year"}
    assert not Unit.objects.filter(name="Sở Tên Mới").exists()
    assert not AuditEntry.objects.filter(action="blocks.unit.reorganised").exists()


def test_units_of_another_province_or_already_gone_are_refused(world):
    gone = UnitFactory(province=world.province, active_to=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _reorganise(world, kind=RENAME, predecessors=[gone], successor_names=["X"])
    assert error_codes(exc.value) == {"unit_inactive"}


def test_the_form_records_a_rename(world, client):
    client.force_login(world.users["board"])
    response = client.post(
        reverse("blocks:unit_reorganise", args=[world.province.pk]),
        {
            "kind": "rename",
            "predecessors": [world.member_unit.pk],
            "successor_names": "Sở Đổi Tên",
            "effective_on": "01/01/2026",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(name="Sở Đổi Tên").active_from == D(2026, 1, 1)


def test_the_form_shows_a_refusal(world, client):
    client.force_login(world.users["board"])
    response = client.post(
        reverse("blocks:unit_reorganise", args=[world.province.pk]),
        {
            "kind": "merge",
            "predecessors": [world.member_unit.pk],
            "successor_names": "Sở Đổi Tên",
            "effective_on": "01/01/2026",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Term.objects.filter(leader__name="Sở Đổi Tên").exists()
