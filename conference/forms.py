from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardProposal
from blocks.forms import UnitMultipleChoiceField
from blocks.models import Unit
from conference.models import Ballot, BallotOption, Meeting
from emulation import limits
from emulation.collation import sorted_vi
from emulation.l10n import DATE_WIDGET
from emulation.limits import add_limit_hints, text_field


class ProposalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: AwardProposal) -> str:
        return f"{obj.award_type.name} — {obj.unit.name}"


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "held_on",
            "starts_at",
            "place",
            "chair_name",
            "chair_title",
            "secretary_name",
            "secretary_title",
            "agenda",
            "observers",
            "minutes_number",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "starts_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00"}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "observers": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "held_on": _("dd/mm/yyyy"),
            "agenda": _("One item per line."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_limit_hints(self)


class AttendanceForm(forms.Form):
    """One checkbox and one text field per member unit (`present_<id>`, `reps_<id>`)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.unit.pk
            self.fields[f"present_{pk}"] = forms.BooleanField(
                label=row.unit.name, required=False, initial=row.present
            )
            self.fields[f"reps_{pk}"] = forms.CharField(
                label=_("Representatives of %(unit)s") % {"unit": row.unit.name},
                required=False,
                max_length=500,
                initial=row.representatives,
            )

    def lines(self):
        """(unit, present field, representatives field) for the template."""
        return [
            (r.unit, self[f"present_{r.unit.pk}"], self[f"reps_{r.unit.pk}"]) for r in self.rows
        ]

    def entries(self) -> list[tuple[Unit, bool, str]]:
        data = self.cleaned_data
        return [
            (r.unit, data[f"present_{r.unit.pk}"], data[f"reps_{r.unit.pk}"]) for r in self.rows
        ]


class BallotForm(forms.Form):
    subject = forms.ChoiceField(label=_("Subject"), choices=Ballot.Subject.choices)
    title = forms.CharField(
        label=_("Question put to the vote"),
        max_length=255,
        help_text=_('e.g. "Elect the leader unit for 2019".'),
    )
    proposal = ProposalChoice(
        label=_("Award proposal"),
        queryset=AwardProposal.objects.none(),
        required=False,
        help_text=_("For an award ballot."),
    )
    candidates = UnitMultipleChoiceField(
        label=_("Candidate units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For the election of a leader or deputy unit."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Ballot.Method.choices)
    threshold = forms.ChoiceField(
        label=_("Needed to carry"), choices=Ballot.Threshold.choices, initial=Ballot.Threshold.HALF
    )
    base = forms.ChoiceField(label=_("Counted on"), choices=Ballot.Base.choices)
    closes_at = forms.DateTimeField(
        label=_("Closes automatically at"),
        required=False,
        help_text=_("Online ballots only, for example 22/01/2019 10:30. Empty: closed by hand."),
    )
    note = text_field(_("Note"), limits.SHORT_TEXT, required=False)

    def __init__(self, *args, units, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = units
        # listed in Vietnamese order; the queryset still validates the choice
        self.fields["candidates"].choices = [(u.pk, u.name) for u in sorted_vi(units)]
        self.fields["proposal"].queryset = proposals

    def clean(self):
        data = super().clean()
        subject = data.get("subject")
        if subject == Ballot.Subject.AWARD and not data.get("proposal"):
            self.add_error("proposal", _("Choose the award proposal."))
        if subject in Ballot.ELECTIONS and not data.get("candidates"):
            self.add_error("candidates", _("Name at least one candidate unit."))
        return data


class VoteForm(forms.Form):
    option = forms.ModelChoiceField(
        label=_("Your unit's vote"),
        queryset=BallotOption.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ballot, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["option"]
        field.queryset = ballot.options.select_related("unit")
        field.label_from_instance = lambda option: option.label


class CountsForm(forms.Form):
    """A count per choice (`option_<id>`), and for paper ballots the invalid papers."""

    def __init__(self, *args, options, paper=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        for option in options:
            self.fields[f"option_{option.pk}"] = forms.IntegerField(
                label=option.label, min_value=0, max_value=10000
            )
        if paper:
            self.fields["invalid"] = forms.IntegerField(
                label=_("Invalid ballot papers"), min_value=0, max_value=10000, initial=0
            )

    def counts(self) -> dict[int, int]:
        return {o.pk: self.cleaned_data[f"option_{o.pk}"] for o in self.options}


class HandoverForm(forms.Form):
    handed_on = forms.DateField(label=_("Handed over on"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    ballot = forms.ModelChoiceField(
        label=_("Decided by the vote"),
        queryset=Ballot.objects.none(),
        required=False,
        help_text=_("The carried election of next year's leader unit, if the block voted."),
    )
    note = text_field(_("Note"), limits.NOTE, required=False)

    def __init__(self, *args, ballots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ballot"].queryset = ballots
