"""The rush script's visit at a tiny size, against a live server: its form posts are right.

Three generated officers log in, save their sheet twice with figures typed the Vietnamese way
and open the ranking, through the same code `make bench-rush` runs; the database must then
hold the figures of each officer's last save. No timing is asserted: timings belong to the
benchmark (docs/performance.md).
"""

import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from scoring.models import Score, ScoreSheet

# bench/ is a folder of scripts, not a package: its modules import each other by name.
sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))
import rush  # noqa: E402

# Two blocks of five: seed 3 leaves at least three sheets of the open year editable.
SIZE = {"provinces": 1, "blocks": 2, "units": 5, "criteria": 4, "years": 3, "seed": 3}


@pytest.fixture
def officers(transactional_db):
    call_command("generate_data", stdout=io.StringIO(), **SIZE)
    return rush.plan(3)


def _stored(target: rush.Target) -> dict[str, Decimal]:
    """The officer's self-scores as the database holds them, keyed like the form's fields."""
    unit = int(target.sheet.rstrip("/").rsplit("/", 1)[1])
    sheet = ScoreSheet.objects.get(term__status="scoring", unit_id=unit)
    return {f"points_{s.criterion_id}": s.self_points for s in Score.objects.filter(sheet=sheet)}


def test_the_plan_picks_editable_sheets_and_a_published_ranking(officers):
    assert len(officers) == 3
    assert len({o.username for o in officers}) == 3
    for officer in officers:
        assert "/scoring/units/" in officer.sheet
        assert officer.ranking.count("/") == 4  # /blocks/<id>/<year>/: a published ranking
    statuses = set(ScoreSheet.objects.filter(term__status="scoring").values_list("status"))
    assert statuses - {("not_started",), ("draft",), ("submitted",)} == set()


def test_the_rush_saves_twice_and_the_values_are_stored(officers, live_server):
    host, port = live_server.url.removeprefix("http://").split(":")
    # The live server shares one connection between its threads on in-memory SQLite, so
    # there the officers come one after the other; on PostgreSQL they overlap as in the rush.
    together = connection.vendor != "sqlite"
    record = rush.rush(officers, host=host, port=int(port), window=1.0, seed=5, together=together)

    assert dict(record.errors) == {}
    assert record.completed == 3
    assert len(record.latencies["login"]) == 3
    assert len(record.latencies["save"]) == 6
    # Per officer: login page, the sheet three times (before and after each save), ranking.
    assert len(record.latencies["page"]) == 3 * 5
    # What each officer typed last is what the database holds, commas and all.
    for target in officers:
        typed, stored = record.stored[target.username], _stored(target)
        assert len(typed) == 4, "every scored criterion changes"
        for name, value in typed.items():
            assert stored[name] == rush.number(value), (target.username, name)
            assert "." not in value
    typed = [v for values in record.stored.values() for v in values.values()]
    assert any("," in value for value in typed), "some figures have a decimal comma"
