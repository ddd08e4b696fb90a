"""Every text a person can type has a limit: in the model, in the form, and in the audit trail
(issue #12, part 3). The model checks are generated from the app registry, so a new app or a
new field without a limit fails here without anyone adding a line."""

import datetime
import importlib
import inspect
from pathlib import Path

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.urls import reverse

from audit.models import AuditEntry
from audit.services import log_action
from campaigns.models import Registration
from emulation import limits
from emulation.forms import FORM_ERROR_STATUS
from results import services as results_services
from results.models import Objection
from tests.campaigns.helpers import award_type

BASE = Path(settings.BASE_DIR).resolve()
VENV = BASE / ".venv"


def _ours(config) -> bool:
    """An installed app whose code lives in the project (not in the virtualenv)."""
    path = Path(config.path).resolve()
    return path.is_relative_to(BASE) and not path.is_relative_to(VENV)


OUR_APPS = [c for c in apps.get_app_configs() if _ours(c)]
TEXT_FIELDS = [
    (model, field)
    for config in OUR_APPS
    for model in config.get_models()
    for field in model._meta.get_fields()
    if isinstance(field, models.CharField | models.TextField)
]


def test_our_apps_are_found():
    labels = {c.label for c in OUR_APPS}
    assert {"accounts", "audit", "blocks", "campaigns", "scoring", "results"} <= labels
    assert "admin" not in labels and "django_otp" not in labels
    assert len(TEXT_FIELDS) > 50


@pytest.mark.parametrize(
    ("model", "field"), TEXT_FIELDS, ids=lambda x: getattr(x, "name", None) or x._meta.label
)
def test_every_text_field_has_a_limit_that_full_clean_enforces(model, field):
    where = f"{model._meta.label}.{field.name}"
    assert field.max_length, f"{where} has no max_length (see emulation/limits.py)"
    validators = [v for v in field.validators if isinstance(v, MaxLengthValidator)]
    assert validators, f"{where}: use emulation.limits.bounded_text() so full_clean refuses too"
    assert validators[0].limit_value == field.max_length, where


def _form_classes():
    for config in OUR_APPS:
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def _fields(cls) -> dict:
    """The fields of a form as shown: those of an instance when it needs no arguments (a
    ModelForm adds its hints in __init__), else the declared ones."""
    try:
        return cls().fields
    except TypeError:
        return cls.base_fields


FORM_TEXT_FIELDS = [
    (cls, name, field)
    for cls in _form_classes()
    for name, field in _fields(cls).items()
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.HiddenInput)
]


@pytest.mark.parametrize(
    ("form", "name", "field"),
    FORM_TEXT_FIELDS,
    ids=lambda x: x if isinstance(x, str) else getattr(x, "__name__", ""),
)
def test_every_text_field_of_our_forms_has_a_limit(form, name, field):
    assert field.max_length, f"{form.__module__}.{form.__name__}.{name} has no max_length"
    if isinstance(field.widget, forms.Textarea):
        assert field.widget_attrs(field.widget)["maxlength"] == str(field.max_length)
        assert str(field.max_length) in str(field.help_text), f"{form.__name__}.{name}: no hint"


def test_full_clean_refuses_an_over_long_text(world):
    objection = Objection(
        term=world.term, unit=world.member_unit, criterion_code="1", text="x" * (limits.NOTE + 1)
    )
    with pytest.raises(ValidationError) as exc:
        objection.full_clean(exclude=["filed_by"])
    assert exc.value.error_dict["text"][0].code == "max_length"


# --- the audit trail never stores an unbounded text -------------------------------------------


@pytest.mark.django_db
def test_log_action_refuses_an_unbounded_reason_or_record(world):
    for kwargs in (
        {"reason": "x" * (limits.AUDIT_REASON + 1)},
        {"after": {"text": "x" * (limits.AUDIT_JSON + 1)}},
        {"before": {"text": "x" * (limits.AUDIT_JSON + 1)}},
    ):
        with pytest.raises(ValidationError) as exc, transaction.atomic():
            log_action(actor=world.users["leader"], action="test.x", obj=world.term, **kwargs)
        assert exc.value.code == "too_long"
    assert not AuditEntry.objects.filter(action="test.x").exists()


# --- representative forms: an over-long value is a form error and nothing is written ----------

TOO_LONG_REASON = "Lý do " + "x" * limits.REASON
TOO_LONG_NOTE = "Kiến nghị " + "x" * limits.NOTE


@time_machine.travel(datetime.datetime(2026, 1, 5, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_an_over_long_objection_is_a_form_error(world, clients):
    results_services.share_provisional(
        term=world.term, actor=world.users["leader"], objection_days=2
    )
    entries = AuditEntry.objects.count()
    response = clients["member"].post(
        reverse("results:objection_add", args=[world.block.pk, world.term.year]),
        {"criterion_code": "2", "text": TOO_LONG_NOTE},
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert response.context["objection_form"].errors.as_data()["text"][0].code == "max_length"
    assert not Objection.objects.exists()
    assert AuditEntry.objects.count() == entries
    with pytest.raises(ValidationError):
        results_services.file_objection(
            term=world.term,
            actor=world.users["member"],
            unit=world.member_unit,
            criterion_code="2",
            text=TOO_LONG_NOTE,
        )
    assert not Objection.objects.exists()


def test_over_long_registration_targets_are_a_form_error(world, clients):
    award = award_type()
    url = reverse("campaigns:registration_edit", args=[world.block.pk, world.term.year])
    page = clients["member"].get(url).content.decode()
    assert f'maxlength="{limits.TARGETS}"' in page
    response = clients["member"].post(
        url, {"award_types": [award.pk], "targets": "x" * (limits.TARGETS + 1)}
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert response.context["form"].errors.as_data()["targets"][0].code == "max_length"
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="campaigns.registration").exists()
