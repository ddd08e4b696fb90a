"""The sheet pages' inputs are written in Python (`scoring.widgets`): the markup must be exactly
what Django's widget templates write, escaping included."""

import pytest
from django import forms

from scoring import widgets

ATTRS = [
    {},
    {"class": "form-control td-score-input", "data-max": "10.00", "inputmode": "decimal"},
    {"required": True, "disabled": False, "data-x": 'a "quoted" <b>&amp;</b>'},
]
VALUES = [None, "", "8,5", 0, 'x" onfocus="alert(1)', "<script>&</script>"]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize(
    "ours,django",
    [
        (widgets.TextInput, forms.TextInput),
        (widgets.Textarea, forms.Textarea),
        (widgets.FileInput, forms.FileInput),
    ],
)
def test_same_markup_as_django(ours, django, value, attrs):
    name, id_attrs = "points_7", {"id": "id_points_7"}
    expected = django(attrs=dict(attrs)).render(name, value, attrs=id_attrs)
    assert ours(attrs=dict(attrs)).render(name, value, attrs=id_attrs) == expected


def test_a_localized_input_formats_like_django():
    import decimal

    from django.utils import translation

    ours, theirs = widgets.TextInput(), forms.TextInput()
    ours.is_localized = theirs.is_localized = True
    with translation.override("vi"):
        value = decimal.Decimal("8.5")
        assert ours.render("p", value) == theirs.render("p", value)
