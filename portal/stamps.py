"""Publication stamps of the public pages (`emulation.public_cache`): one query each.

A stamp is the id of the latest `PublishedResult` the page shows or lists. Publication and
correction each insert one such row in their transaction, and ids only grow, so the stamp
changes exactly when something published changes, and the cached page is rendered again.

The stamp is read on every request for a cached page, so it is one plain SQL statement, built
once from the models' table and column names: compiling the same ORM query on each request
cost more CPU than serving the cached page (issue #13); on PostgreSQL it is also PREPAREd once
per connection (`emulation.prepared.PreparedSQL`), so it is not planned again on each request.
The statements are portable (SQLite and PostgreSQL) and checked against the ORM's answer in
`tests/results/test_public_cache.py`.
"""

from functools import cache

from django.db import connection

from awards.models import AwardProposal
from blocks.models import Block, Membership, Term
from emulation.prepared import PreparedSQL
from results.models import PublishedDocument, PublishedResult


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@cache
def _sql() -> dict[str, str]:
    result, term, document = _table(PublishedResult), _table(Term), _table(PublishedDocument)
    r_id, r_term = _column(PublishedResult, "id"), _column(PublishedResult, "term")
    t_id, t_block = _column(Term, "id"), _column(Term, "block")
    published_in = f"FROM {result} r INNER JOIN {term} t ON r.{r_term} = t.{t_id}"
    return {
        "term": (
            f"SELECT MAX(r.{r_id}), COUNT(d.{_column(PublishedDocument, 'id')}) {published_in} "
            f"LEFT JOIN {document} d ON d.{_column(PublishedDocument, 'publication')} = r.{r_id} "
            f"WHERE t.{t_block} = %s AND t.{_column(Term, 'year')} = %s "
            f"AND t.{_column(Term, 'status')} = %s"
        ),
        "province": (
            f"SELECT MAX(r.{r_id}) {published_in} "
            f"INNER JOIN {_table(Block)} b ON t.{t_block} = b.{_column(Block, 'id')} "
            f"WHERE b.{_column(Block, 'province')} = %s"
        ),
        "unit": (
            f"SELECT (SELECT MAX(r.{r_id}) {published_in} WHERE t.{t_block} IN "
            f"(SELECT m.{_column(Membership, 'block')} FROM {_table(Membership)} m "
            f"WHERE m.{_column(Membership, 'unit')} = %s)), "
            f"(SELECT MAX(a.{_column(AwardProposal, 'decided_at')}) "
            f"FROM {_table(AwardProposal)} a WHERE a.{_column(AwardProposal, 'unit')} = %s)"
        ),
        "home": f"SELECT MAX({r_id}) FROM {result}",
    }


@cache
def _statements() -> dict[str, PreparedSQL]:
    return {name: PreparedSQL(sql) for name, sql in _sql().items()}


def _row(name: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        _statements()[name].execute(cursor, params)
        return cursor.fetchone()


def term_ranking(pk: int, year: int) -> str | None:
    """The latest version of the block-year and its stored documents; None while it is not
    published (nothing to keep: the page is for insiders, and the access helper answers)."""
    latest, documents = _row("term", [pk, year, Term.Status.PUBLISHED.value])
    if latest is None:
        return None
    # The page shows the checksums of the stored documents, which the task adds after the
    # publication: each one stored changes the stamp too.
    return f"t{latest}-{documents}"


def province(pk: int) -> str:
    """The latest publication of any of the province's blocks (its page lists their years)."""
    return f"p{_row('province', [pk])[0] or 0}"


def unit(pk: int) -> str:
    """The latest publication of any block the unit has belonged to (its history and charts)
    and the unit's latest award decision (its award history), read in one query."""
    publication, award = _row("unit", [pk, pk])
    # The decision's time as the database gives it (a datetime, or text on SQLite): a stamp
    # only needs to change when it does.
    return f"u{publication or 0}-{award or 0}"


def home() -> str:
    """The latest publication of the country (the home page counts published years)."""
    return f"h{_row('home', [])[0] or 0}"
