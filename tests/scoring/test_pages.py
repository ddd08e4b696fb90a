"""Scoring pages: pinned query counts, the same for small and large blocks."""

import pytest
from django.urls import reverse

from scoring.models import Query, Score, ScoreSheet
from tests.factories import BlockFactory, UserFactory, make_scored_term

pytestmark = pytest.mark.django_db
SIZES = [(5, 8), (15, 20), (5, 20), (15, 8)]


def _term(world, units: int, criteria: int):
    block = BlockFactory(province=world.province)
    term = make_scored_term(
        units=units, criteria=criteria, year=2030, block=block, status=ScoreSheet.Status.SUBMITTED
    )
    leader = UserFactory(username=f"leader-{units}-{criteria}", unit=term.leader)
    # Some review activity, so the counts cover reviewed points and open queries.
    for score in Score.objects.filter(sheet__term=term).order_by("pk")[::3]:
        Query.objects.create(score=score, question="?", raised_by=leader)
    Score.objects.filter(sheet__term=term, criterion__code="1").update(reviewed_points=5)
    return term, leader


@pytest.mark.parametrize("units,criteria", SIZES)
def test_review_grid_query_count(world, client, django_assert_num_queries, units, criteria):
    term, leader = _term(world, units, criteria)
    client.force_login(leader)
    url = reverse("scoring:review", args=[term.block_id, term.year])
    # session (1), user with their unit for the menu (1), term with block/leader/deputy (1)
    # (the leader unit's officer: no council check), grid: leaf criteria (1), sheets with
    # units (1), scores (1), open queries per sheet (1)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["grid"].rows) == units
    assert len(response.context["grid"].criteria) == criteria + 2


@pytest.mark.parametrize("units,criteria", SIZES[:2])
def test_progress_board_query_count(world, client, django_assert_num_queries, units, criteria):
    term, leader = _term(world, units, criteria)
    client.force_login(leader)
    url = reverse("scoring:progress", args=[term.block_id, term.year])
    # session (1), user with the menu's unit (1), term (1), sheets with units (1)
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["progress"].sheets) == units


@pytest.mark.parametrize("units,criteria", SIZES[:2])
def test_sheet_page_query_count(world, client, django_assert_num_queries, units, criteria):
    term, leader = _term(world, units, criteria)
    sheet = ScoreSheet.objects.filter(term=term).exclude(unit=term.leader).first()
    client.force_login(leader)
    url = reverse("scoring:sheet", args=[term.block_id, term.year, sheet.unit_id])
    # session (1), user with the menu's unit (1), the sheet with its year (1),
    # page: criteria (1), scores (1), evidence (1), queries (1), history (1)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("units,criteria", SIZES[:2])
def test_review_page_query_count(world, client, django_assert_num_queries, units, criteria):
    term, leader = _term(world, units, criteria)
    sheet = ScoreSheet.objects.filter(term=term).exclude(unit=term.leader).first()
    client.force_login(leader)
    url = reverse("scoring:sheet_review", args=[term.block_id, term.year, sheet.unit_id])
    # session (1), user with the menu's unit (1), the sheet with its year (1),
    # page: criteria (1), scores (1), evidence (1), queries (1), history (1)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
