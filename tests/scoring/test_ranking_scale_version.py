"""The ranking and the review grid read the version the sheets were scored against.

Found by running a whole year through every app (tests/test_yearly_cycle.py): after scoring
opens, the leader may start a draft v2 of the scale (`scale_new_version`). Until the board
approves it, the sheets stay on the locked v1, so the ranking, its classification floors and the
published snapshot must keep reading v1. They used to read the newest version, draft or not: a
criterion added in the draft appeared with no points for anyone and its 0 % dragged every unit
below every band floor.
"""

from decimal import Decimal

import pytest

from accounts.models import User
from campaigns import services as campaigns_services
from campaigns.selectors import current_scale
from results import ranking
from results import services as results_services
from scoring.selectors import review_grid
from tests.factories import make_scored_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def term_with_draft_v2():
    term = make_scored_term(units=3, criteria=3)
    v1 = term.scales.get()
    actor = User.objects.create(username="leader-v2")
    v2 = campaigns_services.scale_new_version(scale=v1, actor=actor, reason="Thêm tiêu chí 4")
    campaigns_services.criterion_create(
        scale=v2, actor=actor, code="4", title="Tiêu chí mới", kind="scored", max_points=Decimal(10)
    )
    return term, v1, v2


def test_ranking_reads_the_locked_version_not_the_draft(term_with_draft_v2):
    term, v1, v2 = term_with_draft_v2
    assert current_scale(term) == v1

    result = ranking.term_results(term)

    assert result.nominal_total == v1.nominal_total
    assert "4" not in {c["code"] for c in result.criteria}
    assert {c["code"] for c in result.criteria} == set(v1.criteria.values_list("code", flat=True))


def test_review_grid_reads_the_locked_version_not_the_draft(term_with_draft_v2):
    term, v1, _v2 = term_with_draft_v2

    grid = review_grid(term)

    assert {c.scale_id for c in grid.criteria} == {v1.pk}


def test_classification_is_not_dragged_down_by_a_draft_criterion(term_with_draft_v2):
    term, _v1, _v2 = term_with_draft_v2
    board = User.objects.create(username="board-v2", board_province=term.block.province)
    results_services.set_term_bands(
        term=term,
        actor=board,
        bands=[("Xuất sắc", Decimal("28"), Decimal("85")), ("Khác", Decimal("0"), Decimal("0"))],
        reason="Xếp loại theo thang 30 điểm",
    )

    results = ranking.term_results(term)

    # The top unit scores 10/10 on each of the three criteria it was scored on.
    top = results.rows[0]
    assert results.extra[top.unit_id].classification == "Xuất sắc"
