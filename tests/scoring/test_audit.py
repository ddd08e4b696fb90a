"""The audit trail: history panels by persona; records cannot be changed or deleted."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEntry
from scoring import services
from tests.scoring.conftest import full_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world, open_term):
    services.save_self_scores(
        sheet=open_term.member_sheet,
        entries=full_entries(open_term),
        version=1,
        actor=world.users["member"],
    )
    return open_term


def test_entries_record_actor_ip_and_term(world, clients, scored):
    o = scored
    url = reverse("scoring:sheet", args=[world.block.pk, 2026, world.member_unit.pk])
    clients["member"].post(
        url, {"version": 2, f"points_{o.scored[2].pk}": "7"}, REMOTE_ADDR="203.0.113.9"
    )
    score = o.member_sheet.scores.get(criterion=o.scored[2])
    entry = AuditEntry.objects.filter(object_id=str(score.pk)).first()
    assert entry.ip == "203.0.113.9" and entry.actor == world.users["member"]
    assert entry.term_id == o.term.pk
    assert entry.before["self_points"] == "9.00" and entry.after["self_points"] == "7.00"


@pytest.mark.parametrize("persona", ["member", "leader", "board", "council"])
def test_history_panels_for_the_unit_and_the_overseers(world, clients, scored, persona):
    o = scored
    args = [world.block.pk, 2026, world.member_unit.pk]
    page = clients[persona].get(reverse("scoring:sheet", args=args))
    assert len(page.context["history"]) == 6  # draft status + 5 scores
    history = clients[persona].get(reverse("scoring:score_history", args=[*args, o.scored[0].pk]))
    assert [e.action for e in history.context["history"]] == ["scoring.score.self_scored"]


def test_another_member_cannot_read_the_history(world, clients, scored):
    args = [world.block.pk, 2026, world.member_unit.pk, scored.scored[0].pk]
    assert clients["deputy"].get(reverse("scoring:score_history", args=args)).status_code == 403
    assert clients["outsider"].get(reverse("scoring:score_history", args=args)).status_code == 404


def test_audit_entries_cannot_be_changed_or_deleted(scored):
    entry = AuditEntry.objects.filter(term_id=scored.term.pk).first()
    entry.reason = "sửa"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.reason == ""


def test_the_admin_cannot_add_change_or_delete_audit_entries(world, scored):
    admin = site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = world.users["superuser"]
    entry = AuditEntry.objects.first()
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)


def test_the_admin_change_page_is_read_only(world, client, scored):
    client.force_login(world.users["superuser"])
    entry = AuditEntry.objects.first()
    url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "sửa"})
    assert response.status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk, reason="").exists()


@pytest.mark.parametrize("model", ["evidence", "query", "reminderlog"])
def test_scoring_records_are_read_only_in_the_admin(world, client, model):
    client.force_login(world.users["superuser"])
    assert client.get(reverse(f"admin:scoring_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:scoring_{model}_add")).status_code == 403
