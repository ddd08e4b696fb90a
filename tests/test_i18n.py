"""Vietnamese is the default and complete; English is selectable; number input is Vietnamese."""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import formats, translation

from emulation.l10n import LocalizedDecimalField, parse_decimal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import check_translations  # noqa: E402


def test_vietnamese_catalogues_exist():
    assert check_translations.catalogues()


def test_no_untranslated_or_fuzzy_entry_and_mo_files_are_fresh():
    assert check_translations.problems() == []


def test_a_translated_string_loads():
    with translation.override("vi"):
        assert translation.gettext("Leader unit") == "Khối trưởng"
    with translation.override("en"):
        assert translation.gettext("Leader unit") == "Leader unit"


def test_default_language_is_vietnamese(settings):
    assert settings.LANGUAGE_CODE == "vi"


def test_dates_are_day_month_year():
    import datetime

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 11, 26), "SHORT_DATE_FORMAT") == "26/11/2026"
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")


def test_date_input_accepts_vietnamese_dates():
    import datetime

    from django import forms

    with translation.override("vi"):
        field = forms.DateField()
        assert field.clean("26/11/2026") == datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("8,5", "8.5"),
        ("8.5", "8.5"),
        ("10", "10"),
        (" 9,25 ", "9.25"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("0,5", "0.5"),
    ],
)
def test_parse_decimal_accepts_what_people_type(raw, expected):
    assert parse_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["", "abc", "8,5,5", "1e3", "NaN", "8..5", "--1"])
def test_parse_decimal_refuses_garbage(raw):
    with pytest.raises(ValueError):
        parse_decimal(raw)


def test_localized_decimal_field_message_is_clear():
    from django import forms

    field = LocalizedDecimalField(max_digits=6, decimal_places=2)
    assert field.clean("8,5") == Decimal("8.5")
    with translation.override("vi"), pytest.raises(forms.ValidationError) as excinfo:
        field.clean("tám")
    assert excinfo.value.messages
