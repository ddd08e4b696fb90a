"""The criterion rows of the self-scoring form, written in Python: `{% load sheet_tags %}`.

A 32-criterion sheet has about a hundred inputs in some forty rows. Through the template engine
each row cost three `{% include %}`s, a few `{% url %}`s, `{% blocktranslate %}`s and `points`
filters and a few dozen variable lookups: most of the page's CPU (issue #13). `self_score_rows`
writes the same markup as the loop it replaces (`tests/scoring/test_sheet_rows.py` compares
them, escaping included): the URLs are reversed once per page with a placeholder, the row's
fixed words translated once per page, each figure formatted once.
"""

import datetime

from django import template
from django.conf import settings
from django.forms.utils import pretty_name
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.utils import timezone
from django.utils.formats import get_format, localize
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext

from blocks.templatetags.chrome import url_around_key
from blocks.templatetags.thidua import points
from campaigns.models import Criterion
from scoring.selectors.history import HistoryLine
from scoring.templatetags.scoring_tags import FIELDS, _show, audit_label, changed_fields
from scoring.widgets import escape

register = template.Library()


def _e(value) -> str:
    """What `{{ value }}` writes (`render_value_in_context`): a date-time in local time,
    localized, escaped unless already safe."""
    if type(value) is not str:
        value = localize(template_localtime(value))
    return escape(value if isinstance(value, str) else str(value))


def _date(value, format_name: str) -> str:
    """`{{ value|date:format_name }}`: the filter sees the date-time in local time."""
    return _date_writer(format_name)(value)


def _date_writer(format_name: str):
    """`_date(…, format_name)` for the many dates of one table: the format, its plan and the
    current time zone looked up once (each lookup goes through the active language's and
    time zone's thread-local state)."""
    fmt = get_format(format_name)
    plan = _DATE_PLANS.get(fmt)
    if plan is None:
        plan = _DATE_PLANS[fmt] = _date_plan(fmt)
    zone = timezone.get_current_timezone() if settings.USE_TZ else None

    def write(value) -> str:
        if not isinstance(value, datetime.datetime):
            return _e(date_filter(value, format_name))
        # `template_localtime`: an aware date-time in the current time zone.
        if (
            zone is not None
            and timezone.is_aware(value)
            and getattr(value, "convert_to_local_time", True)
        ):
            value = value.astimezone(zone)
        if plan is False:  # a format character written below only by Django
            return _e(date_filter(value, format_name))
        return _e("".join(part if type(part) is str else part(value) for part in plan))

    return write


# The numeric format characters of `django.utils.dateformat` (the day, month, year, hour,
# minute and second, as `DateFormat` writes them): the dates of a page's history and evidence,
# a few dozen, written without building a `DateFormat` for each (most of their cost).
# `tests/scoring/test_sheet_rows.py` compares them with the `date` filter.
_NUMERIC_DATE = {
    "d": lambda v: f"{v.day:02d}",
    "j": lambda v: str(v.day),
    "m": lambda v: f"{v.month:02d}",
    "n": lambda v: str(v.month),
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
    "H": lambda v: f"{v.hour:02d}",
    "G": lambda v: str(v.hour),
    "i": lambda v: f"{v.minute:02d}",
    "s": lambda v: f"{v.second:02d}",
}
_FORMAT_CHARS = set("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ")  # dateformat.re_formatchars
_DATE_PLANS: dict = {}


def _date_plan(fmt: str):
    """`fmt` as literal text and numeric parts, or False when it uses any other format
    character or an escape (then Django's `DateFormat` writes it)."""
    if "\\" in fmt:
        return False
    plan = []
    for char in fmt:
        if char in _NUMERIC_DATE:
            plan.append(_NUMERIC_DATE[char])
        elif char in _FORMAT_CHARS:
            return False
        elif plan and type(plan[-1]) is str:
            plan[-1] += char
        else:
            plan.append(char)
    return plan


def widget_html(field, errors) -> str:
    """`{{ field }}` (`BoundField.as_widget`) for the sheet's fields: the attributes Django's
    `build_widget_attrs` adds (required, disabled, aria-invalid, aria-describedby) and the id,
    without its per-field property lookups; the widget writes itself (`scoring.widgets`)."""
    if field.field.show_hidden_initial:
        return str(field)
    return _widget(_Field(field.form, field.name), errors, bool(field.help_text))


class _Field:
    """What the markup of one field needs from its `BoundField`, read once and without the
    bound field itself: its name, id, initial value and the value to show (as `BoundField`
    computes them)."""

    __slots__ = ("form", "field", "name", "html_name", "auto_id", "initial")

    def __init__(self, form, name: str):
        self.form, self.name = form, name
        self.field = form.fields[name]
        self.html_name = html_name = form.add_prefix(name)
        auto_id = form.auto_id
        if auto_id and "%s" in str(auto_id):
            self.auto_id = auto_id % html_name
        else:
            self.auto_id = html_name if auto_id else ""
        self.initial = form.get_initial_for_field(self.field, name)

    def value(self):
        """`BoundField.value()`."""
        data, field, form = self.initial, self.field, self.form
        if form.is_bound:
            data = field.bound_data(form._widget_data_value(field.widget, self.html_name), data)
        return field.prepare_value(data)

    def id_for_label(self) -> str:
        widget = self.field.widget
        return widget.id_for_label(widget.attrs.get("id") or self.auto_id)


def _widget(bound: _Field, errors, help_text: bool) -> str:
    form, f = bound.form, bound.field
    widget = f.widget
    if f.localize:
        widget.is_localized = True
    attrs = {}
    if f.required and form.use_required_attribute and widget.use_required_attribute(bound.initial):
        attrs["required"] = True
    if f.disabled:
        attrs["disabled"] = True
    if errors and not widget.is_hidden:
        attrs["aria-invalid"] = "true"
    auto_id = bound.auto_id
    if (
        auto_id
        and not widget.is_hidden
        and not widget.use_fieldset
        and not widget.attrs.get("aria-describedby")
    ):
        described = [f"{auto_id}_helptext"] if help_text else []
        if errors:
            described.append(f"{auto_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
    if auto_id and "id" not in widget.attrs:
        attrs["id"] = auto_id
    return widget.render(bound.html_name, bound.value(), attrs)


def field_html(form, name: str | None, text=_e) -> str:
    """`scoring/_row_field.html` for the field `name` of `form` (None: nothing). `text` writes
    the label and help text (a page caches them: every row has the same)."""
    if name is None:
        return "\n"
    bound = _Field(form, name)
    f = bound.field
    if f.show_hidden_initial:  # not on the sheets: Django's own rendering
        return _bound_field_html(form[name], text)
    errors = form.errors.get(name) or ()
    shown = "".join(f'<div class="invalid-feedback d-block">{_e(error)}</div>' for error in errors)
    # `{% if field.help_text %}`: an empty text writes nothing, escaped or not.
    help_text = text(f.help_text) if f.help_text is not None else ""
    hint = f'<div class="form-text">{help_text}</div>' if help_text else ""
    label = pretty_name(name) if f.label is None else f.label
    widget = _widget(bound, errors, bool(help_text))
    return (
        f'<div class="mb-3"><label for="{_e(bound.id_for_label())}" class="form-label">'
        f"{text(label)}</label>\n{widget}\n{shown}\n{hint}</div>\n"
    )


def _bound_field_html(field, text) -> str:
    errors = field.errors
    shown = "".join(f'<div class="invalid-feedback d-block">{_e(error)}</div>' for error in errors)
    help_text = field.help_text
    hint = f'<div class="form-text">{text(help_text)}</div>' if help_text else ""
    return (
        f'<div class="mb-3"><label for="{_e(field.id_for_label)}" class="form-label">'
        f"{text(field.label)}</label>\n{field}\n{shown}\n{hint}</div>\n"
    )


# The fields of a leaf row, by column: the first of each tuple the form has (`_RowsForm.items`).
_COLUMNS = (("occ_", "points_", "rocc_", "rpoints_"), ("note_",), ("evidence_",))


class _Page:
    """What every row of one page shares: its URLs, fixed words and formatted figures."""

    def __init__(self, term, sheet):
        args = [term.block_id, term.year, sheet.unit_id]
        self.evidence_url = url_around_key("scoring:evidence", args)
        self.remove_url = url_around_key("scoring:evidence_remove", args)
        self.history_url = url_around_key("scoring:score_history", args)
        self.bonus = f'<span class="badge text-bg-success">{_e(gettext("bonus"))}</span>'
        self.deduction = f'<span class="badge text-bg-danger">{_e(gettext("deduction"))}</span>'
        self.required = (
            f'<span class="badge text-bg-warning">{_e(gettext("evidence required"))}</span>'
        )
        self.remove = _e(gettext("remove"))
        self.history = _e(pgettext("changes", "History"))
        self.pts = gettext("%(max)s pts")
        self.maximum = gettext("maximum %(max)s pts")
        self.each = gettext("%(per)s pts each, at most %(max)s")
        self._points: dict = {}
        self._texts: dict = {}

    def points(self, value) -> str:
        if value not in self._points:
            self._points[value] = _e(points(value))
        return self._points[value]

    def text(self, value) -> str:
        """A label or help text, escaped once per page: the rows share the same objects."""
        key = id(value)
        if key not in self._texts:
            self._texts[key] = (value, _e(value))  # the object is kept: its id stays its own
        return self._texts[key][1]

    @staticmethod
    def url(parts: tuple[str, str], pk) -> str:
        return f"{parts[0]}{pk}{parts[1]}"

    def group(self, row) -> str:
        c = row.criterion
        return (
            f'\n  \n  <h2 class="h5 mt-4 mb-2 td-group" style="--depth: {_e(row.depth)}">'
            f"{_e(c.code)}. {_e(c.title)} "
            f'<span class="text-muted fw-normal small">'
            f"({self.pts % {'max': self.points(c.max_points)}})</span></h2>\n  \n  "
        )

    def evidence(self, row) -> str:
        if not row.evidence:
            return ""
        items = "".join(
            f'\n        <li class="d-flex align-items-center gap-2">📎 '
            f'<a href="{self.url(self.evidence_url, ev.pk)}">{_e(ev.original_name)}</a> '
            f'<span class="text-muted">{_e(filesizeformat(ev.size))} · '
            f"{_date(ev.uploaded_at, 'SHORT_DATE_FORMAT')}</span>\n          "
            f'<button type="submit" class="btn btn-link btn-sm text-danger p-0" '
            f'formaction="{self.url(self.remove_url, ev.pk)}" formnovalidate>{self.remove}'
            f"</button></li>\n        "
            for ev in row.evidence
        )
        return (
            f'\n      <ul class="list-unstyled small mb-0 mt-2">\n        {items}\n'
            f"      </ul>\n      "
        )

    def leaf(self, form, row) -> str:
        c = row.criterion
        pk = c.pk
        fields = form.fields
        points, note, evidence = (
            next((f"{prefix}{pk}" for prefix in column if f"{prefix}{pk}" in fields), None)
            for column in _COLUMNS
        )
        if c.kind == Criterion.Kind.BONUS:
            kind = self.bonus
        elif c.kind == Criterion.Kind.DEDUCTION:
            kind = self.deduction
        else:
            kind = ""
        if row.is_counted:
            limit = self.each % {
                "per": self.points(c.points_per_occurrence),
                "max": self.points(c.max_points),
            }
        else:
            limit = self.maximum % {"max": self.points(c.max_points)}
        guidance = (
            f'<p class="small text-muted mb-2">{linebreaksbr(c.guidance, autoescape=True)}</p>'
            if c.guidance
            else ""
        )
        history = (
            f'<a class="small" href="{self.url(self.history_url, c.pk)}">{self.history}</a>'
            if row.score
            else ""
        )
        return (
            f'\n  \n  <div class="card shadow-sm mb-3 td-criterion" id="criterion-{_e(c.code)}">\n'
            f'    <div class="card-body">\n'
            f'      <div class="d-flex flex-wrap justify-content-between gap-2">\n'
            f'        <h3 class="h6 mb-1">{_e(c.code)}. {_e(c.title)}\n'
            f"          {kind}\n"
            f"          {self.required if c.evidence_required else ''}\n"
            f"        </h3>\n"
            f'        <span class="small text-nowrap">{limit}</span>\n'
            f"      </div>\n"
            f"      {guidance}\n"
            f'      <div class="row g-2">\n'
            f'        <div class="col-sm-3">{field_html(form, points, self.text)}</div>\n'
            f'        <div class="col-sm-5">{field_html(form, note, self.text)}</div>\n'
            f'        <div class="col-sm-4">{field_html(form, evidence, self.text)}</div>\n'
            f"      </div>\n"
            f"      {self.evidence(row)}\n"
            f"      {history}\n"
            f"    </div>\n"
            f"  </div>\n  \n  "
        )


@register.simple_tag
def self_score_rows(form, term, sheet) -> str:
    """The criterion rows of the self-scoring form (`scoring/sheet.html`): group headings and
    one card per leaf criterion with its figure, note and evidence fields."""
    page = _Page(term, sheet)
    return mark_safe(
        "".join(page.group(row) if row.is_group else page.leaf(form, row) for row in form.rows)
    )


class _Words:
    """What the rows of one history table share, written once: the actions' and fields' names
    and the values shown (`audit_label`, `audit_changes`; a sheet's changes repeat them)."""

    def __init__(self):
        self.actions: dict = {}
        self.fields: dict = {}
        self.values: dict = {}
        self.changes: dict = {}

    def audit_changes(self, entry) -> list[tuple[str, str, str]]:
        """`scoring_tags.audit_changes(entry)`, each field's name and each value shown once."""
        rows = []
        for key, old, new, had_old in changed_fields(entry):
            label = self.fields.get(key)
            if label is None:
                label = self.fields[key] = str(FIELDS[key])
            rows.append((label, self.show(key, old) if had_old else "", self.show(key, new)))
        return rows

    def show(self, key: str, value) -> str:
        if type(value) not in (str, int, type(None)):
            return _show(key, value)
        memo = (key, type(value), value)
        shown = self.values.get(memo)
        if shown is None:
            shown = self.values[memo] = _show(key, value)
        return shown

    def action(self, action) -> str:
        shown = self.actions.get(action)
        if shown is None:
            shown = self.actions[action] = _e(audit_label(action))
        return shown

    def change(self, label, old, new) -> str:
        key = (label, old, new)
        shown = self.changes.get(key)
        if shown is None:
            struck = (
                f'<span class="text-decoration-line-through text-muted">{_e(old)}</span> → '
                if old
                else ""
            )
            shown = self.changes[key] = f"<div>{_e(label)}: {struck}{_e(new)}</div>"
        return shown


def _who(entry) -> str:
    """Who made a change: a `HistoryLine` carries the name, an `AuditEntry` its user."""
    if type(entry) is HistoryLine:
        return entry.who or "—"
    actor = entry.actor
    return (actor.display_name if actor is not None else "") or "—"


def _history_row(entry, words: _Words, when) -> str:
    who = _who(entry)
    after = entry.after
    criterion = after.get("criterion") if isinstance(after, dict) else None
    what = f" · <strong>{_e(criterion)}</strong>" if criterion else ""
    changes = "".join(words.change(*change) for change in words.audit_changes(entry))
    return (
        f"\n  <tr>\n"
        f'    <td class="text-nowrap">{when(entry.at)}</td>\n'
        f"    <td>{_e(who)}</td>\n"
        f"    <td>{words.action(entry.action)}{what}</td>\n"
        f"    <td>{changes}</td>\n"
        f"    <td>{_e(entry.reason)}</td>\n"
        f'    <td class="text-muted">{_e(entry.ip or "")}</td>\n'
        f"  </tr>\n  "
    )


@register.simple_tag
def history_rows(entries) -> str:
    """The rows of a history table (`scoring/_history.html`): when, who, what, the changes,
    the reason and the address of each recorded change, newest first."""
    if not entries:
        empty = _e(gettext("Nothing recorded yet."))
        return mark_safe(f'\n  <tr><td colspan="6" class="text-muted">{empty}</td></tr>\n  ')
    words, when = _Words(), _date_writer("SHORT_DATETIME_FORMAT")
    return mark_safe("".join(_history_row(entry, words, when) for entry in entries))


_HISTORY_COLUMNS = (
    gettext_noop("When"),
    gettext_noop("Who"),
    gettext_noop("What"),
    gettext_noop("Change"),
    gettext_noop("Reason"),
    gettext_noop("IP"),
)


def history_table(entries) -> str:
    """What `scoring/_history.html` writes: the table of recorded changes, newest first."""
    heads = "".join(f'<th scope="col">{_e(gettext(name))}</th>' for name in _HISTORY_COLUMNS)
    return (
        '\n<div class="table-responsive">\n<table class="table table-sm small mb-0 td-history">\n'
        f'  <thead class="table-light"><tr>{heads}</tr></thead>\n  <tbody>\n'
        f"  {history_rows(entries)}\n  </tbody>\n</table>\n</div>\n"
    )


@register.simple_tag
def history_panel(history) -> str:
    """The sheet pages' history panel (`scoring/_history_panel.html`): the newest changes, with
    "show all" when older ones were left out. Written in Python like the rows: the panel and its
    table were two includes and a dozen translations a page (the template it replaces is
    `tests/scoring/test_history_panel_old.html`)."""
    entries = history.entries
    if history.more:
        count = len(entries)
        shown = ngettext(
            "The latest change is shown.",
            "The latest %(n)s changes are shown, newest first.",
            count,
        ) % {"n": _e(count)}
        show_all = _e(gettext("Show all changes"))
        footer = (
            f'\n  <div class="card-footer small">{shown}\n'
            f'    <a href="?history=all#sheet-history" id="history-all">{show_all}</a></div>\n  '
        )
    elif history.complete:
        every = _e(gettext("Every recorded change of this sheet, newest first."))
        footer = f'\n  <div class="card-footer small text-muted">{every}</div>\n  '
    else:
        footer = ""
    title = _e(gettext("History of this sheet"))
    return mark_safe(
        f'\n<details class="card shadow-sm mb-4" id="sheet-history"'
        f"{' open' if history.complete else ''}>\n"
        f'  <summary class="card-header">{title}</summary>\n'
        f"  {history_table(entries)}\n  {footer}\n</details>"
    )
