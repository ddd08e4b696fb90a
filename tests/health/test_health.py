"""Health checks: `live` never touches the database; `ready` checks database, cache and tasks."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings


@pytest.mark.django_db
def test_live_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_checks_database_and_cache(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": True, "cache": True, "tasks": True},
    }


@pytest.mark.django_db
def test_ready_says_unavailable_when_the_database_fails(client):
    with mock.patch("health.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "cache": True, "tasks": True}


@pytest.mark.django_db
def test_ready_says_unavailable_when_the_cache_fails(client):
    with mock.patch("health.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] is False


def test_health_checks_refuse_writes(client):
    assert client.post("/healthz/live").status_code == 405


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_ready_checks_the_database_task_queue(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"] is True
    with mock.patch(
        "django_tasks_db.models.DBTaskResult.objects.exists", side_effect=DatabaseError("gone")
    ):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] is False


@pytest.mark.django_db
@override_settings(
    TASKS=RQ_TASKS,
    RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:1/0"}},
)
def test_ready_says_unavailable_when_redis_does_not_answer(client):
    connection = mock.Mock()
    connection.ping.side_effect = ConnectionError("refused")
    with mock.patch("django_rq.get_connection", return_value=connection):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] is False
