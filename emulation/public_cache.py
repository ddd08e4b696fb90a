"""Public pages of published results, served from Django's cache with ETag and Last-Modified.

A published ranking never changes: a correction is a new published version. So the public
pages that show published results (home, province, a block-year's ranking, a unit's history)
are rendered once per *publication stamp* and kept in the cache framework (`CACHES["default"]`:
memory in development, Redis shared by every app server when `REDIS_URL` is set).

`PublicPageCacheMiddleware` serves them, near the top of the middleware stack (after the
security headers and the static files): a cached hit answers without sessions, CSRF,
authentication or the view — the cost of the minimal view plus one query (issue #13). The
views say they are such pages with `@public_page(stamp, params=…)`:

- the **stamp** of a page is read from the database on every request, in one query (for the
  ranking page: the latest published version of that block-year; for a province: the latest
  publication of its blocks; ...). Publication and correction insert a `PublishedResult` row in
  their own transaction, so the stamp changes in that transaction: the next request after the
  commit misses the cache and renders the new version, in whichever language it asks for;
- the **key** is the view, the language (the language cookie), the path, the allowed query
  parameters and the stamp;
- the **ETag** is a digest of the stored page, `Last-Modified` the time it was rendered;
  Django's `get_conditional_response` (the machinery of the `condition` decorator) answers 304
  to a browser's revalidation.

Only visitors without a session are served from the cache (no session cookie: nobody is signed
in, no message is waiting in the session) and without a message cookie: a signed-in person's
pages carry private links and their own `Cache-Control: private, no-store`
(`emulation.headers`), so they always render. A request with a query parameter the page does
not declare renders as well (never stored). A page is stored only when its response set no
cookie, so nothing one visitor was given reaches another: the public pages hold no CSRF token
(the language switch, their only form, is exempt: see `emulation.urls`). The stored headers
(Content-Security-Policy, X-Frame-Options, Content-Language, Vary…) are those the whole stack
gave the first response, replayed on each hit. The responses say `Cache-Control: private,
no-cache` (a browser keeps the page and asks again every time) and `Vary: Cookie` (the language
is a cookie).

Changes that are not publications (a block created, a unit renamed) reach the cached pages
when their entry expires: `PUBLIC_PAGE_CACHE_SECONDS` (default 300; 0 turns the cache off).
"""

import hashlib
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

_KEY_PREFIX = "public-page:v2:"
_MAX_PARAM = 6  # digits of an allowed query value ("?version=2")
# Headers of the first response not replayed on a hit: ours are set again, the rest describe
# that one response.
_NOT_REPLAYED = {"etag", "last-modified", "cache-control", "date", "set-cookie"}
# What a 304 keeps of the stored headers (RFC 9110, 15.4.5).
_ON_304 = {"content-language", "vary", "content-location", "expires"}

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


def chosen_language(request: HttpRequest) -> str:
    """The language of the request: the switch's cookie, else Vietnamese (the default).

    The one rule `emulation.middleware.VietnameseFirstLocaleMiddleware` applies too.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _anonymous(request: HttpRequest) -> bool:
    """No session (so nobody signed in and no message in it) and no message cookie."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def public_page(stamp: Stamp, *, params: Sequence[str] = ()):
    """Mark a view as a public page of published results (see the module).

    `stamp(**url_kwargs)` returns the publication stamp of the page in one query, or None when
    the page shows nothing published (then the view runs as usual: it decides who may see it).
    `params` names the query parameters the page may be cached with (each a short number).
    The decorators outside this one (`require_safe`) keep the marks: `functools.wraps` copies
    them.
    """

    def decorator(view):
        view.public_page_stamp = stamp
        view.public_page_params = tuple(params)
        return view

    return decorator


def _key(request: HttpRequest, view_name: str, query: str, version: str) -> str:
    raw = "|".join([view_name, chosen_language(request), request.path, query, version])
    return _KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _plan(request: HttpRequest) -> str | None:
    """The cache key of this request, or None when it is not for a cached public page."""
    if request.method not in ("GET", "HEAD") or not _cache_seconds() or not _anonymous(request):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    stamp = getattr(match.func, "public_page_stamp", None)
    if stamp is None:
        return None
    query = _allowed_query(request, match.func.public_page_params)
    if query is None:
        return None
    version = stamp(*match.args, **match.kwargs)
    if version is None:
        return None
    return _key(request, match.view_name, query, version)


def _entry(response: HttpResponse) -> dict:
    content = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_REPLAYED]
    return {
        "content": content,
        "headers": headers,
        "digest": hashlib.sha256(content).hexdigest()[:32],
        "modified": int(timezone.now().timestamp()),
    }


def _storable(response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")  # a page that said how to keep it
    )


def _validators(response: HttpResponseBase, entry: dict) -> None:
    response.headers["ETag"] = f'W/"{entry["digest"]}"'
    response.headers["Last-Modified"] = http_date(entry["modified"])
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def _hit(request: HttpRequest, entry: dict) -> HttpResponseBase:
    etag = f'W/"{entry["digest"]}"'
    response = get_conditional_response(request, etag=etag, last_modified=entry["modified"])
    if response is not None:  # 304 Not Modified
        for name, value in entry["headers"]:
            if name.lower() in _ON_304:
                response.headers[name] = value
    else:
        # A HEAD gets the headers of the page (its Content-Length included), not its bytes.
        response = HttpResponse(b"" if request.method == "HEAD" else entry["content"])
        for name, value in entry["headers"]:
            response.headers[name] = value
    _validators(response, entry)
    return response


class PublicPageCacheMiddleware:
    """Serve the public pages of published results from the cache (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = _plan(request)
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            return _hit(request, entry)
        response = self.get_response(request)
        if not _storable(response):
            return response
        entry = _entry(response)
        cache.set(key, entry, _cache_seconds())
        _validators(response, entry)
        return response
