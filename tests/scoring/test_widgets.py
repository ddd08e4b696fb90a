"""The sheet pages' inputs are written in Python (`scoring.widgets`): the markup must be exactly
what Django's widget templates write, escaping included."""

import pytest
from django import forms

from scoring import widgets

ATTRS = [
    {},
    {"class": "form-control td-score-input", "data-max": "10.00", "inputmode": "decimal"},
    {"required": True, "disabled": False, "data-x": 'a "quoted" <b>&amp;</b>'},
    {"rows": 1, "data-per": 2, "class": "form-control"},
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


@pytest.mark.parametrize("limit", [0, 20_000])
def test_attributes_written_once_or_each_time_are_the_same(monkeypatch, limit):
    """Attributes are kept once escaped (bounded): a full store writes them each time."""
    monkeypatch.setattr(widgets, "_WRITTEN_LIMIT", limit)
    monkeypatch.setattr(widgets, "_written", {})
    for attrs in ATTRS * 2:
        expected = forms.TextInput(attrs=dict(attrs)).render("n", "1", attrs={"id": "id_n"})
        assert widgets.TextInput(attrs=dict(attrs)).render("n", "1", attrs={"id": "id_n"}) == (
            expected
        )
    assert (len(widgets._written) > 0) == bool(limit)


def test_a_localized_input_formats_like_django():
    import decimal

    from django.utils import translation

    ours, theirs = widgets.TextInput(), forms.TextInput()
    ours.is_localized = theirs.is_localized = True
    with translation.override("vi"):
        value = decimal.Decimal("8.5")
        assert ours.render("p", value) == theirs.render("p", value)


OLD_GRID_CELLS = (
    "{% load thidua %}{% for cell in cells %}"
    '<td class="text-end {% if cell.differs %}table-warning td-differs{% endif %}" '
    '{% if cell.differs %}title="{{ cell.reason }}"{% endif %}>'
    '{{ cell.self_points|points|default:"—" }}{% if cell.reviewed_points is not None %}<br>'
    '<span class="{% if cell.differs %}fw-bold{% else %}text-muted{% endif %}">'
    "{{ cell.reviewed_points|points }}</span>{% endif %}</td>{% endfor %}"
)


def test_review_grid_cells_written_in_python_match_the_template_they_replace():
    import re
    from decimal import Decimal

    from django.template import Context, Template

    from scoring.selectors import GridCell
    from scoring.templatetags.grid import grid_cells

    cells = [
        GridCell(None, None, ""),
        GridCell(Decimal("9.50"), None, ""),
        GridCell(Decimal("0"), Decimal("0.00"), ""),
        GridCell(Decimal("10"), Decimal("8.25"), 'Thiếu "biên bản" <họp> & ký'),
        GridCell(None, Decimal("1"), "Không tự chấm"),
        GridCell(Decimal("7"), Decimal("7.00"), "giữ nguyên"),
    ]
    old = Template(OLD_GRID_CELLS).render(Context({"cells": cells}))
    ours = grid_cells(cells)
    assert ours == re.sub(r'" >', '">', old)
    assert "&quot;biên bản&quot; &lt;họp&gt; &amp; ký" in ours


def test_safe_and_plain_attributes_of_the_same_text_are_kept_apart(monkeypatch):
    """Safe text is written as it is, plain text escaped: the store never mixes the two."""
    from django.utils.safestring import mark_safe

    monkeypatch.setattr(widgets, "_written", {})
    for value in (mark_safe("a&amp;b"), "a&amp;b", mark_safe("a&amp;b")):
        attrs = {"data-x": value}
        expected = forms.TextInput(attrs=dict(attrs)).render("n", "1")
        assert widgets.TextInput(attrs=dict(attrs)).render("n", "1") == expected
