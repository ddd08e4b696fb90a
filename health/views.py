"""Health checks for load balancers and monitoring; public, cheap, never cached.

`live` answers without touching the database: it says the process serves requests, and it is
the "minimal view" the benchmarks compare every page with (same middleware, nothing else).
`ready` says whether this process can do real work: the database answers, the cache keeps
a value and the task queue (its table, or Redis) takes work.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from emulation.tasks import queue_is_reachable

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Readiness: the database does not answer")
        return False


def _cache() -> bool:
    try:
        cache.set("healthz:ready", "1", 10)
        return cache.get("healthz:ready") == "1"
    except Exception:  # any backend's failure means "not ready", never a 500
        logger.exception("Readiness: the cache does not answer")
        return False


def _tasks() -> bool:
    try:
        return queue_is_reachable()
    except Exception:  # a broken queue means "not ready", never a 500
        logger.exception("Readiness: the task queue does not answer")
        return False


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache(), "tasks": _tasks()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
