"""Hot read queries compiled to SQL once per process, not on every request (issue #13).

Django compiles a queryset to SQL each time it runs it: for the few reads every signed-in page
or save repeats (the block-year and its access check, the sheet, its criteria and scores),
building and compiling the query costs more CPU than running it. A `PreparedQuery` keeps the
ORM as the one definition of such a read: it builds the queryset once with marker values for
its parameters, compiles it, remembers where the markers went, and from then on only swaps the
parameters and runs the SQL, hydrating model instances the way Django's own iterable does
(`Model.from_db`, the related populators of `select_related`, the database converters).

What it accepts is narrow on purpose, and checked when the query is first compiled:

- parameters are `int`, `str` or `datetime.date` values, never None (None would change the SQL
  to IS NULL), or lists of ints (`list`, for `__in`): a query is compiled once per length of
  its lists (up to `MAX_LIST` items, a bounded number of plans), and the SQL must come out the
  same for two different sets of markers: a query whose shape depends on its values otherwise
  (an optional filter) is refused;
- results are model instances (with `select_related` and annotations), or rows of
  `values_list()` (flat or not) without extra selects or annotations;
- no `prefetch_related`, no `only()`/`defer()` on related models beyond what `from_db` handles.

`select_for_update()` queries run only inside a transaction, as Django requires.

The tests (`tests/emulation/test_prepared.py`) compare every prepared query of the project
with the same queryset run by the ORM, on SQLite and PostgreSQL.
"""

import datetime
import decimal
import itertools
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.transaction import TransactionManagementError

_KINDS = (int, str, datetime.date, list)
MAX_LIST = 5_000  # items of all list parameters together; `fits()` says whether values can be
_MAX_PLANS = 256  # plans kept per query (one per database and length of its lists)

# Every prepared query of the project, so a test can hold each to its ORM queryset.
REGISTRY: list["PreparedQuery"] = []

logger = logging.getLogger(__name__)


# --- Server-side prepared statements (PostgreSQL) -------------------------------------------
#
# PostgreSQL plans every statement it receives. For the short reads and writes of a page or a
# save, planning costs several times more than running (e.g. the locked sheet with its term,
# block, unit and scale: 0.3 ms of planning for 0.07 ms of execution by EXPLAIN ANALYZE,
# docs/performance.md). On PostgreSQL, each compiled statement is therefore also PREPAREd once per
# database connection and run with EXECUTE, so PostgreSQL can keep its plan (its own choice
# between a custom and a generic plan). The PREPARE goes through the raw cursor: it is set-up
# of the connection, like Django's own `SET TIME ZONE`, not one of the request's queries.
# `DB_SERVER_PREPARED=0` turns it off (behind PgBouncer in transaction pooling, where a client
# does not keep its server connection: SQL-level PREPARE belongs to one server session).

_STATEMENT_NAMES = itertools.count(1)
_MAX_STATEMENTS = 512  # statements kept per connection: past that, DEALLOCATE ALL and start over
_PLACEHOLDER = re.compile(r"%[s%]")
_DUPLICATE_PREPARED_STATEMENT = "42P05"  # already prepared on this session: use it


def _numbered(sql: str) -> str:
    """Django's `%s` placeholders as PostgreSQL's `$1`, `$2`, … (and `%%` back to `%`)."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)


class PreparedSQL:
    """SQL with Django's `%s` placeholders, PREPAREd under its own name on each PostgreSQL
    connection that runs it and EXECUTEd there; sent as it is to other databases (and when
    `DB_SERVER_PREPARED` is off, or the server refused to prepare it). Used by `PreparedQuery`
    and `update_rows`, and for hand-written SQL: `PreparedSQL(sql).execute(cursor, params)`,
    then read the cursor."""

    __slots__ = ("sql", "name", "prepare_sql", "execute_sql", "usable")

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.name = f"thidua_{next(_STATEMENT_NAMES)}"
        self.prepare_sql = f"PREPARE {self.name} AS {_numbered(sql)}"
        count = sum(1 for m in _PLACEHOLDER.finditer(sql) if m.group() == "%s")
        arguments = ", ".join(["%s"] * count)
        self.execute_sql = f"EXECUTE {self.name}({arguments})" if count else f"EXECUTE {self.name}"
        self.usable = True

    def execute(self, cursor, params) -> None:
        """`cursor.execute(self.sql, params)`, through the prepared statement where it can be."""
        connection = cursor.db
        if (
            connection.vendor == "postgresql"
            and _server_prepared()
            and self.usable
            and self._prepared_on(connection, cursor)
        ):
            cursor.execute(self.execute_sql, params)
        else:
            cursor.execute(self.sql, params)

    def _prepared_on(self, connection, cursor) -> bool:
        """PREPARE the statement on this connection unless it already is. False when it
        cannot be: it is then run unprepared from now on, in this process."""
        raw = connection.connection
        state = connection.__dict__.get("_thidua_statements")
        if state is None or state[0] is not raw:  # a new connection: nothing prepared on it
            state = connection.__dict__["_thidua_statements"] = (raw, set())
        names = state[1]
        if self.name in names:
            return True
        raw_cursor = cursor.cursor
        in_transaction = not connection.get_autocommit()
        try:
            if len(names) >= _MAX_STATEMENTS:
                raw_cursor.execute("DEALLOCATE ALL")
                names.clear()
            if in_transaction:  # a failed PREPARE must not abort the caller's transaction
                raw_cursor.execute("SAVEPOINT thidua_prepare")
            try:
                raw_cursor.execute(self.prepare_sql)
            except Exception as error:
                if in_transaction:
                    raw_cursor.execute("ROLLBACK TO SAVEPOINT thidua_prepare")
                if getattr(error, "pgcode", None) != _DUPLICATE_PREPARED_STATEMENT:
                    raise
            finally:
                if in_transaction:
                    raw_cursor.execute("RELEASE SAVEPOINT thidua_prepare")
        except Exception:
            logger.exception("PREPARE failed, the statement runs unprepared: %s", self.prepare_sql)
            self.usable = False
            return False
        names.add(self.name)
        return True


def _server_prepared() -> bool:
    return getattr(settings, "DB_SERVER_PREPARED", True)


def _marker(kind: type, index: int, seed: int, offset: int = 0, length: int = 0):
    """A value of `kind` no real parameter will equal, distinct per parameter and per seed
    (a list takes the ints `offset` … `offset + length - 1` of its seed's range)."""
    if kind is int:
        # Small enough for a small-integer column: Django turns an out-of-range lookup into an
        # empty result without SQL. A constant equal to a marker is caught by the second seed.
        return 32_000 + seed * 100 + index
    if kind is list:
        # Distinct from every other marker of both seeds: the lists of one compilation share
        # 5,500 ints (`fits`), below the scalar markers.
        base = 20_000 + seed * 5_500 + offset
        return [base + position for position in range(length)]
    if kind is str:
        return f"\x1fprepared-{seed}-{index}\x1f"
    return datetime.date(1000 + seed, 1 + index % 12, 1 + index // 12)


def _adapt(kind: type, value, connection):
    if kind is datetime.date:
        return connection.ops.adapt_datefield_value(value)
    return value


@dataclass
class _Plan:
    sql: str
    params: list
    slots: list[tuple[int, str]]
    mode: str  # "models", "tuples", "flat" or "empty" (no query: an empty IN list)
    for_update: bool
    converters: list
    model: Any = None
    init_list: list | None = None
    model_slice: slice | None = None
    populators: list | None = None
    annotations: list | None = None
    statement: PreparedSQL | None = None


class PreparedQuery:
    """`PreparedQuery(lambda block, year: Term.objects.filter(...), block=int, year=int)`.

    `build` receives the parameters by name and returns a queryset; `kinds` names each
    parameter's type (`int`, `str` or `datetime.date`). Call `.all(**values)` for the list,
    `.first(**values)` for the first row or None.
    """

    def __init__(
        self, build: Callable[..., QuerySet], *, register: bool = True, **kinds: type
    ) -> None:
        for name, kind in kinds.items():
            if kind not in _KINDS:
                raise TypeError(
                    f"{name}: a prepared parameter is int, str, date or list, not {kind}"
                )
        self.build = build
        self.kinds = kinds
        if register:  # those built on the fly (blocks.freeze) are tested where they are built
            REGISTRY.append(self)
        self._plans: dict[tuple, _Plan] = {}
        self._lock = threading.Lock()

    # --- Compiling, once per process and database alias ----------------------------------

    def _compile(self, seed: int, alias: str, lengths: dict):
        markers, offset = {}, 0
        for index, (name, kind) in enumerate(self.kinds.items()):
            length = lengths.get(name, 0)
            markers[name] = _marker(kind, index, seed, offset, length)
            offset += length
        queryset = self.build(**markers).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        # A FOR UPDATE query compiles only inside a transaction (Django's own refusal): it is
        # first compiled where it first runs.
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. `pk__in` an empty list: nothing, without a query
            sql, params = "", ()
        return queryset, compiler, sql, list(params), markers

    def _plan(self, alias: str, lengths: dict) -> _Plan:
        key = (alias, *sorted(lengths.items()))
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        with self._lock:
            plan = self._plans.get(key)
            if plan is None:
                if len(self._plans) >= _MAX_PLANS:
                    self._plans.clear()
                plan = self._plans[key] = self._make_plan(alias, lengths)
        return plan

    def _slots_of(self, markers: dict, connection) -> dict:
        """Each marker's adapted value → (parameter, position in its list or None)."""
        found = {}
        for name, value in markers.items():
            kind = self.kinds[name]
            if kind is list:
                for position, item in enumerate(value):
                    found[(int, item)] = (name, position)
            else:
                adapted = _adapt(kind, value, connection)
                found[(type(adapted), adapted)] = (name, None)
        return found

    def _make_plan(self, alias: str, lengths: dict) -> _Plan:
        connection = connections[alias]
        queryset, compiler, sql, params, markers = self._compile(0, alias, lengths)
        _other_qs, _other, other_sql, other_params, other_markers = self._compile(1, alias, lengths)
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError(f"{self!r}: the SQL depends on the parameters' values")
        if not sql:
            return _Plan(sql="", params=[], slots=[], mode="empty", for_update=False, converters=[])
        slots = []
        mine = self._slots_of(markers, connection)
        theirs = self._slots_of(other_markers, connection)
        for index, value in enumerate(params):
            slot = mine.get((type(value), value))
            if slot is not None:
                other = other_params[index]
                if theirs.get((type(other), other)) != slot:
                    raise ValueError(f"{self!r}: parameter {slot[0]} moved between compilations")
                slots.append((index, *slot))
            elif not _same(value, other_params[index]):
                raise ValueError(f"{self!r}: a parameter changed that is not a marker")
        placed = {(name, position) for _index, name, position in slots}
        missing = {name for name, _position in set(mine.values()) - placed}
        if missing:
            raise ValueError(f"{self!r}: parameters not found in the SQL: {sorted(missing)}")
        iterable = queryset._iterable_class
        if queryset.query.extra_select or (
            queryset.query.annotation_select and iterable is not ModelIterable
        ):
            raise ValueError(
                f"{self!r}: extra selects, and annotations of values, are not prepared"
            )
        if queryset._prefetch_related_lookups:
            raise ValueError(f"{self!r}: prefetch_related is not prepared")
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = list(compiler.get_converters(fields).items())
        plan = _Plan(
            sql=sql,
            params=params,
            slots=slots,
            mode="models",
            for_update=queryset.query.select_for_update,
            converters=converters,
            statement=PreparedSQL(sql) if connection.vendor == "postgresql" else None,
        )
        if iterable is ModelIterable:
            klass_info = compiler.klass_info
            select_fields = klass_info["select_fields"]
            start, end = select_fields[0], select_fields[-1] + 1
            plan.model = klass_info["model"]
            plan.init_list = [f[0].target.attname for f in compiler.select[start:end]]
            plan.model_slice = slice(start, end)
            plan.populators = get_related_populators(klass_info, compiler.select, alias)
            plan.annotations = list((compiler.annotation_col_map or {}).items())
        elif iterable is ValuesListIterable:
            plan.mode = "tuples"
        elif iterable is FlatValuesListIterable:
            plan.mode = "flat"
        else:
            raise ValueError(f"{self!r}: only model instances and values_list() are prepared")
        return plan

    # --- Running ----------------------------------------------------------------------------

    def fits(self, **values) -> bool:
        """Whether these values' lists are short enough to be prepared (`MAX_LIST`)."""
        return sum(len(values[n]) for n, kind in self.kinds.items() if kind is list) <= MAX_LIST

    def _checked(self, values: dict) -> dict:
        if values.keys() != self.kinds.keys():
            raise TypeError(f"{self!r} takes {sorted(self.kinds)}, got {sorted(values)}")
        checked = {}
        for name, kind in self.kinds.items():
            value = values[name]
            if kind is list:
                if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
                    raise TypeError(f"{self!r}: {name} must be a list of ints, not {value!r}")
                value = items = list(value)
            else:
                items = [value]
            item_kind = int if kind is list else kind
            for item in items:
                if item is None or not isinstance(item, item_kind) or isinstance(item, bool):
                    raise TypeError(f"{self!r}: {name} must be {kind.__name__}, not {item!r}")
                if item_kind is datetime.date and isinstance(item, datetime.datetime):
                    raise TypeError(f"{self!r}: {name} must be a date, not a datetime")
            checked[name] = value
        if not self.fits(**checked):
            raise ValueError(f"{self!r}: more than {MAX_LIST} items in its lists")
        return checked

    def _bound(self, using: str, values: dict) -> tuple[_Plan, list]:
        """The plan for these values and its parameters, the values in their places."""
        values = self._checked(values)
        connection = connections[using]
        lengths = {name: len(v) for name, v in values.items() if self.kinds[name] is list}
        plan = self._plan(using, lengths)
        params = list(plan.params)
        for index, name, position in plan.slots:
            if position is None:
                params[index] = _adapt(self.kinds[name], values[name], connection)
            else:
                params[index] = values[name][position]
        return plan, params

    def sql(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> tuple[str, list] | None:
        """The SQL and parameters the query runs for these values (to embed it in another
        statement), or None when it is known to find nothing (an empty `__in` list)."""
        plan, params = self._bound(using, values)
        return None if plan.mode == "empty" else (plan.sql, params)

    def all(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        connection = connections[using]
        plan, params = self._bound(using, values)
        if plan.for_update and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        if plan.mode == "empty":
            return []
        with connection.cursor() as cursor:
            if plan.statement is not None:
                plan.statement.execute(cursor, params)
            else:
                cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = list(_convert(rows, plan.converters, connection))
        if plan.mode == "flat":
            return [row[0] for row in rows]
        if plan.mode == "tuples":
            return [tuple(row) for row in rows]
        objects = []
        for row in rows:
            obj = plan.model.from_db(using, plan.init_list, row[plan.model_slice])
            for populator in plan.populators:
                populator.populate(row, obj)
            for name, position in plan.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def first(self, *, using: str = DEFAULT_DB_ALIAS, **values):
        found = self.all(using=using, **values)
        return found[0] if found else None

    def __repr__(self) -> str:
        name = getattr(self.build, "__qualname__", repr(self.build))
        return f"PreparedQuery({self.build.__module__}.{name})"


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


def _convert(rows, converters, connection):
    for row in rows:
        row = list(row)
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        yield row


# --- Writing changed rows -------------------------------------------------------------------

_UPDATE_SQL: dict[tuple, PreparedSQL] = {}


# Rows one `update_rows` writes at most (its parameters stay far below SQLite's limit).
MAX_ROWS = 500


def can_update_rows(model, objs: list, fields: list[str]) -> bool:
    """Whether `update_rows` writes these objects: plain values of concrete, non-key fields,
    saved rows, at most `MAX_ROWS` of them, at most 10 fields. Anything else goes through
    Django's `bulk_update`."""
    if not objs or len(objs) > MAX_ROWS or not 0 < len(fields) <= 10:
        return False
    concrete = [model._meta.get_field(name) for name in fields]
    if any(not f.concrete or f.primary_key or f.many_to_many for f in concrete):
        return False
    attnames = [field.attname for field in concrete]
    for obj in objs:
        if obj.pk is None:
            return False
        if any(hasattr(getattr(obj, name), "resolve_expression") for name in attnames):
            return False
    return True


def update_rows(
    model,
    objs: list,
    fields: list[str],
    *,
    using: str = DEFAULT_DB_ALIAS,
    unless: tuple[str, list] | None = None,
) -> int:
    """What `QuerySet.bulk_update(objs, fields)` writes, in one UPDATE whose SQL is written once
    per model, fields and number of rows: `SET f = CASE pk WHEN … THEN … ELSE f END … WHERE
    pk IN (…)`, each value prepared by its field (`get_db_prep_save`). Returns the rows matched.

    Django's `bulk_update` builds and compiles a `Case(When(…))` expression per row and field,
    most of a whole-sheet save's write (issue #13). Only for `can_update_rows` objects;
    `tests/emulation/test_prepared.py` compares the two on both databases.

    `unless=(sql, params)`: a query that, when it finds a row, makes the statement write
    nothing (`… AND NOT EXISTS (sql)`, evaluated once for the whole statement): a check and
    its write in one statement (`blocks.freeze`'s published years)."""
    connection = connections[using]
    meta = model._meta
    concrete = [meta.get_field(name) for name in fields]
    key = (model, tuple(fields), len(objs), connection.vendor, unless[0] if unless else None)
    statement = _UPDATE_SQL.get(key)
    if statement is None:
        quote = connection.ops.quote_name
        pk = quote(meta.pk.column)
        whens = " ".join(["WHEN %s THEN %s"] * len(objs))
        sets = ", ".join(
            f"{quote(field.column)} = CASE {pk} {whens} ELSE {quote(field.column)} END"
            for field in concrete
        )
        marks = ", ".join(["%s"] * len(objs))
        sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {pk} IN ({marks})"
        if unless:
            sql += f" AND NOT EXISTS ({unless[0]})"
        if len(_UPDATE_SQL) >= _MAX_PLANS:
            _UPDATE_SQL.clear()
        statement = _UPDATE_SQL[key] = PreparedSQL(sql)
    params = []
    keys = [meta.pk.get_db_prep_value(obj.pk, connection) for obj in objs]
    for field in concrete:
        for obj_key, obj in zip(keys, objs, strict=True):
            params += [obj_key, field.get_db_prep_save(getattr(obj, field.attname), connection)]
    params += keys
    if unless:
        params += unless[1]
    with connection.cursor() as cursor:
        statement.execute(cursor, params)
        return cursor.rowcount


# --- Inserts ---------------------------------------------------------------------------------

_INSERT_SQL: dict = {}


def insert_rows(model, objs: list, *, using: str = DEFAULT_DB_ALIAS) -> list:
    """What `QuerySet.bulk_create(objs)` writes, for new rows of a model with an automatic
    primary key; their keys are set on them as `bulk_create` sets them.

    On PostgreSQL, one `INSERT … SELECT … FROM jsonb_to_recordset(%s)` whose SQL is the same
    for any number of rows (prepared once per connection, `PreparedSQL`), the rows sent as one
    JSON document. Django's `bulk_create` sends a typed array per column: psycopg2 adapting a
    whole sheet's audit records that way (thirteen arrays, the JSON ones value by value in
    Python) cost more CPU than anything else in a save (issue #13). Each value is prepared by its
    field (`pre_save`, `get_prep_value`) as `bulk_create` prepares it; a JSON field's value goes
    into the document as it is. Other databases: `bulk_create`.
    `tests/emulation/test_prepared.py` compares the two.
    """
    if not objs:
        return objs
    connection = connections[using]
    if connection.vendor != "postgresql":
        return model._default_manager.using(using).bulk_create(objs)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    statement = _INSERT_SQL.get(model)
    if statement is None:
        if not meta.pk.auto_created and not isinstance(meta.pk, models.AutoField):
            raise ValueError(f"{model.__name__}: only models with an automatic key")
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        types = ", ".join(f"{quote(field.column)} {field.db_type(connection)}" for field in fields)
        statement = _INSERT_SQL[model] = PreparedSQL(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {columns} "
            f"FROM jsonb_to_recordset(%s::jsonb) AS r({types}) "
            f"RETURNING {quote(meta.pk.column)}"
        )
    rows = []
    for obj in objs:
        if obj.pk is not None:
            raise ValueError(f"{obj!r} already has a key")
        row = {}
        for field in fields:
            value = field.get_prep_value(field.pre_save(obj, True))
            row[field.column] = value if isinstance(field, models.JSONField) else _plain(value)
        rows.append(row)
    document = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    with connection.cursor() as cursor:
        statement.execute(cursor, [document])
        keys = cursor.fetchall()
    for obj, (pk,) in zip(objs, keys, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = using
    return objs


def _plain(value):
    """A prepared value as JSON: PostgreSQL reads it back through the column type's input."""
    if value is None or type(value) in (str, int, bool):
        return value
    if isinstance(value, datetime.date):  # datetimes too, with their offset
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | str | int):
        return str(value)
    raise TypeError(f"{type(value).__name__} values are not sent as JSON: {value!r}")
