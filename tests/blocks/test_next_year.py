"""The one entry point for the next year (`blocks.services.term_create_next`) and the rotation
suggestion with its reason (`blocks.selectors.rotation_suggestion`)."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from blocks import selectors, services
from blocks.models import Block, Membership, Term
from blocks.services.next_year import carry_forward_steps

pytestmark = pytest.mark.django_db


def _policy(world, policy):
    Block.objects.filter(pk=world.block.pk).update(rotation_policy=policy)
    world.term.block.refresh_from_db()


def test_the_apps_above_hand_their_steps_in_order():
    assert carry_forward_steps() == ("scale", "campaigns", "rules")


def test_every_step_by_default_and_one_audit_entry(world):
    new = services.term_create_next(
        term=world.term, actor=world.users["board"], leader=world.deputy_unit
    )
    assert (new.year, new.leader, new.status) == (2026, world.deputy_unit, Term.Status.SETUP)
    assert new.scales.count() == 1
    entry = AuditEntry.objects.get(action="blocks.term.created_from_previous")
    assert set(entry.after["carried"]) == {"scale", "campaigns", "rules"}
    assert entry.term_id == new.pk


def test_only_the_steps_asked_for(world):
    new = services.term_create_next(
        term=world.term, actor=world.users["board"], leader=world.leader_unit, carry=["campaigns"]
    )
    assert not new.scales.exists()
    entry = AuditEntry.objects.get(action="blocks.term.created_from_previous")
    assert list(entry.after["carried"]) == ["campaigns"]


def test_an_unknown_step_is_a_programming_error(world):
    with pytest.raises(ValueError):
        services.term_create_next(
            term=world.term, actor=world.users["board"], leader=world.leader_unit, carry=["x"]
        )
    assert not Term.objects.filter(year=2026).exists()


def test_election_suggests_nothing_and_says_why(world):
    _policy(world, Block.Rotation.ELECTION)
    suggestion = selectors.rotation_suggestion(world.term)
    assert (suggestion.leader, suggestion.deputy, suggestion.elected) == (None, None, True)
    assert suggestion.reason


def test_appointment_suggests_nothing(world):
    _policy(world, Block.Rotation.APPOINTED)
    suggestion = selectors.rotation_suggestion(world.term)
    assert (suggestion.leader, suggestion.elected) == (None, False)
    assert suggestion.reason


def test_deputy_promotes_names_the_deputy(world):
    _policy(world, Block.Rotation.DEPUTY_PROMOTES)
    suggestion = selectors.rotation_suggestion(world.term)
    assert suggestion.leader == world.deputy_unit
    assert world.deputy_unit.name in suggestion.reason


def test_ordered_list_names_the_next_and_says_after_whom(world):
    _policy(world, Block.Rotation.ORDERED)
    for position, unit in enumerate([world.leader_unit, world.member_unit, world.deputy_unit], 1):
        Membership.objects.filter(block=world.block, unit=unit).update(rotation_position=position)
    suggestion = selectors.rotation_suggestion(world.term)
    assert (suggestion.leader, suggestion.deputy) == (world.member_unit, world.deputy_unit)
    assert world.leader_unit.name in suggestion.reason


def test_an_empty_list_says_so(world):
    _policy(world, Block.Rotation.ORDERED)
    suggestion = selectors.rotation_suggestion(world.term)
    assert suggestion.leader is None and suggestion.reason


def test_the_block_page_shows_the_suggestion_and_its_reason(world, client):
    _policy(world, Block.Rotation.DEPUTY_PROMOTES)
    client.force_login(world.users["board"])
    page = client.get(reverse("blocks:block_manage", args=[world.block.pk]))
    assert 'id="suggested-leader"' in page.text
    reason = page.text.split('id="suggestion-reason">')[1].split("</p>")[0]
    assert world.deputy_unit.name in reason
