"""emulation.prepared on PostgreSQL: each compiled statement is PREPAREd once per connection and
run with EXECUTE, without counting as one of the request's queries, and falls back to plain SQL
whenever it cannot be prepared."""

import logging

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from blocks.models import Term
from emulation import prepared as prepared_module
from emulation.prepared import PreparedQuery, _numbered, update_rows
from scoring.models import Score

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side prepared statements are PostgreSQL's"
)


def test_placeholders_are_numbered_and_percent_signs_unescaped():
    assert _numbered("a = %s AND b LIKE '%%x%%' AND c IN (%s, %s)") == (
        "a = $1 AND b LIKE '%x%' AND c IN ($2, $3)"
    )
    assert _numbered("SELECT 1") == "SELECT 1"


def _terms_of_block():
    return PreparedQuery(
        lambda block, years: (
            Term.objects.filter(block_id=block, year__in=years)
            .order_by("year")
            .values_list("year", flat=True)
        ),
        register=False,
        block=int,
        years=list,
    )


def _statements_on_server() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def _forget_connection_state():
    connection.__dict__.pop("_thidua_statements", None)


def _expected(world) -> list[int]:
    return list(
        Term.objects.filter(block=world.block).order_by("year").values_list("year", flat=True)
    )


@postgresql_only
def test_a_prepared_read_runs_as_execute_and_its_prepare_is_not_one_of_the_queries(world):
    query = _terms_of_block()
    years = _expected(world)
    with CaptureQueriesContext(connection) as first:
        assert query.all(block=world.block.pk, years=years) == years
    (only,) = first.captured_queries
    assert only["sql"].startswith("EXECUTE thidua_")
    name = only["sql"].split()[1].split("(")[0]
    assert name in _statements_on_server()
    with CaptureQueriesContext(connection) as again:
        assert query.all(block=world.block.pk, years=years[:1]) == years[:1]
    # Another length of the list is another statement; each is prepared once.
    assert len(again.captured_queries) == 1
    assert again.captured_queries[0]["sql"].split()[1].split("(")[0] != name


@postgresql_only
def test_the_changed_rows_are_written_through_a_prepared_statement(world):
    scores = list(Score.objects.filter(sheet__term=world.term).order_by("pk")[:2])
    for score in scores:
        score.self_note = "Đã chấm lại 8,5"
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Score, scores, ["self_note"]) == 2
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["EXECUTE"]
    assert set(Score.objects.filter(pk__in=[s.pk for s in scores]).values_list("self_note")) == {
        ("Đã chấm lại 8,5",)
    }


@postgresql_only
def test_a_statement_that_cannot_be_prepared_runs_unprepared_and_the_transaction_goes_on(
    world, caplog
):
    query = _terms_of_block()
    years = _expected(world)
    query.all(block=world.block.pk, years=years)  # compiled
    (plan,) = query._plans.values()
    # A new statement whose PREPARE the server refuses (as it would a parameter of no type).
    statement = prepared_module.PreparedSQL(plan.sql)
    statement.prepare_sql = f"PREPARE {statement.name} AS SELEC 1"
    plan.statement = statement
    with transaction.atomic(), caplog.at_level(logging.ERROR, logger="emulation.prepared"):
        with CaptureQueriesContext(connection) as queries:
            assert query.all(block=world.block.pk, years=years) == years
        # The transaction was not aborted by the refused PREPARE.
        assert Term.objects.filter(block=world.block).count() == len(years)
    assert statement.usable is False
    assert "PREPARE failed" in caplog.text
    assert not queries.captured_queries[0]["sql"].startswith("EXECUTE")
    # From then on, plain SQL without trying again.
    with CaptureQueriesContext(connection) as queries:
        assert query.all(block=world.block.pk, years=years) == years
    assert not queries.captured_queries[0]["sql"].startswith("EXECUTE")


@postgresql_only
def test_a_statement_the_session_already_holds_is_used_as_it_is(world):
    """The process lost track of what it prepared (its record is per connection object), the
    server did not: PREPARE says it exists, and EXECUTE uses it."""
    query = _terms_of_block()
    years = _expected(world)
    query.all(block=world.block.pk, years=years)
    _forget_connection_state()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert query.all(block=world.block.pk, years=years) == years
    assert queries.captured_queries[0]["sql"].startswith("EXECUTE")
    (plan,) = query._plans.values()
    assert plan.statement.usable is True


@postgresql_only
def test_a_connection_keeps_a_bounded_number_of_statements(world, monkeypatch):
    monkeypatch.setattr(prepared_module, "_MAX_STATEMENTS", 1)
    query = _terms_of_block()
    years = _expected(world)
    assert len(years) == 2
    for length in (1, 2):
        assert query.all(block=world.block.pk, years=years[:length]) == years[:length]
        assert len({n for n in _statements_on_server() if n.startswith("thidua_")}) == 1
    # A statement deallocated with the others is prepared again when it is next run.
    assert query.all(block=world.block.pk, years=years[:1]) == years[:1]


@postgresql_only
@override_settings(DB_SERVER_PREPARED=False)
def test_turned_off_every_statement_is_sent_as_sql(world):
    query = _terms_of_block()
    years = _expected(world)
    with CaptureQueriesContext(connection) as queries:
        assert query.all(block=world.block.pk, years=years) == years
    assert queries.captured_queries[0]["sql"].startswith("SELECT")


def test_no_statement_is_prepared_on_other_databases(world):
    query = _terms_of_block()
    query.all(block=world.block.pk, years=_expected(world))
    (plan,) = query._plans.values()
    assert (plan.statement is not None) == (connection.vendor == "postgresql")


def test_hand_written_sql_runs_prepared_on_postgresql_and_as_it_is_elsewhere(world):
    from emulation.prepared import PreparedSQL

    statement = PreparedSQL("SELECT COUNT(*) FROM blocks_term WHERE block_id = %s AND year >= %s")
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
            statement.execute(cursor, [world.block.pk, 2025])
            assert cursor.fetchone() == (1,)
        (only,) = queries.captured_queries
        assert only["sql"].startswith("EXECUTE" if connection.vendor == "postgresql" else "SELECT")


def test_the_public_pages_stamps_are_prepared_statements_on_postgresql(world):
    from portal import stamps

    with CaptureQueriesContext(connection) as queries:
        assert stamps.home().startswith("h")
        assert stamps.province(world.block.province_id).startswith("p")
    assert len(queries.captured_queries) == 2
    expected = "EXECUTE" if connection.vendor == "postgresql" else "SELECT"
    assert all(q["sql"].startswith(expected) for q in queries.captured_queries)
