"""The admin lists of the year setup load, and a published year's pact is read-only there."""

import pytest
from django.urls import reverse

from tests.campaigns import helpers

pytestmark = pytest.mark.django_db

MODELS = ["campaign", "campaignadoption", "scale", "criterion", "awardtype", "pact", "registration"]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_load(world, clients, model):
    helpers.pact(world)
    helpers.registration(world)
    helpers.block_campaign(world)
    response = clients["superuser"].get(reverse(f"admin:campaigns_{model}_changelist"))
    assert response.status_code == 200


def test_a_published_years_pact_cannot_be_changed_in_the_admin(world, clients):
    from campaigns.models import Pact

    pact = Pact.objects.create(term=world.published_term, title="G", text="x")
    url = reverse("admin:campaigns_pact_change", args=[pact.pk])
    response = clients["superuser"].post(url, {"title": "Đổi", "text": "y"})
    assert response.status_code == 403
    pact.refresh_from_db()
    assert pact.title == "G"
