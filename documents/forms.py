from django import forms

from documents.models import DocumentHeader
from documents.services import HEADER_FIELDS
from emulation.limits import add_limit_hints


class DocumentHeaderForm(forms.ModelForm):
    """Edits only the typed fields; the service does the write."""

    class Meta:
        model = DocumentHeader
        fields = HEADER_FIELDS
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_limit_hints(self)

    def _post_clean(self):
        # The service validates and saves; the instance's own full_clean would refuse a
        # published year before the service can explain it on the form.
        pass
