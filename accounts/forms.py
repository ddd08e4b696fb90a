from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.imports import MAX_IMPORT_SIZE
from blocks.models import Block, Unit
from emulation.collation import vi
from emulation.forms import BoundedModelMultipleChoiceField


class AccountForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("For an officer: the unit they work for."),
    )
    council_blocks = BoundedModelMultipleChoiceField(
        label=_("Council member for blocks"),
        queryset=Block.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a member of the provincial council: the blocks they may read."),
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(province=province).order_by(vi("name"))
        self.fields["council_blocks"].queryset = Block.objects.filter(
            province=province, archived=False
        ).order_by(vi("name"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("The file is too large."), code="too_large")
        return upload
