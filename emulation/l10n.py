"""Number input the way Vietnamese officers type it.

Scores are typed as "8,5" (comma decimal mark), sometimes "8.5", and larger figures as
"1.234,5". Django's own `sanitize_separators` only groups digits when USE_THOUSAND_SEPARATOR is
on, which would also print years as "2.018" across every template; so grouping stays off for
display and this parser accepts every unambiguous way of writing a decimal instead.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

_GROUPED_COMMA_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234,5
_GROUPED_DOT_DECIMAL = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234.5
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")  # 8 | 8,5 | 8.5 | ,5


def parse_decimal(raw: str) -> Decimal:
    """Return the Decimal a person meant by `raw`, or raise ValueError.

    "8,5" and "8.5" are 8.5; "1.234,5" and "1,234.5" are 1234.5. A lone separator followed by
    exactly three digits ("1.234") is read as a decimal mark, since scores never reach a
    thousand and reading it as 1234 would turn a typo into a huge number.
    """
    text = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError("empty")
    if _GROUPED_COMMA_DECIMAL.match(text) and (text.count(".") > 1 or "," in text):
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED_DOT_DECIMAL.match(text) and (text.count(",") > 1 or "." in text):
        text = text.replace(",", "")
    elif _PLAIN.match(text):
        text = text.replace(",", ".")
    else:
        raise ValueError(f"not a number: {raw!r}")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {raw!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {raw!r}")
    return value


class LocalizedDecimalField(forms.DecimalField):
    """A DecimalField that accepts "8,5", "8.5" and grouped figures in any language."""

    default_error_messages = {"invalid": _("Enter a number, for example 8,5.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        # A text input, not type=number: browsers reject "8,5" in number inputs.
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


# Dates typed as people write them (dd/mm/yyyy), shown the same way; every app's forms use it.
DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}
)
