from django import forms
from django.utils.translation import gettext_lazy as _

from blocks.forms import UnitChoiceField
from blocks.models import Unit
from campaigns import rules
from campaigns.models import AwardType, Campaign, CampaignAdoption, Criterion
from emulation import limits
from emulation.collation import vi
from emulation.forms import BoundedModelMultipleChoiceField
from emulation.l10n import DATE_WIDGET, LocalizedDecimalField
from emulation.limits import text_field


class CampaignForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=255)
    theme = text_field(_("Theme / slogan"), limits.SHORT_TEXT, required=False)
    launched_on = forms.DateField(label=_("Launched on"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Required for a special campaign."),
    )
    launched_by = forms.CharField(label=_("Launching authority"), max_length=255, required=False)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("For a unit's own movement."),
    )

    def __init__(self, *args, members: list[Unit], board: bool, central: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        levels = Campaign.Level.choices
        if not board:
            levels = [c for c in levels if c[0] in (Campaign.Level.BLOCK, Campaign.Level.UNIT)]
        if not central:
            # Central movements are shared by every province: superusers record them.
            levels = [c for c in levels if c[0] != Campaign.Level.CENTRAL]
        self.fields["level"].choices = levels
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in members])

    def clean(self):
        data = super().clean()
        if data.get("kind") == Campaign.Kind.SPECIAL and not data.get("ends_on"):
            self.add_error("ends_on", _("A special campaign needs an end date."))
        start, end = data.get("launched_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date is before the launch date."))
        if data.get("level") == Campaign.Level.UNIT and not data.get("unit"):
            self.add_error("unit", _("Choose the member unit that runs this movement."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, DOCX, XLSX, JPEG, PNG or WebP; checked by content.")
    )


# Ids stop where the database's 64-bit keys do: a larger number is a field error, never a 500.
MAX_ID = 2**63 - 1


def id_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(max_value=MAX_ID, **kwargs)


class AdoptionForm(forms.Form):
    campaign = id_field(widget=forms.HiddenInput)
    unit = id_field(widget=forms.HiddenInput, required=False)
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[("", _("Not adopted"))] + list(CampaignAdoption.Mode.choices),
        required=False,
    )
    integrated_into = id_field(required=False)


class PactForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    text = text_field(_("Text of the pact"), limits.LONG_TEXT, rows=8, required=False)
    commitments = text_field(
        _("Commitments"),
        limits.TARGETS,
        rows=6,
        required=False,
        help_text=_("One commitment per line."),
    )
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_("The scanned, signed pact: PDF, DOCX or an image."),
    )


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150)
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=150,
        help_text=_("For example: Giám đốc, Phó Giám đốc, Trưởng ban."),
    )


class RegistrationForm(forms.Form):
    """Offers only the titles the unit may aim for (`campaigns.titles.title_choices`); the page
    lists the others with the reason."""

    award_types = BoundedModelMultipleChoiceField(
        label=_("Titles aimed for"),
        queryset=AwardType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    targets = text_field(_("Targets"), limits.TARGETS, rows=6, help_text=_("One target per line."))

    def __init__(self, *args, offered: list[AwardType], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["award_types"]
        field.queryset = AwardType.objects.filter(pk__in=[a.pk for a in offered]).order_by(
            "order", "name"
        )
        # The choices from the list already read: rendering them needs no query.
        field.choices = [(a.pk, a.name) for a in offered]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return"))], widget=forms.HiddenInput
    )
    reason = text_field(_("Reason"), limits.REASON, required=False)


class ReasonForm(forms.Form):
    reason = text_field(_("Reason"), limits.REASON, rows=3)


class ScaleSettingsForm(forms.Form):
    nominal_total = LocalizedDecimalField(
        label=_("Declared nominal total"), max_digits=6, decimal_places=2, min_value=0.01
    )


class CriterionForm(forms.Form):
    parent = forms.ChoiceField(label=_("Inside"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Criterion.Kind.choices, initial=Criterion.Kind.SCORED
    )
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=500)
    max_points = LocalizedDecimalField(
        label=_("Maximum points"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        help_text=_("For a bonus or deduction item: the cap."),
    )
    points_per_occurrence = LocalizedDecimalField(
        label=_("Points per occurrence"),
        max_digits=6,
        decimal_places=2,
        required=False,
        min_value=0.01,
        help_text=_("Bonus and deduction items only."),
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    guidance = text_field(_("Guidance"), limits.NOTE, rows=3, required=False)

    def __init__(self, *args, groups: list[Criterion], exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {str(g.pk): g for g in groups if g.pk != exclude}
        self.fields["parent"].choices = [("", _("— top level —"))] + [
            (pk, f"{g.code}. {g.title}"[:80]) for pk, g in self.groups.items()
        ]

    def clean_parent(self):
        value = self.cleaned_data.get("parent")
        return self.groups.get(value) if value else None

    def clean(self):
        """The line rules of `campaigns.rules`, the ones the service and the import apply,
        shown on the fields they are about (a field that already has an error keeps it)."""
        data = super().clean()
        needed = ("code", "title", "kind", "max_points")
        if any(name not in data for name in needed):
            return data
        per = data.get("points_per_occurrence") if data["kind"] in rules.EXTRA_KINDS else None
        problems = rules.line_problems(
            code=data["code"],
            title=data["title"],
            kind=data["kind"],
            max_points=data["max_points"],
            per=per,
        )
        for problem in problems:
            if problem.field not in self.errors:
                self.add_error(problem.field, forms.ValidationError(problem.message, problem.code))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class NextYearForm(forms.Form):
    leader = UnitChoiceField(label=_("Leader unit"), queryset=Unit.objects.none())
    deputy = UnitChoiceField(label=_("Deputy unit"), queryset=Unit.objects.none(), required=False)
    copy_scale = forms.BooleanField(
        label=_("Copy the scale as a draft (version 1)"), required=False, initial=True
    )
    copy_campaigns = forms.BooleanField(
        label=_("Copy the block's own movements"), required=False, initial=True
    )
    copy_rules = forms.BooleanField(
        label=_("Copy the tie-break policy and the classification bands"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, members: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Unit.objects.filter(pk__in=[u.pk for u in members]).order_by(vi("name"))
        self.fields["leader"].queryset = queryset
        self.fields["deputy"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("leader") and data.get("leader") == data.get("deputy"):
            self.add_error("deputy", _("The deputy unit must differ from the leader unit."))
        return data
