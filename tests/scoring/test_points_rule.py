"""`scoring.points.check_points`: the one range rule scoring and corrections share."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from scoring.points import check_points


@pytest.mark.parametrize("value", ["0", "0.01", "9.99", "10", "10.00"])
def test_figures_in_range_with_two_decimals_pass(value):
    check_points(Decimal(value), Decimal("10"))


@pytest.mark.parametrize(
    "value,code",
    [("-0.01", "negative"), ("10.01", "above_max"), ("1.005", "decimals"), ("11", "above_max")],
)
def test_figures_out_of_range_are_refused_with_a_code(value, code):
    with pytest.raises(ValidationError) as refused:
        check_points(Decimal(value), Decimal("10"))
    assert refused.value.code == code
