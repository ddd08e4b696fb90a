"""Health checks: `live` never touches the database; `ready` checks the database and cache."""

from unittest import mock

import pytest
from django.db import DatabaseError


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
    assert response.json() == {"status": "ok", "checks": {"database": True, "cache": True}}


@pytest.mark.django_db
def test_ready_says_unavailable_when_the_database_fails(client):
    with mock.patch("health.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "cache": True}


@pytest.mark.django_db
def test_ready_says_unavailable_when_the_cache_fails(client):
    with mock.patch("health.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] is False


def test_health_checks_refuse_writes(client):
    assert client.post("/healthz/live").status_code == 405
