"""Error pages come in the site's own look, in Vietnamese."""

import pytest
from django.test import RequestFactory

from emulation import errors

pytestmark = pytest.mark.django_db


def test_404_page_is_ours(client):
    response = client.get("/blocks/999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert "Thi Đua" in response.text


def test_403_page_is_ours(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    request = rf.get("/")
    request.user = AnonymousUser()
    response = errors.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_500_page_renders_without_context(rf: RequestFactory):
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


def test_400_page_is_ours(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = errors.bad_request(request, Exception())
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
