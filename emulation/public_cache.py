"""Public pages of published results, served from Django's cache with ETag and Last-Modified.

A published ranking never changes: a correction is a new published version. So the public
pages that show published results (home, province, a block-year's ranking, a unit's history)
are rendered once per *publication stamp* and kept in the cache framework (`CACHES["default"]`:
memory in development, Redis shared by every app server when `REDIS_URL` is set):

- the **stamp** of a page is read from the database on every request, in one query (for the
  ranking page: the latest published version of that block-year; for a province: the latest
  publication of its blocks; ...). Publication and correction insert a `PublishedResult` row in
  their own transaction, so the stamp changes in that transaction: the next request after the
  commit misses the cache and renders the new version, in whichever language it asks for;
- the **key** is the page, the language, the allowed query parameters and the stamp;
- the **ETag** is a digest of the stored HTML (and of the visitor's CSRF secret, see below),
  `Last-Modified` the time the HTML was rendered; Django's `get_conditional_response` (the
  machinery of the `condition` decorator) answers 304 to a browser's revalidation.

Only anonymous visitors are served from the cache: a signed-in person's pages carry private
links and their own `Cache-Control: private, no-store` (`emulation.headers`), so they always
render. A request carrying a flash message, or a query parameter the page does not declare,
renders as well (never stored), so nothing one visitor sees leaks to another.

Every page carries the language switch, a POST form with a CSRF token tied to the visitor's
CSRF cookie. The stored HTML holds a placeholder instead of the token, and each response gets
the visitor's own token; the ETag includes a keyed digest of the visitor's CSRF secret, so a
browser whose CSRF cookie changed (a sign-in rotates it) revalidates to a page with a token that
works. The responses say `Cache-Control: private, no-cache` (a browser keeps the page and asks
again every time; no shared proxy keeps a page with someone's token) and `Vary: Cookie` (the
language is a cookie).

Changes that are not publications (a block created, a unit renamed) reach the cached pages
when their entry expires: `PUBLIC_PAGE_CACHE_SECONDS` (default 300; 0 turns the cache off).
"""

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date
from django.utils.translation import get_language

# Autoescaping turns "<" into "&lt;" in everything a user typed, so no page text can hold this.
CSRF_PLACEHOLDER = b"<csrf-token>"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_KEY_PREFIX = "public-page:v1:"
_MAX_PARAM = 6  # digits of an allowed query value ("?version=2")

Stamp = Callable[..., str | None]


def _cache_seconds() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 300)


def _allowed_query(request: HttpRequest, params: Sequence[str]) -> str | None:
    """The query string of the key, or None when the request asks for anything else.

    Only declared parameters with short numeric values are cached, so nobody can fill the cache
    with `?x=1`, `?x=2`… (the page would also echo the query in the language switch).
    """
    parts = []
    for name, values in sorted(request.GET.lists()):
        if name not in params or len(values) != 1:
            return None
        value = values[0]
        if not value.isdigit() or len(value) > _MAX_PARAM:
            return None
        parts.append(f"{name}={value}")
    return "&".join(parts)


def _servable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not _cache_seconds():
        return False
    if request.user.is_authenticated:
        return False
    # A message waiting to be shown belongs to this visitor (reading the length keeps it).
    return not len(messages.get_messages(request))


def _key(view_name: str, request: HttpRequest, query: str, stamp: str) -> str:
    raw = "|".join([view_name, get_language() or "", request.path, query, stamp])
    return _KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _csrf_part(request: HttpRequest) -> str:
    secret = request.META.get("CSRF_COOKIE") or ""
    return salted_hmac("emulation.public_cache.etag", secret).hexdigest()[:16] if secret else "-"


def _etag(entry: dict, request: HttpRequest) -> str:
    return f'W/"{entry["digest"]}-{_csrf_part(request)}"'


def _entry(response: HttpResponse) -> dict:
    content = _CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    return {
        "content": content,
        "content_type": response["Content-Type"],
        "digest": hashlib.sha256(content).hexdigest()[:32],
        "modified": int(timezone.now().timestamp()),
    }


def _from_entry(entry: dict, request: HttpRequest) -> HttpResponse:
    content = entry["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(content, content_type=entry["content_type"])


def _conditional_headers(response: HttpResponse, entry: dict, request: HttpRequest) -> None:
    response.headers.setdefault("ETag", _etag(entry, request))
    response.headers.setdefault("Last-Modified", http_date(entry["modified"]))
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def public_page(stamp: Stamp, *, params: Sequence[str] = ()):
    """Serve the decorated view from the cache for anonymous visitors (see the module).

    `stamp(**url_kwargs)` returns the publication stamp of the page in one query, or None when
    the page shows nothing published (then the view runs as usual: it decides who may see it).
    `params` names the query parameters the page may be cached with (each a short number).
    """

    def decorator(view):
        view_name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _servable(request):
                return view(request, *args, **kwargs)
            query = _allowed_query(request, params)
            version = stamp(*args, **kwargs) if query is not None else None
            if version is None:
                return view(request, *args, **kwargs)
            key = _key(view_name, request, query, version)
            entry = cache.get(key)
            if entry is not None:
                response = get_conditional_response(
                    request, etag=_etag(entry, request), last_modified=entry["modified"]
                ) or _from_entry(entry, request)
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                entry = _entry(response)
                cache.set(key, entry, _cache_seconds())
            _conditional_headers(response, entry, request)
            return response

        return wrapped

    return decorator
