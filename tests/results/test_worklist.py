"""'Việc cần làm' on the home page: each person's open tasks, one click from where they are done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blocks.models import Term
from campaigns.models import Pact, Registration, Scale
from portal.worklist import worklist
from scoring.models import ScoreSheet
from tests.factories import (
    BlockFactory,
    MembershipFactory,
    ScaleFactory,
    ScoreSheetFactory,
    TermFactory,
)

HOME = "portal:home"


def _sheet_url(world, unit):
    return reverse("scoring:sheet", args=[world.block.pk, world.term.year, unit.pk])


def test_member_sees_its_sheet_to_fill_with_the_deadline(world, clients):
    closes = timezone.now() + datetime.timedelta(days=3)
    Term.objects.filter(pk=world.term.pk).update(scoring_closes_at=closes)
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(
        status=ScoreSheet.Status.DRAFT
    )
    response = clients["member"].get(reverse(HOME))
    assert response.status_code == 200
    assert _sheet_url(world, world.member_unit) in response.text
    assert 'id="todo"' in response.text


def test_a_late_sheet_is_flagged(world):
    closes = timezone.now() - datetime.timedelta(days=1)
    Term.objects.filter(pk=world.term.pk).update(scoring_closes_at=closes)
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(
        status=ScoreSheet.Status.NOT_STARTED
    )
    tasks = worklist(world.users["member"], timezone.now()).tasks
    assert [t.late for t in tasks] == [True]


def test_query_to_answer_and_no_task_for_verified_sheets(world):
    member = world.users["member"]
    assert worklist(member, timezone.now()).tasks == []
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(
        status=ScoreSheet.Status.NEEDS_EXPLANATION
    )
    [task] = worklist(member, timezone.now()).tasks
    assert task.url == _sheet_url(world, world.member_unit)


def test_leader_and_board_see_sheets_to_review_members_do_not(world):
    ScoreSheet.objects.filter(term=world.term).update(status=ScoreSheet.Status.SUBMITTED)
    review = reverse("scoring:review", args=[world.block.pk, world.term.year])
    for name in ("leader", "board"):
        assert review in [t.url for t in worklist(world.users[name], timezone.now()).tasks]
    for name in ("member", "deputy", "council", "outsider"):
        assert review not in [t.url for t in worklist(world.users[name], timezone.now()).tasks]


def test_board_sees_scale_to_approve(world):
    Scale.objects.filter(term=world.term).update(status=Scale.Status.SUBMITTED)
    url = reverse("campaigns:scale_editor", args=[world.block.pk, world.term.year])
    assert url in [t.url for t in worklist(world.users["board"], timezone.now()).tasks]
    assert url not in [t.url for t in worklist(world.users["leader"], timezone.now()).tasks]


def test_pact_to_sign_and_registration_to_decide(world):
    Term.objects.filter(pk=world.term.pk).update(status=Term.Status.SETUP)
    Pact.objects.create(term=world.term, title="Giao ước")
    Registration.objects.create(
        term=world.term,
        unit=world.member_unit,
        submitted_by=world.users["member"],
        submitted_at=timezone.now(),
    )
    pact = reverse("campaigns:pact_detail", args=[world.block.pk, world.term.year])
    regs = reverse("campaigns:registration_list", args=[world.block.pk, world.term.year])
    assert pact in [t.url for t in worklist(world.users["member"], timezone.now()).tasks]
    assert regs in [t.url for t in worklist(world.users["leader"], timezone.now()).tasks]
    assert regs not in [t.url for t in worklist(world.users["member"], timezone.now()).tasks]


def test_anonymous_home_has_no_worklist(world, clients):
    assert 'id="todo"' not in clients["anonymous"].get(reverse(HOME)).text


@pytest.mark.parametrize("blocks", [1, 4])
def test_home_query_count_is_constant(world, clients, django_assert_num_queries, blocks):
    """Each extra block the board oversees adds rows, never queries."""
    for i in range(blocks):
        block = BlockFactory(province=world.province, name=f"Khối thêm {i}")
        term = TermFactory(block=block, year=2025)
        ScaleFactory(term=term, status=Scale.Status.SUBMITTED)
        unit = MembershipFactory(block=block, unit__province=world.province).unit
        ScoreSheetFactory(term=term, unit=unit, status=ScoreSheet.Status.SUBMITTED)
    # session (1), user (1), insider years (1), sheets to review (1), scales (1),
    # registrations (1), award proposals to act on (1), the board's province in the layout
    # (1), provinces (1) and their blocks (1); the board has no unit, so no own-sheet or pact
    # query, and no provisional year, so no release query
    with django_assert_num_queries(10):
        response = clients["board"].get(reverse(HOME))
    assert response.content.decode().count('class="todo-task') == blocks * 2
