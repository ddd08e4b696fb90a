"""Forms of the board's block pages and of a year's leadership. The rules are the services';
these only shape the input (dates as dd/mm/yyyy)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from blocks.models import Block, Membership, Unit, UnitLineage
from emulation import limits
from emulation.collation import sort_key
from emulation.forms import BoundedModelMultipleChoiceField
from emulation.l10n import DATE_WIDGET
from emulation.limits import text_field


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class UnitMultipleChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


def _sorted_units(queryset) -> list[tuple[int, str]]:
    """Choices in Vietnamese order (a queryset's ORDER BY is not)."""
    return sorted(((u.pk, u.name) for u in queryset), key=lambda c: sort_key(c[1]))


class BlockForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=Block.Kind.choices)
    description = text_field(_("Description"), limits.SHORT_TEXT, rows=3, required=False)
    rotation_policy = forms.ChoiceField(
        label=_("Rotation policy"),
        choices=Block.Rotation.choices,
        help_text=_("How next year's leader and deputy are chosen."),
    )


class OnDateForm(forms.Form):
    """The block page's date: members in force on that day."""

    on = forms.DateField(label=_("Members on"), required=False, widget=DATE_WIDGET)


class MembershipAddForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    valid_from = forms.DateField(label=_("Member from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=_("Member until"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty: no end date."),
    )
    rotation_position = forms.IntegerField(
        label=_("Position in the rotation list"), required=False, min_value=1, max_value=999
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].choices = [("", "---------"), *_sorted_units(units)]


class MembershipEndForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Last day of membership"),
        widget=DATE_WIDGET,
        help_text=_(
            "A unit that leaves before the year's cut-off date gets no score sheet that year."
        ),
    )


class RotationOrderForm(forms.Form):
    """One place per current membership (empty: not on the list)."""

    def __init__(self, *args, memberships: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        for m in memberships:
            self.fields[f"m{m.pk}"] = forms.IntegerField(
                label=m.unit.name,
                required=False,
                min_value=1,
                max_value=999,
                initial=m.rotation_position,
            )

    def positions(self) -> dict[int, int | None]:
        return {m.pk: self.cleaned_data.get(f"m{m.pk}") for m in self.memberships}


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices)
    active_from = forms.DateField(label=_("Active from"), required=False, widget=DATE_WIDGET)


class ReorganiseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Change"),
        choices=UnitLineage.Kind.choices,
        widget=forms.RadioSelect,
    )
    predecessors = UnitMultipleChoiceField(
        label=_("Units that change"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "One unit for a rename or a split; two or more for a merger (hold Ctrl, or Cmd, "
            "to choose several)."
        ),
    )
    successor_names = text_field(
        _("New names"),
        2000,
        rows=3,
        required=False,
        help_text=_(
            "One name a line: one for a rename or a merger into a new unit, two or more for a "
            "split."
        ),
    )
    continuing = UnitChoiceField(
        label=_("Or, for a merger, the unit that continues"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("It absorbs the others and keeps its name; leave the new names empty."),
    )
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note (decision number…)"), max_length=255, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _sorted_units(units)
        for name in ("predecessors", "continuing"):
            self.fields[name].queryset = units
        self.fields["predecessors"].choices = choices
        self.fields["continuing"].choices = [("", "---------"), *choices]

    def clean_successor_names(self) -> list[str]:
        text = self.cleaned_data.get("successor_names") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class CutoffForm(forms.Form):
    membership_cutoff = forms.DateField(
        label=_("Membership cut-off"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "A unit whose membership ends before this date gets no score sheet this year. "
            "Empty: 31 December."
        ),
    )


class DelegationForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Until"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=500)
