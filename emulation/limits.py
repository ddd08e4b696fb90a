"""How long a text a person may type, in one place (issue #12, part 3).

Every `TextField` and `CharField` of the project's models has a `max_length`. A `CharField`
enforces it in the database and in `full_clean()`; a `TextField`'s `max_length` is only a hint
for forms, so `bounded_text()` adds a `MaxLengthValidator` and a service's `full_clean()` refuses
an over-long text too. Forms take the same numbers through `text_field()`, which sets the
textarea's `maxlength` and says the limit under the field; `static/js/limits.js` counts the
characters as people type. The limits are listed in docs/security.md.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# A reason given for a decision (returning, reviewing, correcting, a new version).
REASON = 2000
# A note, a question, an explanation, an objection and its answer, guidance on a criterion.
NOTE = 4000
# A registration's targets: one per line, a unit may list many.
TARGETS = 8000
# A theme or slogan, a block's description, a document's recipients.
SHORT_TEXT = 1000
# The whole text of an emulation pact.
LONG_TEXT = 20000
# Written by the app itself (the addresses a reminder went to), never typed.
SYSTEM_TEXT = 20000

# The audit trail records what a service was given; these caps make sure it never stores an
# unbounded text even if a service forgot a check (log_action refuses beyond them).
AUDIT_REASON = TARGETS
AUDIT_JSON = 100_000


def bounded_text(verbose_name, limit: int, **kwargs) -> models.TextField:
    """A `TextField` whose limit `full_clean()` enforces, not only the form."""
    return models.TextField(
        verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs
    )


def limit_hint(limit: int):
    """ "At most 2000 characters.", translated when shown."""
    return format_lazy(_("At most {limit} characters."), limit=limit)


def text_field(label, limit: int, *, rows: int = 2, required: bool = True, **kwargs):
    """A textarea form field with its limit: the `maxlength` attribute and a visible hint."""
    attrs = {"rows": rows, **kwargs.pop("attrs", {})}
    help_text = kwargs.pop("help_text", None)
    hint = limit_hint(limit)
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs=attrs),
        help_text=format_lazy("{} {}", help_text, hint) if help_text else hint,
        **kwargs,
    )


def add_limit_hints(form) -> None:
    """Say the limit under every textarea of a form built from a model (a `ModelForm`)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
            hint = limit_hint(field.max_length)
            field.help_text = (
                format_lazy("{} {}", field.help_text, hint) if field.help_text else hint
            )
