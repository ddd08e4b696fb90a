"""Plumbing shared by every app's views: a service's refusal shown on the form or as a message.

Views are thin (form → service → message → redirect). When a service refuses with a
`ValidationError`, the view calls `apply_service_error(form, exc)` and renders the form again
with `FORM_ERROR_STATUS`, so every app answers a refused form the same way.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

# A form shown again with its errors is an ordinary page: 200, as Django's own generic views do.
FORM_ERROR_STATUS = 200


def apply_service_error(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def flash_service_error(request: HttpRequest, exc: ValidationError) -> None:
    """A refusal of an action that has no form of its own (a button): one message per reason."""
    for text in exc.messages:
        messages.error(request, text)


def error_codes(exc: ValidationError) -> set[str]:
    """The codes of a refusal, for views that react to one reason in particular."""
    errors = exc.error_list if not hasattr(exc, "error_dict") else sum(exc.error_dict.values(), [])
    return {error.code for error in errors if error.code}


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows whose posted ids are checked for size before any query.

    Django checks each value alone for a bad type but not for size: a 30-digit number reaches
    the database, which SQLite cannot bind (a 500). Ids are 1 to 18 digits, as in the URLs.
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)
