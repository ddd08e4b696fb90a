"""The one rule for a figure of points: 0 ≤ value ≤ the criterion's maximum, two decimals.

Self-scoring, review (`scoring.services`) and the corrections of a published result
(`results`) all check a figure with `check_points`, so the range and its messages are the same
everywhere.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from blocks.templatetags.thidua import points as show_points

CENT = Decimal("0.01")


def check_points(value: Decimal, maximum: Decimal) -> None:
    """Refuse a figure outside 0 … `maximum` or with more than two decimals.

    Codes: `negative`, `above_max`, `decimals`. Accepted figures are never rounded or clamped.
    """
    if value < 0:
        raise ValidationError(_("Points cannot be negative."), code="negative")
    if value > maximum:
        raise ValidationError(
            _("At most %(max)s points for this criterion."),
            code="above_max",
            params={"max": show_points(maximum)},
        )
    if value != value.quantize(CENT):
        raise ValidationError(_("Use at most two decimals."), code="decimals")
