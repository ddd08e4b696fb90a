"""The embedded default holds concurrent savers: SQLite with WAL, IMMEDIATE and a busy timeout.

Each thread opens its own connection to one SQLite file with the project's `SQLITE_OPTIONS`
and does what a sheet save does: inside one transaction, read the sheet's version, think,
write the scores and bump the version. With SQLite's default (DEFERRED) transactions the
writer that read first fails at once with "database is locked" when it upgrades to a write
lock; with the project's options the writers queue on the busy timeout and every save lands.
Runs on both CI legs: it tests the SQLite configuration, whatever the suite's database is.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

THREADS = 16
SAVES_EACH = 5


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own SQLite files, never the suite's test database."""
    with django_db_blocker.unblock():
        yield


def _settings_dict(path, options):
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": options,
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }


def _rush(path, options) -> tuple[int, list[str]]:
    """Run THREADS × SAVES_EACH read-modify-write saves; return (saves landed, errors)."""
    setup = DatabaseWrapper(_settings_dict(path, options), alias="rush")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE sheet (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
        cursor.execute("CREATE TABLE score (sheet_id INTEGER, criterion INTEGER, points TEXT)")
        cursor.execute("INSERT INTO sheet (id, version) VALUES (1, 0)")
    setup.close()

    errors: list[str] = []
    start = threading.Barrier(THREADS)

    def saver(n: int) -> None:
        connections["rush"] = DatabaseWrapper(_settings_dict(path, options), alias="rush")
        start.wait()
        try:
            for i in range(SAVES_EACH):
                try:
                    with transaction.atomic(using="rush"), connections["rush"].cursor() as cur:
                        cur.execute("SELECT version FROM sheet WHERE id = 1")
                        (version,) = cur.fetchone()
                        time.sleep(0.002)  # the form is validated between read and write
                        cur.execute(
                            "INSERT INTO score VALUES (1, %s, %s)", [n * SAVES_EACH + i, "8.5"]
                        )
                        cur.execute("UPDATE sheet SET version = %s WHERE id = 1", [version + 1])
                except OperationalError as exc:
                    errors.append(str(exc))
        finally:
            connections["rush"].close()
            del connections["rush"]

    threads = [threading.Thread(target=saver, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    check = DatabaseWrapper(_settings_dict(path, options), alias="rush")
    with check.cursor() as cursor:
        cursor.execute("SELECT version FROM sheet WHERE id = 1")
        (version,) = cursor.fetchone()
    check.close()
    return version, errors


def test_project_options_hold_sixteen_concurrent_savers(tmp_path):
    version, errors = _rush(tmp_path / "rush.sqlite3", settings.SQLITE_OPTIONS)
    assert errors == []
    # No lost update either: every save read the version the previous one wrote.
    assert version == THREADS * SAVES_EACH


def test_sqlite_defaults_fail_the_same_rush(tmp_path):
    """The control: without IMMEDIATE the same workload meets "database is locked"."""
    options = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 5}
    version, errors = _rush(tmp_path / "deferred.sqlite3", options)
    assert errors, "deferred transactions were expected to collide"
    assert all("locked" in text for text in errors)
    assert version < THREADS * SAVES_EACH


@pytest.mark.parametrize("pragma, expected", [("journal_mode", "wal"), ("busy_timeout", 20000)])
def test_project_options_take_effect(tmp_path, pragma, expected):
    wrapper = DatabaseWrapper(_settings_dict(tmp_path / "p.sqlite3", settings.SQLITE_OPTIONS), "p")
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {pragma}")
        assert cursor.fetchone()[0] == expected
    wrapper.close()
