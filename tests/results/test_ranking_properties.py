"""Properties of the engine on arbitrary rows (no database): `results.ranking.rank`."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from results.ranking import Band, RankingRow, rank

CRITERIA = [
    {"code": "1", "title": "A", "kind": "scored", "max_points": Decimal("10"), "parent": None},
    {"code": "2", "title": "B", "kind": "scored", "max_points": Decimal("10"), "parent": None},
    {"code": "B", "title": "T", "kind": "bonus", "max_points": Decimal("10"), "parent": None},
    {"code": "D", "title": "Đ", "kind": "deduction", "max_points": Decimal("5"), "parent": None},
]
BANDS = [Band("X", Decimal("18"), Decimal("85")), Band("Y", Decimal("0"), Decimal("0"))]
points = st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) / 2)  # 0 … 10 by 0.5


@st.composite
def rows(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    result = []
    for uid in range(1, count + 1):
        p1, p2, bonus = draw(points), draw(points), draw(points)
        deduction = draw(points) / 2
        result.append(
            RankingRow(
                unit_id=uid,
                unit_name=f"U{uid}",
                unit_short_name="",
                sheet_id=uid,
                base=p1 + p2,
                bonus=bonus,
                deduction=deduction,
                points={"1": p1, "2": p2, "B": bonus, "D": deduction},
                full_marks=(p1 == 10) + (p2 == 10),
            )
        )
    return result


policies = st.lists(
    st.sampled_from(["full_marks", "fewer_deductions", "base", "criterion:1", "criterion:2"]),
    unique=True,
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(rows(), policies, st.sets(st.integers(min_value=1, max_value=8), max_size=3))
def test_engine_invariants(data, policy, ineligible):
    incidents = {uid: ["kỷ luật"] for uid in ineligible}
    results = rank(
        term=None,
        rows=data,
        criteria=CRITERIA,
        nominal_total=Decimal("20"),
        policy=policy,
        bands=BANDS,
        incidents=incidents,
    )
    ranked = results.rows
    # Every unit once, each with the total of the figures it came in with (scored lines and
    # bonus, less deduction), never clamped: bonus can pass the nominal maximum.
    typed = {r.unit_id: r.points for r in data}
    assert sorted(r.unit_id for r in ranked) == sorted(typed)
    for row in ranked:
        p = typed[row.unit_id]
        assert row.total == p["1"] + p["2"] + p["B"] - p["D"]
    assert [r.total for r in ranked] == sorted((r.total for r in ranked), reverse=True)
    # Competition ranks: the first is 1; a rank is shared only by rows level on every key.
    assert ranked[0].rank == 1
    for index, row in enumerate(ranked):
        assert row.rank == index + 1 or (row.shared and row.rank == ranked[index - 1].rank)
        # Never ahead of a unit with more points, never behind one with fewer.
        above = sum(r.total > row.total for r in ranked)
        level_or_above = sum(r.total >= row.total for r in ranked)
        assert above + 1 <= row.rank <= level_or_above
    # Every row in a tie on total explains itself.
    for row in ranked:
        level = [r for r in ranked if r.total == row.total]
        assert bool(row.tie_note) == (len(level) > 1)
    # Leading unit: the best-ranked eligible unit, or none when all are ineligible.
    # When eligible units share the best rank, the scores name no leading unit.
    eligible = [r for r in ranked if r.unit_id not in incidents]
    best = [r for r in eligible if r.rank == eligible[0].rank] if eligible else []
    assert results.leading_unit_id == (best[0].unit_id if len(best) == 1 else None)
    for row in ranked:
        extra = results.extra[row.unit_id]
        assert extra.classification in {"X", "Y"}
        if extra.classification == "X":
            assert row.total >= 18 and row.points["1"] >= Decimal("8.5")
        if extra.passed_over_note:
            assert row.unit_id in incidents or (len(best) > 1 and row in best)
