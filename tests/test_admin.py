"""Django admin: every model of ours is registered, and every changelist, add and change page
opens for the superuser (a wrong list_display or filter would only show up here)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = (
    "accounts",
    "audit",
    "blocks",
    "campaigns",
    "scoring",
    "results",
    "awards",
    "conference",
    "documents",
)


@pytest.fixture
def world(shared_world):
    """Built once for the module (see tests/conftest.py): each test's writes are rolled back."""
    return shared_world


MODELS = [m for label in OUR_APPS for m in apps.get_app_config(label).get_models()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin(model):
    assert admin.site.is_registered(model), f"{model._meta.label} has no admin"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_open(world, clients, model):
    client = clients["superuser"]
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Sở"}).status_code == 200
    obj = model.objects.order_by("pk").first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200
    model_admin = admin.site._registry[model]
    request = client.get(changelist).wsgi_request
    if model_admin.has_add_permission(request):
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(add).status_code == 200


# A published block-year in the admin (issue #9, item 2): every path answers with a refusal
# that says why, never a 500, and writes nothing.


def _form_error_codes(response) -> list[str]:
    form = response.context["adminform"].form
    return [e.code for errors in form.errors.as_data().values() for e in errors]


def test_adding_a_criterion_to_a_published_scale_is_refused_on_the_form(world, clients):
    from campaigns.models import Criterion, Scale

    scale = Scale.objects.get(term=world.published_term)
    before = Criterion.objects.count()
    response = clients["superuser"].post(
        reverse("admin:campaigns_criterion_add"),
        {
            "scale": scale.pk,
            "code": "B9",
            "title": "Thưởng",
            "order": 9,
            "kind": "bonus",
            "max_points": "50",
        },
    )
    assert response.status_code == 200
    assert _form_error_codes(response) == ["published"]
    assert Criterion.objects.count() == before


def test_adding_an_objection_or_incident_to_a_published_year_is_refused(world, clients):
    from results.models import Incident, Objection

    client = clients["superuser"]
    common = {"term": world.published_term.pk, "unit": world.member_unit.pk}
    response = client.post(
        reverse("admin:results_incident_add"),
        {**common, "kind": "other", "makes_ineligible": "on", "note": "x"},
    )
    assert response.status_code == 200 and not Incident.objects.exists()
    assert _form_error_codes(response) == ["published"]
    response = client.post(
        reverse("admin:results_objection_add"),
        {**common, "criterion_code": "1", "text": "x", "answer": ""},
    )
    assert response.status_code == 200 and not Objection.objects.exists()
    assert _form_error_codes(response) == ["published"]


def test_the_bulk_delete_action_lists_a_published_year_as_protected(world, clients):
    from campaigns.models import Scale

    scale = Scale.objects.get(term=world.published_term)
    response = clients["superuser"].post(
        reverse("admin:campaigns_scale_changelist"),
        {"action": "delete_selected", "_selected_action": [scale.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "published" in response.text
    assert Scale.objects.filter(pk=scale.pk).exists()


def test_a_published_year_leader_cannot_be_changed_and_the_page_says_why(world, clients):
    from blocks.models import Term

    client = clients["superuser"]
    term = world.published_term
    change = reverse("admin:blocks_term_change", args=[term.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert any("published" in str(m) or "công bố" in str(m) for m in page.context["messages"])
    data = {
        "block": term.block_id,
        "year": term.year,
        "leader": world.member_unit.pk,
        "status": "review",
    }
    assert client.post(change, data).status_code == 403
    delete = reverse("admin:blocks_term_delete", args=[term.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Term.objects.get(pk=term.pk).leader_id == world.leader_unit.pk


def test_a_published_scale_takes_no_inline_rows(world, clients):
    from campaigns.models import Scale

    scale = Scale.objects.get(term=world.published_term)
    page = clients["superuser"].get(reverse("admin:campaigns_scale_change", args=[scale.pk]))
    assert page.status_code == 200
    assert all(not formset.formset.can_delete for formset in page.context["inline_admin_formsets"])
    assert all(
        formset.has_add_permission is False for formset in page.context["inline_admin_formsets"]
    )
