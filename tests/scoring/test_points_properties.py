"""Rules review: what a typed figure is worth, for any figure (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.models import Criterion
from scoring.services import points_for

maxima = st.integers(min_value=0, max_value=4000).map(lambda n: Decimal(n) / 100)
typed = st.decimals(min_value=Decimal("-20"), max_value=Decimal("60"), places=3, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(maxima, typed)
def test_a_scored_figure_is_kept_exactly_or_refused_with_a_code(maximum, value):
    criterion = Criterion(code="1", kind=Criterion.Kind.SCORED, max_points=maximum)
    points, occurrences, error = points_for(criterion, value, None, "points_1")
    if error is None:
        # Accepted figures are never rounded or clamped: exactly what was typed.
        assert points == value and occurrences is None
        assert 0 <= points <= maximum
        assert points == points.quantize(Decimal("0.01"))
    else:
        assert points is None
        assert error.code in {"negative", "above_max", "decimals"}
        assert value < 0 or value > maximum or value != value.quantize(Decimal("0.01"))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([Criterion.Kind.BONUS, Criterion.Kind.DEDUCTION]),
    st.integers(min_value=1, max_value=1000).map(lambda n: Decimal(n) / 100),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=-3, max_value=60),
)
def test_occurrences_times_points_are_capped_at_the_item_cap(kind, per, cap_units, count):
    cap = max(per, Decimal(cap_units) / 2)
    criterion = Criterion(code="B", kind=kind, max_points=cap, points_per_occurrence=per)
    points, occurrences, error = points_for(criterion, None, count, "occ_1")
    if count < 0:
        assert error is not None and error.code == "negative" and points is None
    else:
        assert error is None and occurrences == count
        assert points == min(per * count, cap)
        assert 0 <= points <= cap
