"""Forms of the scoring pages. Rules (maximum, window, state) are checked by the services."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blocks.templatetags.thidua import points as show_points
from emulation import limits
from emulation.l10n import LocalizedDecimalField
from emulation.limits import limit_hint, text_field
from scoring import widgets
from scoring.selectors import SheetRow
from scoring.services import ReviewEntry, SelfEntry

# Integer fields stop where the database columns do, so an absurd figure is a field error and
# never a 500: versions are compared with a 64-bit value, counts are stored in a
# PositiveIntegerField (a 32-bit integer on PostgreSQL).
MAX_VERSION = 2**63 - 1
MAX_COUNT = 2**31 - 1


# The rows' labels and hint, one object each: a page writes each once (`sheet_tags`).
POINTS, OCCURRENCES, NOTE, EVIDENCE = _("Points"), _("Occurrences"), _("Note"), _("Add evidence")
REVIEWED_POINTS, REVIEWED_COUNT, REASON = _("Reviewed points"), _("Reviewed count"), _("Reason")
REASON_HINT = limit_hint(limits.REASON)


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)


_PROTOTYPES: dict[tuple, forms.Field] = {}


def _copied(key: tuple, build: Callable[[], forms.Field]) -> forms.Field:
    """A new field as `build()` makes it, copied from one built once per process (as a form
    copies its declared fields): building a Django field, its error messages gathered along
    its classes, cost more than copying one, a hundred times per sheet."""
    prototype = _PROTOTYPES.get(key)
    if prototype is None:
        prototype = _PROTOTYPES[key] = build()
    return _field_copy(prototype)


def _shallow(obj):
    """`copy.copy` of a plain object (no `__copy__`, no `__slots__`: Django's fields and
    widgets) without its `__reduce_ex__` round trip, which is most of its cost."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def _field_copy(field: forms.Field) -> forms.Field:
    """What `copy.deepcopy(field)` gives (`Field.__deepcopy__` and `Widget.__deepcopy__`: a
    shallow copy with its own widget, widget attributes, error messages and validators list),
    a few times faster: `tests/scoring/test_sheet_forms.py` compares the two."""
    new = _shallow(field)
    new.widget = widget = _shallow(field.widget)
    widget.attrs = field.widget.attrs.copy()
    new.error_messages = field.error_messages.copy()
    new.validators = field.validators[:]
    return new


def _number_attrs(row: SheetRow, prefix: str) -> dict:
    c = row.criterion
    attrs = {
        "data-kind": c.kind,
        "data-max": str(c.max_points),
        "class": f"form-control td-score-input {prefix}",
    }
    if row.is_counted:
        attrs["data-per"] = str(c.points_per_occurrence)
    return attrs


class _RowsForm(forms.Form):
    """A form with one group of fields per leaf criterion; `rows` get their bound fields.

    The sheet pages render these fields without crispy-forms: the self-scoring page writes its
    rows in Python (`scoring.templatetags.sheet_tags.self_score_rows`), the review page with a
    plain template loop (`scoring/_cell_field.html`). A 32-criterion sheet has about a hundred
    fields, and per-field rendering cost more than half of the page (issue #13). So the widgets
    carry their Bootstrap classes themselves, and `add_error` marks them invalid.

    `entries()` holds only the criteria whose figure was sent: a POST that leaves a field out
    (a file upload with the version only, a partial page) leaves that score as it is, while a
    field sent empty clears it.
    """

    version = version_field()

    def __init__(self, *args, rows: list[SheetRow], **kwargs):
        super().__init__(*args, **kwargs)
        self._shown: dict = {}
        self.rows = rows
        self.leaf_rows = [r for r in rows if not r.is_group]
        for row in self.leaf_rows:
            self.add_row_fields(row)

    def add_row_fields(self, row: SheetRow) -> None:
        raise NotImplementedError

    def shown_points(self, value) -> str:
        """A figure as the field shows it (`points`), formatted once per form: a sheet's
        figures repeat (its maxima, zeros)."""
        key = (type(value), value)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = show_points(value)
        return shown

    def show_rows(self, rows: list[SheetRow]) -> None:
        """Show the form on `rows` of the same criteria with their scores and evidence: a form
        posted and checked on `selectors.criteria_rows` (no scores) shown again on the page's
        rows. Its fields follow the criteria only, and a bound form shows what was typed."""
        leaf_rows = [r for r in rows if not r.is_group]
        assert [r.criterion.pk for r in leaf_rows] == [r.criterion.pk for r in self.leaf_rows]
        self.rows, self.leaf_rows = rows, leaf_rows

    def points_field(self, row: SheetRow, label, prefix: str) -> forms.Field:
        if row.is_counted:
            field = _copied(
                ("count", id(label)),
                lambda: forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    widget=widgets.TextInput(),
                ),
            )
            field.widget.attrs = {**_number_attrs(row, prefix), "inputmode": "numeric"}
            return field
        field = _copied(("points", id(label)), lambda: _decimal_field(label))
        field.widget.attrs = {**field.widget.attrs, **_number_attrs(row, prefix)}
        return field

    def text_field(self, label) -> forms.Field:
        return _copied(
            ("text", id(label)),
            lambda: forms.CharField(
                label=label,
                required=False,
                widget=widgets.Textarea(attrs={"rows": 1, "class": "form-control"}),
                max_length=limits.REASON,
                help_text=REASON_HINT,
            ),
        )

    def sent(self, name: str) -> bool:
        return name in self.data

    def text_sent(self, name: str) -> str | None:
        """The cleaned text of a field, or None when the POST did not include it (keep it)."""
        return self.cleaned_data.get(name, "") if self.sent(name) else None

    def _clean_fields(self):
        """Django's `Form._clean_fields` without its BoundField per field (a hundred on a
        32-criterion sheet, built only to read each value): the same value from the widget
        (`value_from_datadict`, the initial one for a disabled field), the same `clean` (with
        the initial value for a file), `clean_<name>` hooks and errors.
        `tests/scoring/test_sheet_forms.py` compares the two on valid and invalid posts."""
        for name, field in self.fields.items():
            try:
                if field.disabled:
                    value = self.get_initial_for_field(field, name)
                else:
                    value = field.widget.value_from_datadict(
                        self.data, self.files, self.add_prefix(name)
                    )
                if isinstance(field, forms.FileField):
                    value = field.clean(value, self.get_initial_for_field(field, name))
                else:
                    value = field.clean(value)
                self.cleaned_data[name] = value
                hook = getattr(self, f"clean_{name}", None)
                if hook is not None:
                    self.cleaned_data[name] = hook()
            except ValidationError as e:
                self.add_error(name, e)

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()

    @property
    def items(self) -> list[dict]:
        """Each row with its bound fields, for templates: {row, points, note, evidence, reason}."""
        out = []
        for row in self.rows:
            item = {"row": row}
            if not row.is_group:
                cid = row.criterion.pk
                for key, names in (
                    ("points", (f"occ_{cid}", f"points_{cid}", f"rocc_{cid}", f"rpoints_{cid}")),
                    ("note", (f"note_{cid}",)),
                    ("evidence", (f"evidence_{cid}",)),
                    ("reason", (f"reason_{cid}",)),
                ):
                    name = next((n for n in names if n in self.fields), None)
                    item[key] = self[name] if name else None
            out.append(item)
        return out


def _decimal_field(label) -> forms.Field:
    field = LocalizedDecimalField(label=label, required=False)
    # The same input LocalizedDecimalField sets up ("8,5" typed as text), written in Python.
    widget = widgets.TextInput(attrs=field.widget.attrs)
    widget.is_localized = field.widget.is_localized
    field.widget = widget
    return field


class SelfScoreForm(_RowsForm):
    def add_row_fields(self, row: SheetRow) -> None:
        cid, score = row.criterion.pk, row.score
        if row.is_counted:
            self.fields[f"occ_{cid}"] = self.points_field(row, OCCURRENCES, "td-self")
            self.initial.setdefault(f"occ_{cid}", score.self_occurrences if score else None)
        else:
            self.fields[f"points_{cid}"] = self.points_field(row, POINTS, "td-self")
            self.initial.setdefault(
                f"points_{cid}", self.shown_points(score.self_points if score else None)
            )
        self.fields[f"note_{cid}"] = self.text_field(NOTE)
        self.initial.setdefault(f"note_{cid}", score.self_note if score else "")
        self.fields[f"evidence_{cid}"] = _copied(
            ("file", id(EVIDENCE)),
            lambda: forms.FileField(
                label=EVIDENCE,
                required=False,
                widget=widgets.FileInput(attrs={"class": "form-control"}),
            ),
        )

    def entries(self) -> dict[int, SelfEntry]:
        data, out = self.cleaned_data, {}
        for row in self.leaf_rows:
            cid = row.criterion.pk
            if not (self.sent(f"points_{cid}") or self.sent(f"occ_{cid}")):
                continue
            out[cid] = SelfEntry(
                points=data.get(f"points_{cid}"),
                occurrences=data.get(f"occ_{cid}"),
                note=self.text_sent(f"note_{cid}"),
            )
        return out

    def uploads(self) -> dict[int, list]:
        out = {}
        for row in self.leaf_rows:
            upload = self.cleaned_data.get(f"evidence_{row.criterion.pk}")
            if upload:
                out[row.criterion.pk] = [upload]
        return out


class ReviewForm(_RowsForm):
    def add_row_fields(self, row: SheetRow) -> None:
        cid, score = row.criterion.pk, row.score
        if row.is_counted:
            self.fields[f"rocc_{cid}"] = self.points_field(row, REVIEWED_COUNT, "td-review")
            self.initial.setdefault(f"rocc_{cid}", score.reviewed_occurrences if score else None)
        else:
            self.fields[f"rpoints_{cid}"] = self.points_field(row, REVIEWED_POINTS, "td-review")
            self.initial.setdefault(
                f"rpoints_{cid}", self.shown_points(score.reviewed_points if score else None)
            )
        self.fields[f"reason_{cid}"] = self.text_field(REASON)
        # Always empty: each change is explained anew; the previous reason is shown beside.
        self.initial[f"reason_{cid}"] = ""

    def entries(self) -> dict[int, ReviewEntry]:
        data, out = self.cleaned_data, {}
        for row in self.leaf_rows:
            cid = row.criterion.pk
            if not (self.sent(f"rpoints_{cid}") or self.sent(f"rocc_{cid}")):
                continue
            out[cid] = ReviewEntry(
                points=data.get(f"rpoints_{cid}"),
                occurrences=data.get(f"rocc_{cid}"),
                reason=self.text_sent(f"reason_{cid}"),
            )
        return out


class VersionForm(forms.Form):
    version = version_field()


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Scoring opens at"), help_text=_("For example 01/12/2026 08:00.")
    )
    closes_at = forms.DateTimeField(
        label=_("Scoring closes at"), help_text=_("For example 20/12/2026 17:00.")
    )
    reason = text_field(
        _("Reason (needed to close earlier than announced)"), limits.REASON, required=False
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand: units that have not submitted by the new closing time can no "
            "longer score."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("Closing must come after opening."))
        return data


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("New closing date and time"), help_text=_("For example 27/12/2026 17:00.")
    )
    reason = text_field(_("Reason"), limits.REASON)


class ReasonForm(forms.Form):
    reason = text_field(_("Reason"), limits.REASON)


class QuestionForm(forms.Form):
    question = text_field(_("Question"), limits.NOTE)


class AnswerForm(forms.Form):
    answer = text_field(_("Explanation"), limits.NOTE)


class ResolutionForm(forms.Form):
    resolution = text_field(_("Outcome"), limits.NOTE)
