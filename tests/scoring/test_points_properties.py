"""Rules review: what a typed figure is worth, for any figure (hypothesis).

The figures are built to be valid or wrong in one known way, and the expected answer comes from
how they were built (or from counting occurrences one by one), never from the rule's formula.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.models import Criterion
from scoring.services import points_for

CENT = Decimal("0.01")
max_cents = st.integers(min_value=0, max_value=4000)


def _scored(maximum: Decimal) -> Criterion:
    return Criterion(code="1", kind=Criterion.Kind.SCORED, max_points=maximum)


@settings(max_examples=200, deadline=None)
@given(max_cents, st.data())
def test_a_figure_within_the_maximum_is_kept_exactly(maximum_cents, data):
    cents = data.draw(st.integers(min_value=0, max_value=maximum_cents))
    value = Decimal(cents) / 100
    points, occurrences, error = points_for(_scored(Decimal(maximum_cents) / 100), value, None, "p")
    # Never rounded or clamped: exactly what was typed.
    assert error is None and occurrences is None
    assert points == value


@settings(max_examples=200, deadline=None)
@given(max_cents, st.integers(min_value=1, max_value=2000), st.integers(min_value=1, max_value=9))
def test_a_wrong_figure_is_refused_with_its_code(maximum_cents, cents, thousandths):
    maximum = Decimal(maximum_cents) / 100
    cases = {
        "negative": -Decimal(cents) / 100,
        "above_max": maximum + Decimal(cents) / 100,
        # Within the range, with a third decimal.
        "decimals": Decimal(min(cents, maximum_cents)) / 100 - Decimal(thousandths) / 1000,
    }
    for code, value in cases.items():
        if code == "decimals" and value < 0:
            continue
        points, occurrences, error = points_for(_scored(maximum), value, None, "p")
        assert points is None and occurrences is None, (code, value)
        assert error is not None and error.code == code, (code, value)


def _counted(per: Decimal, cap: Decimal, count: int) -> Decimal:
    """The reference: add the occurrences one at a time, stopping at the item's cap."""
    total = Decimal(0)
    for _occurrence in range(count):
        total = min(total + per, cap)
    return total


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([Criterion.Kind.BONUS, Criterion.Kind.DEDUCTION]),
    st.integers(min_value=1, max_value=1000).map(lambda n: Decimal(n) / 100),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=60),
)
def test_occurrences_add_up_to_the_item_cap(kind, per, cap_units, count):
    cap = max(per, Decimal(cap_units) / 2)
    criterion = Criterion(code="B", kind=kind, max_points=cap, points_per_occurrence=per)
    points, occurrences, error = points_for(criterion, None, count, "occ_1")
    assert error is None and occurrences == count
    assert points == _counted(per, cap, count)
    # One more occurrence never lowers the points, and adds nothing once the cap is reached.
    more, _occ, _err = points_for(criterion, None, count + 1, "occ_1")
    assert points <= more <= cap
    assert (more == points) == (points == cap)


@given(st.integers(min_value=-60, max_value=-1))
def test_a_negative_count_is_refused(count):
    criterion = Criterion(
        code="B", kind=Criterion.Kind.BONUS, max_points=Decimal(5), points_per_occurrence=CENT
    )
    points, occurrences, error = points_for(criterion, None, count, "occ_1")
    assert points is None and error is not None and error.code == "negative"
