"""Login protection: the (username, client) lock, the per-client throttle, trusted proxies."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.security import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = "pw-Thidua-123"


def _login(client, password, username="lan", **meta):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **meta
    )


def _from(address, proxies=0):
    """Request META for a client at `address` reaching the app through `proxies` proxies."""
    if proxies == 0:
        return {"REMOTE_ADDR": address}
    # The client forges a leading entry; each proxy appends the address it saw.
    hops = ["6.6.6.6", address] + [f"10.0.0.{i}" for i in range(1, proxies)]
    return {"REMOTE_ADDR": "10.0.0.99", "HTTP_X_FORWARDED_FOR": ", ".join(hops)}


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_the_anonymous_lockout_attack_fails(client, settings, proxies):
    settings.PROXY_COUNT = proxies
    UserFactory(username="lan")
    for _ in range(10):
        _login(client, "nope", **_from("203.0.113.1", proxies))
    # The attacker is locked for this username...
    assert _login(client, GOOD, **_from("203.0.113.1", proxies)).status_code == 429
    # ...the owner, from another address, is not.
    response = _login(client, GOOD, **_from("198.51.100.2", proxies))
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_the_pair_is_keyed_on_the_forwarded_client(client, settings, proxies):
    settings.PROXY_COUNT = proxies
    UserFactory(username="lan")
    for _ in range(10):
        _login(client, "nope", **_from("203.0.113.1", proxies))
    assert AccessAttempt.objects.get().ip_address == "203.0.113.1"


def test_one_client_is_throttled_across_usernames(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 5
    UserFactory(username="lan")
    for i in range(5):
        _login(client, "nope", username=f"user{i}", **_from("203.0.113.1"))
    response = _login(client, GOOD, **_from("203.0.113.1"))
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
    # Another client is unaffected.
    assert _login(client, GOOD, **_from("198.51.100.2")).status_code == 302


def test_lockout_page_is_translated_in_the_layout_and_says_when(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="lan")
    for _ in range(2):
        _login(client, "nope")
    response = _login(client, "nope")
    assert response.status_code == 429
    body = response.content.decode()
    assert "navbar" in body  # the site layout
    assert "Quá nhiều lần thử" in body
    assert response.context["retry_at"] is not None


def _change(client, old):
    return client.post(
        reverse("accounts:password_change"),
        {
            "old_password": old,
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )


def test_password_change_guessing_is_throttled(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(username="lan")
    client.force_login(user)
    assert _change(client, "nope").status_code == 200
    assert _change(client, "nope2").status_code == 200
    assert _change(client, "nope3").status_code == 429
    # Even the right old password is refused while locked.
    assert _change(client, GOOD).status_code == 429
    user.refresh_from_db()
    assert user.check_password(GOOD)


def test_password_change_failures_count_for_the_client(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 2
    client.force_login(UserFactory(username="lan"))
    _change(client, "nope")
    assert _change(client, "nope2").status_code == 429


class _Req:
    def __init__(self, **meta):
        self.META = meta


@pytest.mark.parametrize(
    ("count", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "9.9.9.9, 1.2.3.4"}, "1.2.3.4"),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "9.9.9.9, 1.2.3.4, 10.0.0.1"},
            "1.2.3.4",
        ),
        # Fewer entries than trusted proxies, or garbage: the connection's address.
        (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.2"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-ip"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, count, meta, expected):
    settings.PROXY_COUNT = count
    assert client_ip(_Req(**meta)) == expected
