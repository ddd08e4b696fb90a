"""Template filters shared by every app's templates: `{% load thidua %}`."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def points(value) -> str:
    """A score as Vietnamese write it: 8,5 (not 8,50), 10 (not 10,00); empty stays empty."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return number_format(number, use_l10n=True)


@register.filter
def get_item(mapping, key):
    """`{{ row.points|get_item:criterion.code }}`: dictionary lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def term_roles(context, term):
    """What the current user may do in `term`: `{% term_roles term as roles %}`.

    For showing links only; every view still checks through its access helper.
    """
    from blocks import access

    return access.roles_in(context["request"].user, term)
