"""The year-setup demo data sits on top of the seed and is idempotent."""

import pytest
from django.core.management import call_command

from blocks.models import Term
from campaigns.demo import load_demo
from campaigns.models import Campaign, Pact, PactSignature, Registration

pytestmark = pytest.mark.django_db


def test_load_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    load_demo()
    counts = (
        Pact.objects.count(),
        PactSignature.objects.count(),
        Registration.objects.count(),
        Campaign.objects.filter(term__isnull=False).count(),
    )
    load_demo()
    assert counts == (
        Pact.objects.count(),
        PactSignature.objects.count(),
        Registration.objects.count(),
        Campaign.objects.filter(term__isnull=False).count(),
    )
    term = Term.objects.get(block__name="Khối thi đua Kinh tế - Kỹ thuật", year=2018)
    assert term.pact.signatures.count() == 8
    assert term.registrations.filter(status="approved").count() == 8
    assert term.own_campaigns.count() == 2


def test_load_demo_without_the_seed_does_nothing(db):
    load_demo()
    assert not Pact.objects.exists()
