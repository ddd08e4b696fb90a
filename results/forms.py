from django import forms
from django.utils.translation import gettext_lazy as _

from blocks.models import Unit
from emulation import limits
from emulation.l10n import LocalizedDecimalField
from emulation.limits import text_field
from results.models import ClassificationBand, Incident

POLICY_SLOTS = 4


class TiePolicyForm(forms.Form):
    """The ordered tie-break rules: one select per position, blanks ignored (works without JS)."""

    def __init__(
        self,
        *args,
        choices: list[tuple[str, str]],
        initial_rules=(),
        reason_needed: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        options = [("", "—")] + list(choices)
        for index in range(POLICY_SLOTS):
            name = f"rule_{index + 1}"
            self.fields[name] = forms.ChoiceField(
                label=_("Rule %(position)d") % {"position": index + 1},
                choices=options,
                required=False,
            )
            if index < len(initial_rules):
                self.initial[name] = initial_rules[index]
        if reason_needed:
            # Scoring has opened: only the board changes the rules, and says why.
            self.fields["reason"] = rules_reason_field()

    def clean(self):
        data = super().clean()
        rules = [data[f"rule_{i + 1}"] for i in range(POLICY_SLOTS) if data.get(f"rule_{i + 1}")]
        if len(set(rules)) != len(rules):
            raise forms.ValidationError(_("Each rule can be used only once."), code="duplicate")
        data["rules"] = rules
        return data


def rules_reason_field() -> forms.CharField:
    return text_field(
        _("Reason for changing the rules after scoring opened"),
        limits.REASON,
        required=False,
        help_text=_("Kept in the audit trail."),
    )


class RulesReasonForm(forms.Form):
    """The reason sent with the bands once scoring has opened (the board only)."""

    reason = rules_reason_field()


class IncidentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Incident.Kind.choices)
    makes_ineligible = forms.BooleanField(
        label=_("Ineligible to be the leading unit"), required=False, initial=True
    )
    note = text_field(_("Note"), limits.NOTE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ShareForm(forms.Form):
    objection_days = forms.IntegerField(
        label=_("Objection window (days)"),
        min_value=0,
        max_value=60,
        initial=5,
        help_text=_("0: no objection window."),
    )


class ObjectionForm(forms.Form):
    criterion_code = forms.ChoiceField(label=_("Criterion"))
    text = text_field(_("Objection"), limits.NOTE, rows=3)

    def __init__(self, *args, criteria: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion_code"].choices = [
            (c["code"], f"{c['code']}. {c['title']}") for c in criteria if c["kind"] != "group"
        ]


class AnswerForm(forms.Form):
    answer = text_field(_("Answer"), limits.NOTE)


class PublishForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), help_text=_("dd/mm/yyyy"))
    signed_file = forms.FileField(
        label=_("Signed decision (PDF or image)"),
        help_text=_("The scanned, signed decision."),
    )


class CorrectionForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), help_text=_("dd/mm/yyyy"))
    reason = text_field(_("Reason for the correction"), limits.REASON)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    criterion_code = forms.ChoiceField(label=_("Criterion"))
    points = LocalizedDecimalField(label=_("Corrected points"), min_value=0)
    signed_file = forms.FileField(label=_("Signed decision (PDF or image)"), required=False)

    def __init__(self, *args, table: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(r["unit_id"], r["unit_name"]) for r in table["rows"]]
        self.fields["criterion_code"].choices = [
            (c["code"], f"{c['code']}. {c['title']}")
            for c in table["criteria"]
            if c["kind"] != "group"
        ]


class BandForm(forms.Form):
    """One band, rendered as a table row (the fields carry their Bootstrap classes)."""

    label = forms.CharField(label=_("Label"), max_length=100)
    min_total = LocalizedDecimalField(label=_("Minimum total"), min_value=0, max_digits=6)
    min_basis = forms.ChoiceField(
        label=_("Minimum as"),
        choices=ClassificationBand.Basis.choices,
        initial=ClassificationBand.Basis.SHARE,
        # Left out (an older form, a script): points, what a minimum always meant before.
        required=False,
    )
    floor_percent = LocalizedDecimalField(
        label=_("Floor on every criterion (%)"), min_value=0, max_value=100, max_digits=5
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "DELETE" else "form-control form-control-sm"
            if name == "min_basis":
                css = "form-select form-select-sm"
            field.widget.attrs["class"] = css


class BaseBandFormSet(forms.BaseFormSet):
    def bands(self):
        return [
            (
                f.cleaned_data["label"],
                f.cleaned_data["min_total"],
                f.cleaned_data["floor_percent"],
                f.cleaned_data["min_basis"] or ClassificationBand.Basis.POINTS,
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            share = data.get("min_basis") == ClassificationBand.Basis.SHARE
            if share and not data.get("DELETE") and (data.get("min_total") or 0) > 100:
                form.add_error(
                    "min_total", _("A share of the nominal total is at most 100 per cent.")
                )


BandFormSet = forms.formset_factory(
    BandForm, formset=BaseBandFormSet, extra=1, can_delete=True, max_num=10
)
