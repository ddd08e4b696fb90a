from django import forms
from django.utils.translation import gettext_lazy as _

from blocks.models import Block, Unit
from emulation.collation import vi


class AuditFilterForm(forms.Form):
    block = forms.ModelChoiceField(label=_("Block"), queryset=Block.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    user = forms.CharField(label=_("User"), max_length=150, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=100,
        required=False,
        help_text=_("The start of an action code, e.g. scoring.score"),
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        blocks = Block.objects.order_by(vi("name"))
        units = Unit.objects.order_by(vi("name"))
        if not user.is_superuser and user.board_province_id is not None:
            blocks = blocks.filter(province_id=user.board_province_id)
            units = units.filter(province_id=user.board_province_id)
        elif not user.is_superuser:
            # A unit's officer sees only their unit's entries: no block or unit to choose.
            del self.fields["block"]
            del self.fields["unit"]
            return
        self.fields["block"].queryset = blocks
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."), code="dates")
        return data
