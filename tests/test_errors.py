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


def test_debug_404_is_ours_not_the_url_list(client, settings):
    """`make run` runs with DEBUG on: a wrong address still shows the app's page."""
    settings.DEBUG = True
    for url in ("/blocks/999999/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.text
        assert "URLconf" not in response.text


def test_a_403_is_logged_in_one_line():
    """A refused request is an ordinary event: no traceback in the log."""
    import logging
    import sys

    from emulation.logging import OneLineForbidden

    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden", (), None
    )
    try:
        raise PermissionError("no")
    except PermissionError:
        record.exc_info = sys.exc_info()
    record.status_code = 403
    assert OneLineForbidden().filter(record)
    assert "Traceback" not in logging.Formatter().format(record)
