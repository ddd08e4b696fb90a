"""The inputs of the sheet pages, written out in Python instead of through Django's widget
templates.

A 32-criterion sheet has about a hundred inputs. Django renders each widget through the
template engine (`input.html` including `attrs.html`), and after crispy-forms was taken off the
sheet page that was still about half of its rendering time (issue #13). These widgets produce
the same markup as Django's own (`tests/scoring/test_widgets.py` compares them, escaping
included), so the page, its tests and its JavaScript see no difference.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> str:
    """What `django/forms/widgets/attrs.html` writes: ` name="value"`, a bare ` name` for True,
    nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


class _InPython:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return mark_safe(self.html(self.get_context(name, value, attrs)["widget"]))

    def html(self, widget: dict) -> str:
        value = widget["value"]
        shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
        return (
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
        )


class TextInput(_InPython, forms.TextInput):
    pass


class FileInput(_InPython, forms.FileInput):
    """A plain file input: a sheet's upload field never shows a current file (no "clear")."""


class Textarea(_InPython, forms.Textarea):
    def html(self, widget: dict) -> str:
        value = widget["value"]
        return (
            f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
            f"{conditional_escape(value) if value else ''}</textarea>"
        )
