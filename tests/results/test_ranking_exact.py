"""Exact decimals (issue 9 item 1): totals, ties and the leading unit never depend on how a
database adds floating-point numbers.

The score lists below were chosen so that adding them as floats, in order, gives
91.14999999999999 and 80.30000000000001: the figures SQLite's SUM used to produce.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import Criterion
from results.models import TiePolicy
from results.ranking import results_snapshot, term_results
from scoring.models import Score
from tests.factories import (
    BlockFactory,
    CriterionFactory,
    MembershipFactory,
    ScaleFactory,
    ScoreSheetFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Float sum in this order: 91.14999999999999.
INEXACT_9115 = "4.39 3.76 3.04 4.19 8.00 5.69 5.81 7.17 3.69 3.06 5.44 3.97 8.44 3.27 4.60 3.69 5.40 4.08 3.05 0.41"  # noqa: E501
# Float sum in this order: exactly 91.15.
EXACT_9115 = "3.00 " * 17 + "10.00 10.00 20.15"
FLOAT_803 = "6.90 9.68 8.61 7.19 9.11 7.05 9.32 5.36 9.47 7.61"  # floats: 80.3
FLOAT_80300001 = "6.00 9.31 6.71 9.22 9.56 8.55 5.72 8.54 7.71 8.98"  # 80.30000000000001


def _float_sum(text: str) -> float:
    total = 0.0
    for value in text.split():
        total += float(value)
    return total


def _build(units: dict[str, str], *, year: int = 2025):
    """A verified term: unit name → space-separated points, one scored criterion each (max 25)."""
    block = BlockFactory()
    members = {
        name: MembershipFactory(block=block, unit__name=name, unit__province=block.province).unit
        for name in units
    }
    first = next(iter(members.values()))
    term = TermFactory(block=block, year=year, leader=first)
    scale = ScaleFactory(term=term)
    count = max(len(points.split()) for points in units.values())
    criteria = [
        CriterionFactory(
            scale=scale, code=str(i + 1), order=i, kind=Criterion.Kind.SCORED, max_points=25
        )
        for i in range(count)
    ]
    for name, points in units.items():
        sheet = ScoreSheetFactory(term=term, unit=members[name], scale=scale)
        Score.objects.bulk_create(
            Score(sheet=sheet, criterion=criteria[i], self_points=Decimal(value))
            for i, value in enumerate(points.split())
        )
    term.units = members
    return term


def test_the_fixtures_really_are_inexact_as_floats():
    assert _float_sum(INEXACT_9115) != 91.15
    assert _float_sum(EXACT_9115) == 91.15
    assert _float_sum(FLOAT_803) != _float_sum(FLOAT_80300001)
    assert sum(Decimal(v) for v in INEXACT_9115.split()) == Decimal("91.15")
    assert sum(Decimal(v) for v in FLOAT_803.split()) == Decimal("80.30")
    assert sum(Decimal(v) for v in FLOAT_80300001.split()) == Decimal("80.30")


def test_two_units_at_91_15_rank_by_the_tie_rule_not_by_float_noise(client):
    # Alpha leads on criterion 1 (4.39 against 3.00): with exact totals the tie-break decides.
    term = _build({"Alpha": INEXACT_9115, "Beta": EXACT_9115})
    TiePolicy.objects.create(term=term, rules=["criterion:1"])

    results = term_results(term)

    assert [(r.unit_name, r.total, r.rank) for r in results.rows] == [
        ("Alpha", Decimal("91.15"), 1),
        ("Beta", Decimal("91.15"), 2),
    ]
    assert results.leading_unit_id == term.units["Alpha"].pk
    snapshot = results_snapshot(results)
    assert [row["total"] for row in snapshot["rows"]] == ["91.15", "91.15"]
    assert snapshot["leading_unit"]["unit_name"] == "Alpha"

    client.force_login(UserFactory(username="root-exact", is_superuser=True, is_staff=True))
    page = client.get(reverse("portal:term_ranking", args=[term.block_id, term.year]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("91,15") >= 2
    assert "91,149" not in html and "91.149" not in html


def test_a_tie_that_float_order_would_break_stays_a_shared_rank():
    term = _build({"Xuân": FLOAT_803, "Yên": FLOAT_80300001})

    results = term_results(term)

    assert [(r.total, r.rank, r.shared) for r in results.rows] == [
        (Decimal("80.30"), 1, True),
        (Decimal("80.30"), 1, True),
    ]
    # Level on every rule: neither unit is named the leading unit.
    assert results.leading_unit_id is None


def test_every_figure_has_exactly_two_places():
    term = _build({"Alpha": INEXACT_9115, "Beta": "1 2.5 3.25"})
    results = term_results(term)
    for row in results.rows:
        for value in (row.base, row.bonus, row.deduction, row.total, *row.points.values()):
            assert value.as_tuple().exponent == -2
    snapshot = results_snapshot(results)
    for row in snapshot["rows"]:
        for value in (row["base"], row["total"], *row["points"].values()):
            assert len(value.split(".")[1]) == 2


two_decimals = st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 100)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.lists(two_decimals, min_size=6, max_size=6), min_size=2, max_size=6, unique_by=tuple
    )
)
def test_engine_ranking_equals_a_pure_decimal_reference(db, sheets):
    # Reference: exact sums, then competition ranks (1 + the number of strictly higher totals).
    totals = [sum(points, Decimal(0)) for points in sheets]
    expected = {
        f"U{i:02}": (total, 1 + sum(1 for other in totals if other > total))
        for i, total in enumerate(totals)
    }
    with transaction.atomic():
        term = _build(
            {
                name: " ".join(str(p) for p in points)
                for name, points in zip(expected, sheets, strict=True)
            }
        )
        got = {r.unit_name: (r.total, r.rank) for r in term_results(term, policy=[]).rows}
        transaction.set_rollback(True)
    assert got == expected


def test_the_91_15_case_reads_exactly_in_every_document(client):
    """The .xlsx, the PDF and the .docx carry 91,15 for both units, in the tie-break's order."""
    import io

    import docx
    import openpyxl
    import pypdf

    term = _build({"Alpha": INEXACT_9115, "Beta": EXACT_9115})
    TiePolicy.objects.create(term=term, rules=["criterion:1"])
    client.force_login(UserFactory(username="root-docs", is_superuser=True, is_staff=True))
    args = [term.block_id, term.year]

    xlsx = client.get(reverse("documents:ranking_xlsx", args=args))
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    totals = [c for c in cells if isinstance(c, int | float | Decimal) and 91 < c < 92]
    assert totals and all(Decimal(str(t)) == Decimal("91.15") for t in totals)
    names = [c for c in cells if c in ("Alpha", "Beta")]
    assert names[:2] == ["Alpha", "Beta"]

    pdf = client.get(reverse("documents:ranking_pdf", args=args))
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert text.count("91,15") >= 2
    assert "91,149" not in text and "91.149" not in text
    assert text.index("Alpha") < text.index("Beta")

    word = client.get(reverse("documents:ranking_docx", args=args))
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert cells.count("91,15") >= 2
    assert not any("91,149" in c or "91.149" in c for c in cells)
