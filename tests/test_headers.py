"""Headers: signed-in pages are never cached; public pages may be."""

import pytest

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_private_and_not_stored(world, clients):
    response = clients["member"].get("/")
    assert response.status_code == 200
    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}


def test_public_pages_for_anonymous_visitors_keep_no_such_header(world, clients):
    response = clients["anonymous"].get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_response_with_its_own_cache_control_keeps_it(rf, world):
    from django.http import HttpResponse

    from emulation.headers import PrivatePagesMiddleware

    def view(request):
        response = HttpResponse("file")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = rf.get("/")
    request.user = world.users["member"]
    response = PrivatePagesMiddleware(view)(request)
    assert response["Cache-Control"] == "private, max-age=60"


def test_the_language_cookie_is_same_site(world, clients):
    response = clients["member"].post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
