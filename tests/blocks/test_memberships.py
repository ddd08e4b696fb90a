"""Blocks and memberships by board staff: each service accepts and refuses (with its code,
writing nothing), membership at a date, and the year's cut-off for score sheets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from blocks import selectors, services
from blocks.models import Block, Membership, Term
from emulation.forms import error_codes
from scoring.models import ScoreSheet
from tests.factories import (
    CriterionFactory,
    MembershipFactory,
    ProvinceFactory,
    ScaleFactory,
    TermFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def _refused(code, fn, **kwargs):
    memberships, entries = Membership.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        fn(**kwargs)
    assert code in error_codes(exc.value)
    assert (Membership.objects.count(), AuditEntry.objects.count()) == (memberships, entries)


# --- Blocks ---


def test_create_rename_archive_and_bring_back(world):
    board = world.users["board"]
    block = services.block_create(
        province=world.province, name="Cụm thi đua số 1", kind=Block.Kind.CUM, actor=board
    )
    services.block_update(
        block=block,
        name="Cụm thi đua các xã",
        kind=Block.Kind.CUM,
        description="Các xã biên giới",
        rotation_policy=Block.Rotation.ORDERED,
        actor=board,
    )
    services.block_set_archived(block=block, archived=True, actor=board)
    block.refresh_from_db()
    assert (block.name, block.rotation_policy, block.archived) == (
        "Cụm thi đua các xã",
        Block.Rotation.ORDERED,
        True,
    )
    with pytest.raises(ValidationError) as exc:
        services.block_set_archived(block=block, archived=True, actor=board)
    assert error_codes(exc.value) == {"no_change"}
    services.block_set_archived(block=block, archived=False, actor=board)
    entry = AuditEntry.objects.get(action="blocks.block.changed")
    assert entry.before["name"] == "Cụm thi đua số 1" and "kind" not in entry.after
    assert (
        AuditEntry.objects.filter(object_type="blocks.block", object_id=str(block.pk)).count() == 4
    )


def test_a_block_name_is_unique_in_its_province(world):
    with pytest.raises(ValidationError) as exc:
        services.block_create(
            province=world.province, name="khối a", kind="khoi", actor=world.users["board"]
        )
    assert error_codes(exc.value) == {"name_taken"}
    assert Block.objects.filter(province=world.province).count() == 2


# --- Memberships ---


def test_add_and_end_a_membership(world):
    unit = UnitFactory(province=world.province)
    board = world.users["board"]
    m = services.membership_add(block=world.block, unit=unit, valid_from=D(2025, 3, 1), actor=board)
    services.membership_end(membership=m, valid_to=D(2026, 6, 30), actor=board)
    m.refresh_from_db()
    assert (m.valid_from, m.valid_to) == (D(2025, 3, 1), D(2026, 6, 30))
    assert (
        AuditEntry.objects.filter(
            action__in=["blocks.membership.added", "blocks.membership.ended"]
        ).count()
        == 2
    )


def test_overlapping_membership_is_refused(world):
    _refused(
        "membership_overlap",
        services.membership_add,
        block=world.block,
        unit=world.member_unit,
        valid_from=D(2026, 1, 1),
        actor=world.users["board"],
    )


def test_end_before_start_is_refused(world):
    unit = UnitFactory(province=world.province)
    _refused(
        "end_before_start",
        services.membership_add,
        block=world.block,
        unit=unit,
        valid_from=D(2026, 1, 1),
        valid_to=D(2025, 1, 1),
        actor=world.users["board"],
    )
    m = world.block.memberships.get(unit=world.member_unit)
    _refused(
        "end_before_start",
        services.membership_end,
        membership=m,
        valid_to=D(2014, 1, 1),
        actor=world.users["board"],
    )


def test_a_unit_of_another_province_is_refused(world):
    stranger = UnitFactory(province=ProvinceFactory(code="LA"))
    _refused(
        "other_province",
        services.membership_add,
        block=world.block,
        unit=stranger,
        valid_from=D(2026, 1, 1),
        actor=world.users["board"],
    )


def test_a_published_year_keeps_its_members(world):
    # 2024 is published: nobody joins it, nobody leaves it after the fact.
    _refused(
        "published_year",
        services.membership_add,
        block=world.block,
        unit=UnitFactory(province=world.province),
        valid_from=D(2024, 6, 1),
        actor=world.users["board"],
    )
    m = world.block.memberships.get(unit=world.member_unit)
    _refused(
        "published_year",
        services.membership_end,
        membership=m,
        valid_to=D(2024, 6, 30),
        actor=world.users["board"],
    )


def test_the_leader_of_a_later_year_cannot_leave_before_it(world):
    m = world.block.memberships.get(unit=world.leader_unit)
    with pytest.raises(ValidationError) as exc:
        services.membership_end(membership=m, valid_to=D(2024, 12, 31), actor=world.users["board"])
    # 2025 is led by it; 2024 is published, which is refused first
    assert error_codes(exc.value) & {"leads_a_year", "published_year"}
    m.refresh_from_db()
    assert m.valid_to is None


def test_ending_twice_is_refused(world):
    m = world.block.memberships.get(unit=world.member_unit)
    services.membership_end(membership=m, valid_to=D(2026, 12, 31), actor=world.users["board"])
    _refused(
        "already_ended",
        services.membership_end,
        membership=m,
        valid_to=D(2027, 12, 31),
        actor=world.users["board"],
    )


def test_membership_at_a_date(world):
    board = world.users["board"]
    newcomer = UnitFactory(province=world.province, name="Sở Mới Vào")
    services.membership_add(block=world.block, unit=newcomer, valid_from=D(2025, 7, 1), actor=board)
    leaving = world.block.memberships.get(unit=world.member_unit)
    services.membership_end(membership=leaving, valid_to=D(2025, 9, 30), actor=board)

    def names(day):
        return {m.unit.name for m in selectors.block_page(world.block, day).members}

    assert newcomer.name not in names(D(2025, 6, 30))
    assert world.member_unit.name in names(D(2025, 6, 30))
    assert {newcomer.name, world.member_unit.name} <= names(D(2025, 9, 30))
    assert newcomer.name in names(D(2025, 10, 1))
    assert world.member_unit.name not in names(D(2025, 10, 1))
    page = selectors.block_page(world.block, D(2025, 10, 1))
    assert world.member_unit.name in {m.unit.name for m in page.others}


def test_the_block_page_shows_members_at_the_date_asked(world, client):
    leaving = world.block.memberships.get(unit=world.member_unit)
    services.membership_end(membership=leaving, valid_to=D(2025, 9, 30), actor=world.users["board"])
    client.force_login(world.users["board"])
    url = reverse("blocks:block_manage", args=[world.block.pk])
    before = client.get(url, {"on": "30/09/2025"})
    after = client.get(url, {"on": "01/10/2025"})
    members_table = lambda r: r.text.split('id="block-members"')[1].split("</table>")[0]  # noqa: E731
    assert world.member_unit.name in members_table(before)
    assert world.member_unit.name not in members_table(after)
    assert client.get(url, {"on": "không phải ngày"}).status_code == 200


def test_a_refused_membership_is_an_error_on_the_form(world, client):
    client.force_login(world.users["board"])
    response = client.post(
        reverse("blocks:membership_add", args=[world.block.pk]),
        {"unit": world.member_unit.pk, "valid_from": "01/01/2026"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert world.block.memberships.filter(unit=world.member_unit).count() == 1


def test_rotation_order(world):
    memberships = list(world.block.memberships.order_by("pk"))
    positions = {m.pk: index for index, m in enumerate(memberships, start=1)}
    services.rotation_order_set(block=world.block, positions=positions, actor=world.users["board"])
    assert list(
        world.block.memberships.order_by("pk").values_list("rotation_position", flat=True)
    ) == [1, 2, 3, 4]
    with pytest.raises(ValidationError) as exc:
        services.rotation_order_set(
            block=world.block,
            positions={memberships[0].pk: 1, memberships[1].pk: 1},
            actor=world.users["board"],
        )
    assert error_codes(exc.value) == {"duplicate_position"}


# --- The cut-off: who gets a score sheet ---


def _setup_year(world, year=2026, **fields):
    term = TermFactory(
        block=world.block,
        year=year,
        leader=world.leader_unit,
        deputy=world.deputy_unit,
        status=Term.Status.SETUP,
        **fields,
    )
    scale = ScaleFactory(term=term, status="approved")
    CriterionFactory(scale=scale, code="1")
    return term


def _open(world, term):
    from scoring.services import open_scoring

    open_scoring(
        term=term,
        opens_at=datetime.datetime(term.year, 12, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(term.year + 1, 1, 15, tzinfo=datetime.UTC),
        actor=world.users["board"],
    )
    return set(ScoreSheet.objects.filter(term=term).values_list("unit_id", flat=True))


def test_a_unit_leaving_before_the_cut_off_gets_no_sheet(world):
    term = _setup_year(world)
    leaving = world.block.memberships.get(unit=world.member_unit)
    services.membership_end(membership=leaving, valid_to=D(2026, 8, 31), actor=world.users["board"])
    joining = MembershipFactory(
        block=world.block, unit__province=world.province, valid_from=D(2026, 9, 1)
    )
    sheets = _open(world, term)
    assert world.member_unit.pk not in sheets  # left before 31/12 (the default cut-off)
    assert joining.unit_id in sheets  # joined during the year
    assert world.leader_unit.pk in sheets and world.deputy_unit.pk in sheets


def test_a_unit_leaving_after_an_earlier_cut_off_is_scored(world):
    term = _setup_year(world)
    services.term_set_cutoff(term=term, cutoff=D(2026, 6, 30), actor=world.users["board"])
    leaving = world.block.memberships.get(unit=world.member_unit)
    services.membership_end(membership=leaving, valid_to=D(2026, 8, 31), actor=world.users["board"])
    term.refresh_from_db()
    assert term.cutoff == D(2026, 6, 30)
    assert world.member_unit.pk in set(selectors.scored_unit_ids(term))
    assert world.member_unit.pk in _open(world, term)


def test_the_cut_off_falls_within_the_year_and_not_after_scoring(world):
    term = _setup_year(world)
    with pytest.raises(ValidationError) as exc:
        services.term_set_cutoff(term=term, cutoff=D(2027, 1, 1), actor=world.users["board"])
    assert "cutoff_outside_year" in error_codes(exc.value)
    term.refresh_from_db()
    assert term.membership_cutoff is None
    Term.objects.filter(pk=term.pk).update(status=Term.Status.REVIEW)
    with pytest.raises(ValidationError) as exc:
        services.term_set_cutoff(term=term, cutoff=D(2026, 6, 1), actor=world.users["board"])
    assert error_codes(exc.value) == {"term_status"}
