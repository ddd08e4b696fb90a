"""Rules review: the leading unit, tie explanations and group tie rules."""

from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.models import Criterion
from results.models import Incident, TiePolicy
from results.ranking import (
    Band,
    RankingRow,
    assign_ranks,
    build_rules,
    criterion_dicts,
    rank,
    term_results,
)

BANDS = [Band("Y", Decimal("0"), Decimal("0"))]
CRITERIA = [
    {"code": "1", "title": "A", "kind": "scored", "max_points": Decimal("10"), "parent": None},
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _row(uid, total, name=None, **kw):
    return RankingRow(
        unit_id=uid,
        unit_name=name or f"U{uid}",
        unit_short_name="",
        sheet_id=uid,
        base=Decimal(total),
        points={"1": Decimal(total)},
        **kw,
    )


def _rank(rows, incidents=None, policy=()):
    return rank(
        term=None,
        rows=rows,
        criteria=CRITERIA,
        nominal_total=Decimal("10"),
        policy=policy,
        bands=BANDS,
        incidents=incidents or {},
    )


def test_a_shared_first_rank_does_not_pick_a_leading_unit_by_name():
    # Two eligible units level on every rule: alphabetical order must not decide who leads.
    results = _rank([_row(1, "9", "Zeta"), _row(2, "9", "Alpha"), _row(3, "5")])
    assert results.leading_unit_id is None
    for uid in (1, 2):
        extra = results.extra[uid]
        assert not extra.leading
        assert "shares rank 1" in extra.passed_over_note


def test_a_shared_rank_behind_an_ineligible_top_scorer_also_leaves_the_lead_open():
    results = _rank([_row(1, "10"), _row(2, "9"), _row(3, "9")], incidents={1: ["discipline"]})
    assert results.leading_unit_id is None
    assert "Not the leading unit" in results.extra[1].passed_over_note


def test_a_single_eligible_top_unit_still_leads():
    results = _rank([_row(1, "10"), _row(2, "9"), _row(3, "9")])
    assert results.leading_unit_id == 1
    assert results.extra[2].passed_over_note == ""


def test_three_way_tie_each_row_names_every_rule_it_needed():
    rules = build_rules(["full_marks", "fewer_deductions"], [])
    a = _row(1, "90", full_marks=3)
    b = RankingRow(2, "U2", "", 2, base=Decimal("91"), deduction=Decimal("1"), full_marks=1)
    c = RankingRow(3, "U3", "", 3, base=Decimal("92"), deduction=Decimal("2"), full_marks=1)
    rows = assign_ranks([c, b, a], rules)
    assert [r.unit_id for r in rows] == [1, 2, 3]
    assert "full marks" in rows[0].tie_note and "deduction" not in rows[0].tie_note
    # B and C were level on full marks: fewer deductions decided between them.
    for row in rows[1:]:
        assert "full marks" in row.tie_note and "fewer deduction points" in row.tie_note


def test_group_rule_sums_sub_criteria_of_nested_groups(db):
    from tests.factories import CriterionFactory, ScaleFactory

    scale = ScaleFactory()
    top = CriterionFactory(
        scale=scale, code="G", kind=Criterion.Kind.GROUP, max_points=Decimal("20")
    )
    sub = CriterionFactory(
        scale=scale, code="G.1", parent=top, kind=Criterion.Kind.GROUP, max_points=Decimal("10")
    )
    leaf_a = CriterionFactory(scale=scale, code="G.1.a", parent=sub, max_points=Decimal("10"))
    leaf_b = CriterionFactory(scale=scale, code="G.2", parent=top, max_points=Decimal("10"))
    criteria = [top, sub, leaf_a, leaf_b]
    (rule,) = build_rules(["group:G"], criterion_dicts(criteria))
    row = _row(1, "0")
    row.points = {"G.1.a": Decimal("7"), "G.2": Decimal("4")}
    assert rule.key(row) == Decimal("11")


def test_group_rule_counts_only_scored_lines(db):
    from tests.factories import CriterionFactory, ScaleFactory

    scale = ScaleFactory()
    top = CriterionFactory(
        scale=scale, code="G", kind=Criterion.Kind.GROUP, max_points=Decimal("10")
    )
    leaf = CriterionFactory(scale=scale, code="G.1", parent=top, max_points=Decimal("10"))
    minus = CriterionFactory(
        scale=scale, code="G.D", parent=top, kind=Criterion.Kind.DEDUCTION, max_points=Decimal("5")
    )
    (rule,) = build_rules(["group:G"], criterion_dicts([top, leaf, minus]))
    row = _row(1, "0")
    row.points = {"G.1": Decimal("8"), "G.D": Decimal("3")}
    # A deduction inside the group never raises the group's score.
    assert rule.key(row) == Decimal("8")


def test_shared_lead_on_a_live_term(build_term):
    term = build_term({"A": {"1": "10"}, "C": {"1": "10"}, "E": {"1": "3"}})
    TiePolicy.objects.create(term=term, rules=["full_marks"])
    Incident.objects.create(term=term, unit=term.units["E"], kind="other", note="x")
    assert term_results(term).leading_unit_id is None
