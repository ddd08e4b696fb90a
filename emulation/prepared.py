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
  to IS NULL), and the SQL must come out the same for two different sets of markers: a query
  whose shape depends on its values (an IN list, an optional filter) is refused;
- results are model instances (with `select_related`), or rows of `values_list()` (flat or not)
  without extra selects or annotations;
- no `prefetch_related`, no `only()`/`defer()` on related models beyond what `from_db` handles.

`select_for_update()` queries run only inside a transaction, as Django requires.

The tests (`tests/emulation/test_prepared.py`) compare every prepared query of the project
with the same queryset run by the ORM, on SQLite and PostgreSQL.
"""

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.transaction import TransactionManagementError

_KINDS = (int, str, datetime.date)

# Every prepared query of the project, so a test can hold each to its ORM queryset.
REGISTRY: list["PreparedQuery"] = []


def _marker(kind: type, index: int, seed: int):
    """A value of `kind` no real parameter will equal, distinct per parameter and per seed."""
    if kind is int:
        # Small enough for a small-integer column: Django turns an out-of-range lookup into an
        # empty result without SQL. A constant equal to a marker is caught by the second seed.
        return 32_000 + seed * 100 + index
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
    mode: str  # "models", "tuples" or "flat"
    for_update: bool
    converters: list
    model: Any = None
    init_list: list | None = None
    model_slice: slice | None = None
    populators: list | None = None


class PreparedQuery:
    """`PreparedQuery(lambda block, year: Term.objects.filter(...), block=int, year=int)`.

    `build` receives the parameters by name and returns a queryset; `kinds` names each
    parameter's type (`int`, `str` or `datetime.date`). Call `.all(**values)` for the list,
    `.first(**values)` for the first row or None.
    """

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        for name, kind in kinds.items():
            if kind not in _KINDS:
                raise TypeError(f"{name}: a prepared parameter is int, str or date, not {kind}")
        self.build = build
        self.kinds = kinds
        REGISTRY.append(self)
        self._plans: dict[str, _Plan] = {}
        self._lock = threading.Lock()

    # --- Compiling, once per process and database alias ----------------------------------

    def _compile(self, seed: int, alias: str):
        markers = {
            name: _marker(kind, index, seed)
            for index, (name, kind) in enumerate(self.kinds.items())
        }
        queryset = self.build(**markers).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        # A FOR UPDATE query compiles only inside a transaction (Django's own refusal): it is
        # first compiled where it first runs.
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, list(params), markers

    def _plan(self, alias: str) -> _Plan:
        plan = self._plans.get(alias)
        if plan is not None:
            return plan
        with self._lock:
            plan = self._plans.get(alias)
            if plan is None:
                plan = self._plans[alias] = self._make_plan(alias)
        return plan

    def _make_plan(self, alias: str) -> _Plan:
        connection = connections[alias]
        queryset, compiler, sql, params, markers = self._compile(0, alias)
        _other_qs, _other, other_sql, other_params, other_markers = self._compile(1, alias)
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError(f"{self!r}: the SQL depends on the parameters' values")
        slots = []
        adapted = {name: _adapt(self.kinds[name], v, connection) for name, v in markers.items()}
        other_adapted = {
            name: _adapt(self.kinds[name], v, connection) for name, v in other_markers.items()
        }
        for index, value in enumerate(params):
            names = [n for n, marker in adapted.items() if _same(marker, value)]
            if names:
                if not _same(other_adapted[names[0]], other_params[index]):
                    raise ValueError(f"{self!r}: parameter {names[0]} moved between compilations")
                slots.append((index, names[0]))
            elif not _same(value, other_params[index]):
                raise ValueError(f"{self!r}: a parameter changed that is not a marker")
        missing = set(self.kinds) - {name for _index, name in slots}
        if missing:
            raise ValueError(f"{self!r}: parameters not found in the SQL: {sorted(missing)}")
        if queryset.query.extra_select or queryset.query.annotation_select:
            raise ValueError(f"{self!r}: extra selects and annotations are not prepared")
        if queryset._prefetch_related_lookups:
            raise ValueError(f"{self!r}: prefetch_related is not prepared")
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = list(compiler.get_converters(fields).items())
        iterable = queryset._iterable_class
        plan = _Plan(
            sql=sql,
            params=params,
            slots=slots,
            mode="models",
            for_update=queryset.query.select_for_update,
            converters=converters,
        )
        if iterable is ModelIterable:
            klass_info = compiler.klass_info
            select_fields = klass_info["select_fields"]
            start, end = select_fields[0], select_fields[-1] + 1
            plan.model = klass_info["model"]
            plan.init_list = [f[0].target.attname for f in compiler.select[start:end]]
            plan.model_slice = slice(start, end)
            plan.populators = get_related_populators(klass_info, compiler.select, alias)
        elif iterable is ValuesListIterable:
            plan.mode = "tuples"
        elif iterable is FlatValuesListIterable:
            plan.mode = "flat"
        else:
            raise ValueError(f"{self!r}: only model instances and values_list() are prepared")
        return plan

    # --- Running ----------------------------------------------------------------------------

    def all(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        if values.keys() != self.kinds.keys():
            raise TypeError(f"{self!r} takes {sorted(self.kinds)}, got {sorted(values)}")
        connection = connections[using]
        plan = self._plan(using)
        if plan.for_update and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(plan.params)
        for index, name in plan.slots:
            value = values[name]
            kind = self.kinds[name]
            if value is None or not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"{self!r}: {name} must be {kind.__name__}, not {value!r}")
            if kind is datetime.date and isinstance(value, datetime.datetime):
                raise TypeError(f"{self!r}: {name} must be a date, not a datetime")
            params[index] = _adapt(kind, value, connection)
        with connection.cursor() as cursor:
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
