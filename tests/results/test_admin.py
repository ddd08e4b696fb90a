"""The admin refuses to change or delete anything of a published block-year."""

import pytest
from django.urls import reverse

from blocks import freeze
from campaigns.models import Criterion, Scale
from results.models import Incident, PublishedResult, TiePolicy
from scoring.models import Score, ScoreSheet

pytestmark = pytest.mark.django_db


def _objects(term):
    sheet = ScoreSheet.objects.filter(term=term).first()
    return {
        "campaigns_scale": Scale.objects.filter(term=term).first(),
        "campaigns_criterion": Criterion.objects.filter(scale__term=term).first(),
        "scoring_scoresheet": sheet,
        "scoring_score": Score.objects.filter(sheet=sheet).first(),
    }


@pytest.mark.parametrize(
    "admin_name",
    ["campaigns_scale", "campaigns_criterion", "scoring_scoresheet", "scoring_score"],
)
def test_admin_refuses_changes_and_deletes_for_a_published_year(world, clients, admin_name):
    client = clients["superuser"]
    obj = _objects(world.published_term)[admin_name]
    change = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    delete = reverse(f"admin:{admin_name}_delete", args=[obj.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # shown read-only
    assert client.post(change, {}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("admin_name", ["scoring_scoresheet", "campaigns_scale"])
def test_admin_still_edits_an_unpublished_year(world, clients, admin_name):
    obj = _objects(world.term)[admin_name]
    page = clients["superuser"].get(reverse(f"admin:{admin_name}_change", args=[obj.pk]))
    assert 'name="_save"' in page.text


def test_results_admins_freeze_a_published_year(world, clients):
    client = clients["superuser"]
    with freeze.publishing(world.published_term):  # rows the published year already had
        policy = TiePolicy.objects.create(term=world.published_term, rules=["base"])
        incident = Incident.objects.create(
            term=world.published_term, unit=world.member_unit, kind="other", note="x"
        )
    for name, obj in (("results_tiepolicy", policy), ("results_incident", incident)):
        assert client.post(reverse(f"admin:{name}_change", args=[obj.pk]), {}).status_code == 403
        delete = reverse(f"admin:{name}_delete", args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    publication = PublishedResult.objects.get(term=world.published_term)
    url = reverse("admin:results_publishedresult_delete", args=[publication.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert PublishedResult.objects.filter(pk=publication.pk).exists()
