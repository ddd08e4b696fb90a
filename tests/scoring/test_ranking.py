from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.models import Criterion
from results.ranking import RankingRow, assign_ranks, build_rules, term_results
from scoring.models import Score, ScoreSheet
from tests.factories import make_scored_term

pytestmark = pytest.mark.django_db


def _row(uid: int, base: str, bonus: str = "0", deduction: str = "0", **kw) -> RankingRow:
    return RankingRow(
        unit_id=uid,
        unit_name=f"Unit {uid}",
        unit_short_name="",
        sheet_id=uid,
        base=Decimal(base),
        bonus=Decimal(bonus),
        deduction=Decimal(deduction),
        **kw,
    )


def test_shared_ranks_are_competition_ranks():
    rows = assign_ranks([_row(1, "90"), _row(2, "95"), _row(3, "95"), _row(4, "80")])
    assert [(r.unit_id, r.rank, r.shared) for r in rows] == [
        (2, 1, True),
        (3, 1, True),
        (1, 3, False),
        (4, 4, False),
    ]
    assert rows[0].tie_note == rows[1].tie_note != ""
    assert rows[2].tie_note == ""


def test_one_two_two_four():
    rows = assign_ranks([_row(1, "99"), _row(2, "90"), _row(3, "90"), _row(4, "70")])
    assert [r.rank for r in rows] == [1, 2, 2, 4]


def test_total_is_never_clamped_above_nominal_maximum():
    row = _row(1, "97", bonus="10")
    assert row.total == Decimal("107")


def test_deduction_is_subtracted():
    assert _row(1, "90", bonus="2", deduction="3.5").total == Decimal("88.5")


def test_tie_rule_breaks_a_tie_and_says_which():
    from django.utils import translation

    with translation.override("en"):
        rules = build_rules(["full_marks"], [])
        a = _row(1, "90", full_marks=3)
        b = _row(2, "90", full_marks=1)
        rows = assign_ranks([b, a], rules)
    assert [(r.unit_id, r.rank, r.shared) for r in rows] == [(1, 1, False), (2, 2, False)]
    assert "full marks" in rows[0].tie_note


def test_tie_rules_exhausted_share_the_rank():
    rules = build_rules(["full_marks", "fewer_deductions"], [])
    rows = assign_ranks([_row(1, "90", full_marks=2), _row(2, "90", full_marks=2)], rules)
    assert [r.rank for r in rows] == [1, 1]
    assert all(r.shared for r in rows)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=12))
def test_rank_is_one_plus_number_strictly_ahead(totals):
    rows = assign_ranks([_row(i, str(t)) for i, t in enumerate(totals)])
    for row in rows:
        ahead = sum(1 for other in rows if other.total > row.total)
        assert row.rank == ahead + 1


def test_term_results_counts_only_verified_sheets():
    term = make_scored_term(units=3, criteria=2)
    pending = ScoreSheet.objects.filter(term=term).order_by("unit__name").last()
    pending.status = ScoreSheet.Status.SUBMITTED
    pending.save()
    ranking = term_results(term)
    assert len(ranking.rows) == 2
    assert [s.pk for s in ranking.pending] == [pending.pk]


def test_term_results_uses_reviewed_points_over_self_points():
    term = make_scored_term(units=2, criteria=1)
    first = term_results(term).rows[0]
    score = Score.objects.get(sheet_id=first.sheet_id, criterion__kind=Criterion.Kind.SCORED)
    score.reviewed_points = Decimal("2.5")
    score.review_reason = "Thiếu minh chứng"
    score.save()
    row = next(r for r in term_results(term).rows if r.sheet_id == first.sheet_id)
    assert row.base == Decimal("2.5")
    assert row.points["1"] == Decimal("2.5")


def test_term_results_bonus_and_deduction():
    term = make_scored_term(units=2, criteria=2)
    sheet = ScoreSheet.objects.filter(term=term).first()
    Score.objects.filter(sheet=sheet, criterion__code="B").update(self_points=Decimal("4"))
    Score.objects.filter(sheet=sheet, criterion__code="D").update(self_points=Decimal("1.5"))
    row = next(r for r in term_results(term).rows if r.sheet_id == sheet.pk)
    assert row.bonus == Decimal("4") and row.deduction == Decimal("1.5")
    assert row.total == row.base + Decimal("2.5")


def _count(term) -> int:
    with CaptureQueriesContext(connection) as ctx:
        term_results(term)
    return len(ctx.captured_queries)


def test_ranking_query_count_is_constant_in_units_and_criteria():
    small = make_scored_term(units=3, criteria=3)
    large = make_scored_term(units=30, criteria=12, year=2024)
    # tie policy (1), bands (1), incidents (1), criteria of the locked scale (1), sheets (1),
    # counted scores (1): the totals are added in Python, not by SQL SUM
    assert _count(small) == 6
    assert _count(large) == 6
