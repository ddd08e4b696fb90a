"""Login protection: who the client is, and a per-client throttle across usernames.

django-axes locks a (username, client) pair after `AXES_FAILURE_LIMIT` failures, so a stranger
guessing at someone's password locks only themselves, never the account's owner. Axes applies
one limit to every parameter combination, so the looser limit for one client trying many
usernames (`LOGIN_CLIENT_FAILURE_LIMIT`) is kept here, in the cache.
"""

import datetime
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The client's address, trusting `X-Forwarded-For` only through `PROXY_COUNT` proxies.

    Each trusted proxy appends the address it received the request from, so with N proxies the
    client is the N-th entry from the right; anything further left was written by the client and
    is ignored. With `PROXY_COUNT = 0` (the default) only `REMOTE_ADDR` counts.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "PROXY_COUNT", 0)
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < count:
        # Not through every trusted proxy: the connection's own address is all we can trust.
        return remote
    candidate = chain[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def axes_client_ip(request) -> str:
    """`AXES_CLIENT_IP_CALLABLE`: axes needs a string even for a request without an address."""
    return client_ip(request) or ""


def _cooloff() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)


def _client_key(request) -> str:
    return f"login-client-failures:{client_ip(request) or '-'}"


def record_client_failure(request) -> None:
    """Count one failed login or password check for the client, whatever the username."""
    key = _client_key(request)
    timeout = int(_cooloff().total_seconds())
    if cache.add(key, 1, timeout):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)


def count_client_failure(sender, credentials, request=None, **kwargs) -> None:
    """Receiver of `user_login_failed`."""
    if request is not None:
        record_client_failure(request)


def client_is_throttled(request) -> bool:
    if not getattr(settings, "AXES_ENABLED", True):
        return False
    return (cache.get(_client_key(request)) or 0) >= settings.LOGIN_CLIENT_FAILURE_LIMIT


def lockout_response(request, original_response=None, credentials=None):
    """The page shown when the pair or the client is locked: in the layout, with a time."""
    retry_at = timezone.localtime(timezone.now() + _cooloff())
    return render(
        request,
        "registration/lockout.html",
        {"retry_at": retry_at, "cooloff_minutes": int(_cooloff().total_seconds() // 60)},
        status=429,
    )
