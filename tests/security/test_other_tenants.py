"""Staff of another tenant are outsiders: board staff of another province and a council member
of another block get, on every URL of the permission matrix, what an outsider unit gets
(404 on anything unpublished), and write nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from tests.matrix import Redirect, status_of
from tests.test_permissions import ROWS


@pytest.fixture
def world(shared_world):
    """Built once for the module (see tests/conftest.py): each test's writes are rolled back."""
    return shared_world


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["far_board", "far_council"])
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_staff_of_another_tenant_are_outsiders(world, request, who, row):
    if row.name == "admin:index":
        pytest.skip("Django's own admin: staff flags, not tenants")
    client = Client()
    client.force_login(request.getfixturevalue(who))
    url = reverse(row.name, args=row.args(world)) + (f"?{row.query}" if row.query else "")
    data = row.data(world) if row.data else {}
    before = AuditEntry.objects.count()
    response = getattr(client, row.method)(url, data)
    expected = row.expect["outsider"]
    assert response.status_code == status_of(expected), (row.id, response.status_code)
    if isinstance(expected, Redirect):
        assert response["Location"] == expected.url(world, url), (row.id, response["Location"])
    assert AuditEntry.objects.count() == before
