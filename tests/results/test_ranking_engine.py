"""The ranking engine: tie-break policy, totals above the maximum, classification, eligibility."""

from decimal import Decimal

import pytest
from django.utils import translation

from results.models import ClassificationBand, Incident, TiePolicy
from results.ranking import term_results

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _by_name(results):
    return {row.unit_name: row for row in results.rows}


def test_total_above_the_nominal_maximum_is_kept(build_term):
    term = build_term({"A": {"1": "10", "2": "10", "3": "10", "B": "10"}, "C": {"1": "5"}})
    rows = _by_name(term_results(term))
    assert rows["A"].total == Decimal("40")  # 30 base + 10 bonus: never clamped to 30
    assert rows["A"].bonus == Decimal("10")


def test_deduction_is_subtracted(build_term):
    term = build_term({"A": {"1": "10", "D": "2"}, "C": {"1": "9"}})
    rows = _by_name(term_results(term))
    assert rows["A"].total == Decimal("8") and rows["A"].rank == 2


def test_tie_broken_by_full_marks_and_the_page_says_so(build_term):
    # Both 27: A has two criteria at full marks, C none.
    term = build_term({"A": {"1": "10", "2": "10", "3": "7"}, "C": {"1": "9", "2": "9", "3": "9"}})
    TiePolicy.objects.create(term=term, rules=["full_marks"])
    results = term_results(term)
    assert [(r.unit_name, r.rank, r.shared) for r in results.rows] == [
        ("A", 1, False),
        ("C", 2, False),
    ]
    assert "full marks" in results.rows[0].tie_note


def test_policy_order_matters(build_term):
    # Tied at 27. A: more full marks; C: higher score in group G (19 vs 20? no: 18 vs 20).
    scores = {"A": {"1": "10", "2": "7", "3": "10"}, "C": {"1": "10", "2": "10", "3": "7"}}
    # Full marks: A has 2 (1, 3), C has 2 (1, 2) → equal; group G: A 17, C 20 → C first.
    term = build_term(scores)
    TiePolicy.objects.create(term=term, rules=["full_marks", "group:G"])
    results = term_results(term)
    assert [r.unit_name for r in results.rows] == ["C", "A"]
    assert "Nhóm G" in results.rows[0].tie_note


def test_criterion_rule_implemented_in_results(build_term):
    term = build_term({"A": {"1": "8", "3": "10"}, "C": {"1": "10", "3": "8"}})
    TiePolicy.objects.create(term=term, rules=["criterion:1"])
    results = term_results(term)
    assert [r.unit_name for r in results.rows] == ["C", "A"]
    assert "criterion 1" in results.rows[0].tie_note


def test_fewer_deductions_rule(build_term):
    # A: 20 - 1 = 19 + bonus 1 → 20; C: 20 flat. Same total; C has fewer deduction points.
    term = build_term(
        {"A": {"1": "10", "2": "10", "B": "1", "D": "1"}, "C": {"1": "10", "2": "10"}}
    )
    TiePolicy.objects.create(term=term, rules=["fewer_deductions"])
    assert [r.unit_name for r in term_results(term).rows] == ["C", "A"]


def test_tied_on_every_rule_shares_the_rank(build_term):
    term = build_term(
        {
            "A": {"1": "10", "2": "9"},
            "C": {"1": "10", "2": "9"},
            "E": {"1": "5"},
        }
    )
    TiePolicy.objects.create(term=term, rules=["full_marks", "fewer_deductions"])
    results = term_results(term)
    assert [(r.unit_name, r.rank, r.shared) for r in results.rows] == [
        ("A", 1, True),
        ("C", 1, True),
        ("E", 3, False),
    ]
    assert "shared" in results.rows[0].tie_note


def test_default_bands_with_floors(build_term):
    # Totals as % of the 30-point scale do not matter: bands are absolute, so use bands set on
    # the province scaled to this small scale.
    term = build_term(
        {
            "Excellent": {"1": "10", "2": "9", "3": "9"},  # 28, every criterion ≥ 85 %
            "Floored": {"1": "10", "2": "10", "3": "8"},  # 28, but criterion 3 at 80 %
            "Low": {"1": "5", "2": "5", "3": "5"},
        }
    )
    province = term.block.province
    ClassificationBand.objects.create(
        province=province, label="Xuất sắc", min_total=Decimal("27"), floor_percent=Decimal("85")
    )
    ClassificationBand.objects.create(
        province=province, label="Tốt", min_total=Decimal("24"), floor_percent=Decimal("80")
    )
    ClassificationBand.objects.create(
        province=province, label="Không hoàn thành", min_total=Decimal("0")
    )
    results = term_results(term)
    by_unit = {r.unit_name: results.extra[r.unit_id] for r in results.rows}
    assert by_unit["Excellent"].classification == "Xuất sắc"
    assert by_unit["Floored"].classification == "Tốt"
    assert "3" in by_unit["Floored"].classification_note
    assert by_unit["Low"].classification == "Không hoàn thành"


def test_term_bands_override_province_bands_and_defaults_apply_without_any(build_term):
    term = build_term({"A": {"1": "10", "2": "10", "3": "10", "B": "10"}})
    # No bands anywhere: the four bands of the domain document; 40 points is below 70.
    result = term_results(term)
    assert [(b.min_total, b.floor_percent) for b in result.bands] == [
        (Decimal("90"), Decimal("85")),
        (Decimal("80"), Decimal("80")),
        (Decimal("70"), Decimal("70")),
        (Decimal("0"), Decimal("0")),
    ]
    assert result.extra[result.rows[0].unit_id].classification == "Not completed"
    ClassificationBand.objects.create(
        province=term.block.province, label="Tỉnh", min_total=Decimal("0")
    )
    ClassificationBand.objects.create(
        province=term.block.province, term=term, label="Riêng năm", min_total=Decimal("0")
    )
    result = term_results(term)
    assert [b.label for b in result.bands] == ["Riêng năm"]


def test_eligibility_gate_passes_over_an_ineligible_top_scorer(build_term):
    term = build_term({"Top": {"1": "10", "2": "10"}, "Second": {"1": "9"}, "Third": {"1": "1"}})
    Incident.objects.create(
        term=term,
        unit=term.units["Top"],
        kind=Incident.Kind.DISCIPLINE,
        note="Giám đốc bị kỷ luật cảnh cáo",
    )
    results = term_results(term)
    rows = {r.unit_name: results.extra[r.unit_id] for r in results.rows}
    assert results.leading_unit_id == term.units["Second"].pk
    assert rows["Second"].leading and not rows["Top"].leading
    assert not rows["Top"].eligible
    assert "kỷ luật" in rows["Top"].passed_over_note
    # Rank is unchanged: eligibility is separate from scores.
    assert _by_name(results)["Top"].rank == 1


def test_an_incident_without_effect_keeps_the_unit_eligible(build_term):
    term = build_term({"Top": {"1": "10"}, "Second": {"1": "9"}})
    Incident.objects.create(
        term=term, unit=term.units["Top"], kind="other", note="Nhắc nhở", makes_ineligible=False
    )
    assert term_results(term).leading_unit_id == term.units["Top"].pk


def test_engine_query_count_is_constant(build_term, django_assert_num_queries):
    small = build_term({"A": {"1": "1"}, "C": {"1": "2"}}, year=2020)
    large = build_term({f"U{i}": {"1": str(i % 10), "2": "3"} for i in range(25)}, year=2021)
    for term in (small, large):
        term.block.province  # noqa: B018 - loaded by the access helper in real requests
        # tie policy, bands, incidents, criteria, sheets, counted scores (summed in Python)
        with django_assert_num_queries(6):
            term_results(term)
