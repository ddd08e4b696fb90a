"""With REDIS_URL the cache, sessions, lockouts and tasks are shared; without it, local."""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = "redis://127.0.0.1:6379/15"

SHOW = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "axes_cache": settings.CACHES.get("axes", {}).get("BACKEND"),
    "session": settings.SESSION_ENGINE,
    "axes": settings.AXES_HANDLER,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "storage": settings.STORAGES["default"]["BACKEND"],
    "apps": [a for a in settings.INSTALLED_APPS if "tasks" in a or "rq" in a],
}))
"""


def _settings(**env_extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "S3_BUCKET"}}
    env.update({"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "emulation.settings", **env_extra})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_redis_everything_is_local():
    shown = _settings()
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["session"] == "django.contrib.sessions.backends.db"
    assert shown["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shown["storage"] == "django.core.files.storage.FileSystemStorage"
    assert shown["apps"] == ["django_tasks", "django_tasks_db"]


def test_with_redis_cache_sessions_lockouts_and_tasks_are_shared():
    shown = _settings(REDIS_URL=REDIS_URL)
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["axes_cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"
    assert shown["axes"] == "axes.handlers.cache.AxesCacheHandler"
    assert shown["tasks"] == "django_tasks_rq.RQBackend"
    assert "django_rq" in shown["apps"]


def test_an_s3_bucket_switches_the_file_storage():
    shown = _settings(S3_BUCKET="thidua-files")
    assert shown["storage"] == "storages.backends.s3.S3Storage"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_share_one_cache_through_redis():
    """What one app server stores, another reads: the point of REDIS_URL."""
    key = f"shared-{uuid.uuid4().hex}"
    # A generous lifetime: on a loaded machine the second process can take long to start.
    write = f"from django.core.cache import cache; cache.set('{key}', 'xin chào', 600)"
    read = f"from django.core.cache import cache; print(cache.get('{key}')); cache.delete('{key}')"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DEBUG": "1", "REDIS_URL": REDIS_URL})
    for code in (write, read):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    assert result.stdout.strip().splitlines()[-1] == "xin chào"
