"""The inputs of the sheet pages, written out in Python instead of through Django's widget
templates.

A 32-criterion sheet has about a hundred inputs. Django renders each widget through the
template engine (`input.html` including `attrs.html`), and after crispy-forms was taken off the
sheet page that was still about half of its rendering time (issue #13). These widgets produce
the same markup as Django's own (`tests/scoring/test_widgets.py` compares them, escaping
included), so the page, its tests and its JavaScript see no difference.
"""

import html

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def escape(text) -> str:
    """`django.utils.html.conditional_escape` without its lazy-argument wrapper, which cost more
    than the escaping itself on a page of a hundred inputs: safe text as it is, anything else
    through `html.escape`, as Django's `escape` does."""
    if type(text) is str:
        return html.escape(text)
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


# Attribute names are the code's own, a handful: each is escaped once per process.
_names: dict[str, str] = {}


def _name(name: str) -> str:
    shown = _names.get(name)
    if shown is None:
        shown = escape(name)
        if len(_names) < 256:
            _names[name] = shown
    return shown


# The attributes the code writes (` name="value"`), each escaped once per process: a sheet's
# hundred inputs repeat the same few classes, kinds and maxima, and their ids repeat from one
# request to the next. Bounded: past the limit they are escaped each time.
_written: dict[tuple[str, str], str] = {}
_WRITTEN_LIMIT = 20_000


def _attrs(attrs: dict) -> str:
    """What `django/forms/widgets/attrs.html` writes: ` name="value"`, a bare ` name` for True,
    nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_name(name)}")
            continue
        text = str(value)
        if type(text) is not str:  # safe text is written as it is: not kept with plain text
            parts.append(f' {_name(name)}="{escape(text)}"')
            continue
        key = (name, text)
        shown = _written.get(key)
        if shown is None:
            shown = f' {_name(name)}="{escape(text)}"'
            if len(_written) < _WRITTEN_LIMIT:
                _written[key] = shown
        parts.append(shown)
    return "".join(parts)


class _InPython:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # What `get_context` gives the template, without the keys the markup does not use.
        widget = {
            "name": name,
            "value": self.format_value(value),
            "attrs": self.build_attrs(self.attrs, attrs),
            "type": getattr(self, "input_type", None),
        }
        return mark_safe(self.html(widget))

    def html(self, widget: dict) -> str:
        value = widget["value"]
        shown = "" if value is None else f' value="{escape(str(value))}"'
        return (
            f'<input type="{escape(widget["type"])}" '
            f'name="{escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
        )


class TextInput(_InPython, forms.TextInput):
    pass


class FileInput(_InPython, forms.FileInput):
    """A plain file input: a sheet's upload field never shows a current file (no "clear")."""


class Textarea(_InPython, forms.Textarea):
    def html(self, widget: dict) -> str:
        value = widget["value"]
        return (
            f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
            f"{escape(value) if value else ''}</textarea>"
        )
