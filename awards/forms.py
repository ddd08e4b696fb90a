from django import forms
from django.utils.translation import gettext_lazy as _

from awards import rules
from awards.models import AwardPolicy, AwardProposal
from blocks.forms import UnitChoiceField
from campaigns.models import AwardType
from emulation import limits
from emulation.forms import BoundedModelMultipleChoiceField
from emulation.l10n import DATE_WIDGET
from emulation.limits import text_field


class AwardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AwardType) -> str:
        return obj.name


class ProposeForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    award_type = AwardChoiceField(label=_("Award proposed"), queryset=None)
    justification = text_field(
        _("Achievements"),
        limits.NOTE,
        rows=3,
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        """`units`: the block-year's members, in Vietnamese order (the choices keep it)."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["award_type"].queryset = AwardType.objects.filter(
            active=True, level__in=rules.PROPOSABLE_LEVELS
        ).order_by("order", "name")


class WithdrawForm(forms.Form):
    reason = text_field(_("Reason for withdrawing"), limits.REASON)


class VoteForm(forms.Form):
    carried = forms.TypedChoiceField(
        label=_("Result of the block's vote"),
        choices=[("yes", _("Carried")), ("no", _("Not carried"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("How and when"),
        max_length=500,
        help_text=_('e.g. "Show of hands at the year-end conference of 22/01/2019: 8 of 8".'),
    )


class ReviewForm(forms.Form):
    OUTCOMES = [
        ("approve", _("Approve")),
        ("downgrade", _("Grant a lower award")),
        ("reject", _("Reject")),
    ]
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    granted_type = AwardChoiceField(
        label=_("Lower award"), queryset=AwardType.objects.none(), required=False
    )
    reason = text_field(
        _("Reason"),
        limits.REASON,
        required=False,
        help_text=_("Needed for a lower award or a rejection."),
    )

    def __init__(self, *args, proposal: AwardProposal, award_types: list[AwardType], **kwargs):
        """`award_types`: the active award types, read once for every form of the page."""
        super().__init__(*args, **kwargs)
        lower = [a for a in award_types if rules.is_lower(a, proposal.award_type)]
        field = self.fields["granted_type"]
        field.queryset = AwardType.objects.filter(pk__in=[a.pk for a in lower])
        # Shown from the list already read: no query per form when the page is drawn.
        field.choices = [("", "---------")] + [(a.pk, a.name) for a in lower]


def active_award_types() -> list[AwardType]:
    return list(AwardType.objects.filter(active=True).order_by("order", "name"))


class ProposalChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: AwardProposal) -> str:
        return f"{obj.unit.name} — {obj.award_shown.name} ({obj.term.block.name} {obj.term.year})"


class DecideForm(forms.Form):
    proposals = ProposalChoiceField(
        label=_("Proposals the decision covers"),
        queryset=AwardProposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    signed_file = forms.FileField(label=_("Signed decision (PDF)"))

    def __init__(self, *args, decidable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = decidable


class ShareForm(forms.ModelForm):
    class Meta:
        model = AwardPolicy
        fields = ["government_flag_share"]
