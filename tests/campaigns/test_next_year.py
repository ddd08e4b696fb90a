"""New year in one action: preview, defaults from the rotation policy, copy, all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocks.models import Block, Membership, Term
from blocks.services import term_create_next
from campaigns import selectors, services
from campaigns.models import Campaign, Scale
from tests.campaigns.helpers import block_campaign, error_codes
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# What "prepare year N+1" carried before the rules were carried too (the campaigns step).
SCALE_AND_MOVEMENTS = ["scale", "campaigns"]


def test_copy_creates_the_year_with_scale_and_movements(world):
    campaign = block_campaign(world)
    Campaign.objects.create(
        level=Campaign.Level.BLOCK,
        name="Đã lưu trữ",
        block=world.block,
        term=world.term,
        archived=True,
    )
    new = term_create_next(
        carry=SCALE_AND_MOVEMENTS,
        term=world.term,
        actor=world.users["board"],
        leader=world.deputy_unit,
        deputy=world.member_unit,
    )
    assert (new.year, new.leader, new.deputy, new.status) == (
        2026,
        world.deputy_unit,
        world.member_unit,
        Term.Status.SETUP,
    )
    scale = new.scales.get()
    assert (scale.version, scale.status) == (1, Scale.Status.DRAFT)
    source = world.term.scales.get()
    assert sorted(scale.criteria.values_list("code", "kind", "max_points")) == sorted(
        source.criteria.values_list("code", "kind", "max_points")
    )
    copies = list(new.own_campaigns.all())
    assert [c.name for c in copies] == ["Phong trào thi đua năm 2026"]
    assert copies[0].copied_from == campaign
    assert copies[0].launched_on == datetime.date(2026, 1, 10)
    # Members are whoever is a member during 2026: nothing is copied.
    assert new.member_unit_ids() == world.term.member_unit_ids()


def test_copy_keeps_the_criteria_tree(world, draft):
    from tests.campaigns.conftest import build_valid_scale

    build_valid_scale(draft, world.users["leader"], groups=2)
    new = term_create_next(
        carry=SCALE_AND_MOVEMENTS,
        term=draft.term,
        actor=world.users["board"],
        leader=world.leader_unit,
    )
    scale = new.scales.get()
    child = scale.criteria.get(code="2.1")
    assert child.parent.code == "G2" and child.parent.scale == scale
    assert selectors.scale_problems(scale, list(scale.criteria.all())) == []


def test_an_existing_year_is_refused(world):
    term_create_next(
        carry=SCALE_AND_MOVEMENTS,
        term=world.term,
        actor=world.users["board"],
        leader=world.leader_unit,
    )
    with pytest.raises(ValidationError) as exc:
        term_create_next(
            carry=SCALE_AND_MOVEMENTS,
            term=world.term,
            actor=world.users["board"],
            leader=world.leader_unit,
        )
    assert error_codes(exc.value) == {"term_exists"}


def test_nothing_is_created_when_the_leader_is_not_a_member(world):
    block_campaign(world)
    scales, campaigns = Scale.objects.count(), Campaign.objects.count()
    with pytest.raises(ValidationError) as exc:
        term_create_next(
            carry=SCALE_AND_MOVEMENTS,
            term=world.term,
            actor=world.users["board"],
            leader=world.outsider_unit,
        )
    assert "not_member" in error_codes(exc.value)
    assert not Term.objects.filter(block=world.block, year=2026).exists()
    assert (Scale.objects.count(), Campaign.objects.count()) == (scales, campaigns)


def test_a_failure_half_way_rolls_everything_back(world, monkeypatch):
    block_campaign(world)

    def broken(*args, **kwargs):
        raise ValidationError("boom", code="boom")

    monkeypatch.setattr(services.next_year, "_next_name", broken)
    with pytest.raises(ValidationError):
        term_create_next(
            carry=SCALE_AND_MOVEMENTS,
            term=world.term,
            actor=world.users["board"],
            leader=world.leader_unit,
        )
    assert not Term.objects.filter(block=world.block, year=2026).exists()
    assert not Scale.objects.filter(term__year=2026).exists()


def test_deputy_promotes_policy(world):
    Block.objects.filter(pk=world.block.pk).update(rotation_policy=Block.Rotation.DEPUTY_PROMOTES)
    world.term.block.refresh_from_db()
    defaults = selectors.next_year_defaults(world.term)
    assert defaults.leader == world.deputy_unit and defaults.deputy is None


def test_ordered_rotation_policy(world):
    Block.objects.filter(pk=world.block.pk).update(rotation_policy=Block.Rotation.ORDERED)
    world.term.block.refresh_from_db()
    order = [world.member_unit, world.leader_unit, world.deputy_unit]
    for position, unit in enumerate(order, start=1):
        Membership.objects.filter(block=world.block, unit=unit).update(rotation_position=position)
    defaults = selectors.next_year_defaults(world.term)
    assert (defaults.leader, defaults.deputy) == (world.deputy_unit, world.member_unit)


def test_members_as_of_the_new_year(world):
    Membership.objects.filter(block=world.block, unit=world.member_unit).update(
        valid_to=datetime.date(2025, 12, 31)
    )
    newcomer = MembershipFactory(
        block=world.block, unit__province=world.province, valid_from=datetime.date(2026, 1, 1)
    ).unit
    defaults = selectors.next_year_defaults(world.term)
    assert newcomer in defaults.members and world.member_unit not in defaults.members


def test_preview_then_confirm(world, client):
    block_campaign(world)
    client.force_login(world.users["leader"])
    url = reverse("results:term_next", args=[world.block.pk, 2025])
    response = client.get(url)
    assert response.status_code == 200
    assert "Phong trào thi đua năm 2025" in response.text
    assert not Term.objects.filter(block=world.block, year=2026).exists()
    response = client.post(
        url, {"leader": world.deputy_unit.pk, "deputy": world.leader_unit.pk, "copy_scale": "on"}
    )
    assert response.status_code == 302
    new = Term.objects.get(block=world.block, year=2026)
    assert new.scales.count() == 1 and new.own_campaigns.count() == 0


def test_leader_equal_to_deputy_is_an_error_on_the_form(world, client):
    client.force_login(world.users["board"])
    url = reverse("results:term_next", args=[world.block.pk, 2025])
    response = client.post(url, {"leader": world.deputy_unit.pk, "deputy": world.deputy_unit.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["deputy"]
    assert not Term.objects.filter(block=world.block, year=2026).exists()


def test_ordered_rotation_continues_after_a_leader_that_left(world):
    # The list is member (1) → leader (2) → deputy (3). The 2025 leader leaves the block at the
    # end of 2025: the turn passes to the next on the list (the deputy), not back to the first.
    Block.objects.filter(pk=world.block.pk).update(rotation_policy=Block.Rotation.ORDERED)
    world.term.block.refresh_from_db()
    order = [world.member_unit, world.leader_unit, world.deputy_unit]
    for position, unit in enumerate(order, start=1):
        Membership.objects.filter(block=world.block, unit=unit).update(rotation_position=position)
    Membership.objects.filter(block=world.block, unit=world.leader_unit).update(
        valid_to=datetime.date(2025, 12, 31)
    )
    defaults = selectors.next_year_defaults(world.term)
    assert world.leader_unit not in defaults.members
    assert (defaults.leader, defaults.deputy) == (world.deputy_unit, world.member_unit)


def test_ordered_rotation_skips_a_listed_unit_that_left(world):
    Block.objects.filter(pk=world.block.pk).update(rotation_policy=Block.Rotation.ORDERED)
    world.term.block.refresh_from_db()
    order = [world.leader_unit, world.deputy_unit, world.member_unit]
    for position, unit in enumerate(order, start=1):
        Membership.objects.filter(block=world.block, unit=unit).update(rotation_position=position)
    Membership.objects.filter(block=world.block, unit=world.deputy_unit).update(
        valid_to=datetime.date(2025, 12, 31)
    )
    defaults = selectors.next_year_defaults(world.term)
    assert (defaults.leader, defaults.deputy) == (world.member_unit, world.leader_unit)


# --- The version in force, years in names, the policy's wording, rules carried (#14, #15) ---


def _newer_draft(world) -> Scale:
    """A version 2 of 2025 still in draft, with a line version 1 does not have."""
    from tests.factories import CriterionFactory, ScaleFactory

    v2 = ScaleFactory(term=world.term, version=2, status=Scale.Status.DRAFT)
    CriterionFactory(scale=v2, code="MOI", order=99)
    return v2


def test_the_version_in_force_is_copied_not_a_newer_draft(world):
    in_force = world.term.scales.get(version=1)
    _newer_draft(world)
    new = term_create_next(
        carry=SCALE_AND_MOVEMENTS,
        term=world.term,
        actor=world.users["board"],
        leader=world.leader_unit,
    )
    copied = new.scales.get()
    assert sorted(copied.criteria.values_list("code", flat=True)) == sorted(
        in_force.criteria.values_list("code", flat=True)
    )
    assert "MOI" not in set(copied.criteria.values_list("code", flat=True))
    assert copied.reason.endswith(" 1.")  # "…, version 1." in either language


def test_the_page_says_which_version_and_warns_of_the_newer_draft(world, client):
    _newer_draft(world)
    client.force_login(world.users["leader"])
    response = client.get(reverse("results:term_next", args=[world.block.pk, 2025]))
    defaults = response.context["defaults"]
    assert (defaults.scale.version, defaults.newer_draft.version) == (1, 2)
    assert 'id="next-newer-draft"' in response.text


def test_no_warning_without_a_newer_draft(world, client):
    client.force_login(world.users["leader"])
    response = client.get(reverse("results:term_next", args=[world.block.pk, 2025]))
    assert response.context["defaults"].newer_draft is None
    assert 'id="next-newer-draft"' not in response.text


def test_without_an_approved_version_the_latest_draft_is_copied(world):
    world.term.scales.update(status=Scale.Status.DRAFT)
    new = term_create_next(
        carry=SCALE_AND_MOVEMENTS,
        term=world.term,
        actor=world.users["board"],
        leader=world.leader_unit,
    )
    assert new.scales.get().criteria.count() == world.term.scales.get().criteria.count()
    assert selectors.next_year_defaults(world.term).scale_in_force is False


def test_years_in_names_and_themes_move_together(world):
    Campaign.objects.create(
        level=Campaign.Level.BLOCK,
        name="Thi đua năm 2025",
        theme="Hoàn thành kế hoạch năm 2025 trước 31/12/2025, giai đoạn 2025-2026, từ 1995",
        block=world.block,
        term=world.term,
        launched_on=datetime.date(2025, 2, 1),
    )
    new = term_create_next(
        carry=SCALE_AND_MOVEMENTS,
        term=world.term,
        actor=world.users["board"],
        leader=world.leader_unit,
    )
    copy = new.own_campaigns.get()
    assert copy.name == "Thi đua năm 2026"
    assert copy.theme == (
        "Hoàn thành kế hoạch năm 2026 trước 31/12/2026, giai đoạn 2026-2027, từ 1995"
    )
    assert copy.launched_on == datetime.date(2026, 2, 1)


def test_election_policy_suggests_nothing_and_says_the_conference_elects(world, client):
    Block.objects.filter(pk=world.block.pk).update(rotation_policy=Block.Rotation.ELECTION)
    client.force_login(world.users["board"])
    response = client.get(reverse("results:term_next", args=[world.block.pk, 2025]))
    defaults = response.context["defaults"]
    assert (defaults.leader, defaults.deputy, defaults.elected) == (None, None, True)
    assert 'id="next-policy-elected"' in response.text
    assert 'id="next-policy-suggested"' not in response.text


def test_ordered_policy_says_suggested(world, client):
    Block.objects.filter(pk=world.block.pk).update(rotation_policy=Block.Rotation.ORDERED)
    client.force_login(world.users["board"])
    response = client.get(reverse("results:term_next", args=[world.block.pk, 2025]))
    assert 'id="next-policy-suggested"' in response.text
    assert 'id="next-policy-elected"' not in response.text


def _agreed_rules(world):
    from decimal import Decimal

    from results.models import ClassificationBand, TiePolicy

    TiePolicy.objects.create(term=world.term, rules=["full_marks", "criterion:1"])
    for label, low, floor in [("Xuất sắc", "90", "80"), ("Tốt", "75", "50"), ("Khác", "0", "0")]:
        ClassificationBand.objects.create(
            province=world.province,
            term=world.term,
            label=label,
            min_total=Decimal(low),
            floor_percent=Decimal(floor),
        )


def test_tie_policy_and_bands_are_carried_forward(world):
    from audit.models import AuditEntry

    _agreed_rules(world)
    new = term_create_next(term=world.term, actor=world.users["board"], leader=world.leader_unit)
    assert new.tie_policy.rules == ["full_marks", "criterion:1"]
    assert list(
        new.classification_bands.order_by("-min_total").values_list(
            "label", "min_total", "floor_percent", "province"
        )
    ) == list(
        world.term.classification_bands.order_by("-min_total").values_list(
            "label", "min_total", "floor_percent", "province"
        )
    )
    assert world.term.classification_bands.count() == 3  # the source keeps its own
    entry = AuditEntry.objects.get(action="results.rules.carried_forward")
    assert entry.term_id == new.pk and len(entry.after["bands"]) == 3


def test_rules_not_copied_when_unticked_and_nothing_to_copy_is_fine(world):
    from results.models import TiePolicy

    _agreed_rules(world)
    new = term_create_next(
        term=world.term,
        actor=world.users["board"],
        leader=world.leader_unit,
        carry=["scale", "campaigns"],
    )
    assert not TiePolicy.objects.filter(term=new).exists()
    assert not new.classification_bands.exists()


def test_the_page_copies_the_rules(world, client):
    _agreed_rules(world)
    client.force_login(world.users["leader"])
    url = reverse("results:term_next", args=[world.block.pk, 2025])
    page = client.get(url)
    assert "Xuất sắc" in page.text and "nhiều tiêu chí đạt điểm tối đa" in page.text
    assert "full_marks" not in page.text
    response = client.post(
        url, {"leader": world.deputy_unit.pk, "copy_scale": "on", "copy_rules": "on"}
    )
    assert response.status_code == 302
    new = Term.objects.get(block=world.block, year=2026)
    assert new.classification_bands.count() == 3 and new.tie_policy.rules


def test_a_refused_year_copies_no_rules(world):
    from results.models import ClassificationBand

    _agreed_rules(world)
    with pytest.raises(ValidationError):
        term_create_next(term=world.term, actor=world.users["board"], leader=world.outsider_unit)
    assert ClassificationBand.objects.count() == 3
