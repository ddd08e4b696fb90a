"""The scoring demo: an open window, a draft with evidence, an answered query; idempotent."""

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from blocks.models import Term
from scoring import demo, services
from scoring.models import Evidence, Query

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    logins = demo.load_demo()
    assert [u for u, _p, _r in logins] == ["vanhoa", "yte"]
    term = Term.objects.get(block__name=demo.SYNTHETIC_BLOCK, year=2019)
    assert services.window_is_open(term)
    assert Evidence.objects.filter(score__sheet__term=term).count() == 1
    query = Query.objects.get(score__sheet__term=term)
    assert query.answer and query.answered_by.username == "yte"
    counts = (AuditEntry.objects.count(), Evidence.objects.count(), Query.objects.count())
    demo.load_demo()
    assert (AuditEntry.objects.count(), Evidence.objects.count(), Query.objects.count()) == counts
