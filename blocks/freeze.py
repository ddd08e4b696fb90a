"""A published block-year is frozen at the model layer.

Services already refuse through `ensure_term_writable`; this module makes the same rule hold for
every other path: the admin, the shell's `save()`/`delete()`, and queryset `update()`,
`delete()`, `bulk_create()` and `bulk_update()`. A frozen model names the path from its rows to
their block-year (`term_lookup`, e.g. "sheet__term") and uses `FrozenQuerySet` as its manager.

The check reads the term's status *stored in the database*, before the write: so publication
itself (which saves the snapshot and locks the sheets before it marks the year published) goes
through, and so does the write that sets the status to published. After that, the one way to
write is an explicit, narrow escape for the corrections of that year: `publishing(term)`.
"""

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.prepared import PreparedQuery, can_update_rows, update_rows

# Block-year ids whose frozen rows may be written in the current context (publication and
# corrections only). A context variable, so a thread or a task never inherits another's escape.
_thawed: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "thidua_thawed_terms", default=frozenset()
)


class FrozenYearError(ValidationError):
    """A write into a published block-year. Code `published`."""

    def __init__(self, term):
        super().__init__(
            _(
                "The results of %(term)s are published: this cannot be changed. A published "
                "result changes only through a correction (a new published version)."
            ),
            code="published",
            params={"term": term},
        )


@contextlib.contextmanager
def publishing(term) -> Iterator[None]:
    """Allow writes into the frozen rows of `term` (and only it) inside this block.

    For the publication and correction services, inside their transaction; nothing else.
    """
    token = _thawed.set(_thawed.get() | {term.pk})
    try:
        yield
    finally:
        _thawed.reset(token)


# Set while `bulk_update` runs the UPDATEs of the rows it has just checked: not checked again.
_rows_checked: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "thidua_frozen_rows_checked", default=False
)


def _term_model():
    return apps.get_model("blocks", "Term")


def _refuse_published(condition: Q) -> None:
    """Raise FrozenYearError if a published, not thawed, term matches `condition`."""
    term_model = _term_model()
    frozen = (
        term_model.objects.filter(condition, status=term_model.Status.PUBLISHED)
        .exclude(pk__in=_thawed.get())
        # By key: the default ordering (block, then province and names) costs joins for no use.
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    _refuse_frozen(frozen)


def _refuse_frozen(term_id: int | None) -> None:
    """Raise FrozenYearError for the published block-year `term_id`, if there is one."""
    if term_id is not None:
        # Only when refusing: the term with its block, for the message.
        raise FrozenYearError(_term_model().objects.select_related("block").get(pk=term_id))


def term_id_of(obj) -> int | None:
    """The block-year id of `obj`, following its model's `term_lookup` ("pk" for a Term)."""
    lookup = type(obj).term_lookup
    if lookup == "pk":
        return obj.pk
    *path, last = lookup.split("__")
    value = obj
    for part in path:
        if getattr(value, f"{part}_id", True) is None:
            return None
        value = getattr(value, part, None)
        if value is None:
            return None
    return getattr(value, f"{last}_id", None)


def _subquery_condition(queryset: models.QuerySet) -> Q:
    return Q(pk__in=queryset.order_by().values(queryset.model.term_lookup))


def check_writable(obj) -> None:
    """Refuse a save or delete of `obj` when its block-year, as stored, is published.

    Both the term the object names now and the one its stored row names are checked, so a row
    can neither be moved out of nor into a published year.
    """
    if obj.frozen_write_allowed():
        return
    term_id = term_id_of(obj)
    condition = Q(pk=term_id) if term_id is not None else Q(pk__in=[])
    if obj.pk is not None and not obj._state.adding and type(obj).term_lookup != "pk":
        condition |= _subquery_condition(type(obj)._base_manager.filter(pk=obj.pk))
    _refuse_published(condition)


def check_objects_writable(objs: Iterable) -> None:
    ids = {term_id_of(obj) for obj in objs} - {None}
    if ids:
        _refuse_published(Q(pk__in=ids))


_BULK_UPDATE_CHECKS: dict[type, PreparedQuery] = {}


def _bulk_update_check(model) -> PreparedQuery:
    """`bulk_update`'s check for `model` (`_refuse_published` on the years the objects name and
    those their stored rows name), compiled once per model and number of objects
    (emulation.prepared): a whole-sheet save runs it each time (issue #13)."""
    check = _BULK_UPDATE_CHECKS.get(model)
    if check is None:
        term_model = _term_model()
        check = _BULK_UPDATE_CHECKS[model] = PreparedQuery(
            lambda ids, pks, thawed: (
                term_model.objects.filter(
                    Q(pk__in=ids) | _subquery_condition(model._base_manager.filter(pk__in=pks)),
                    status=term_model.Status.PUBLISHED,
                )
                .exclude(pk__in=thawed)
                .order_by("pk")
                .values_list("pk", flat=True)[:1]
            ),
            register=False,
            ids=list,
            pks=list,
            thawed=list,
        )
    return check


class FrozenQuerySet(models.QuerySet):
    """Queryset writes refuse rows of a published block-year."""

    def _check_frozen(self) -> None:
        _refuse_published(_subquery_condition(self))

    def update(self, **kwargs):
        if not _rows_checked.get():
            self._check_frozen()
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        self._check_frozen()
        return super().delete()

    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        check_objects_writable(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        # One query: the years the objects name now and those their stored rows name. The
        # UPDATEs that follow write exactly those stored rows, so they skip their own check.
        ids = sorted({term_id_of(obj) for obj in objs} - {None})
        pks = [o.pk for o in objs]
        thawed = sorted(_thawed.get())
        check = _bulk_update_check(self.model)
        prepared = all(isinstance(pk, int) for pk in pks) and check.fits(
            ids=ids, pks=pks, thawed=thawed
        )
        values = {"ids": ids, "pks": pks, "thawed": thawed, "using": self.db}
        if prepared and not args and not kwargs and can_update_rows(self.model, objs, fields):
            # The check and the write in one statement: the UPDATE writes nothing when the
            # check finds a published year, and only then is the check run on its own, to
            # name the year (or to find that rows were simply missing, as Django counts them).
            guard = check.sql(**values)
            matched = update_rows(self.model, objs, fields, using=self.db, unless=guard)
            if matched < len(set(pks)):
                _refuse_frozen(check.first(**values))
            return matched
        if prepared:
            _refuse_frozen(check.first(**values))
        else:
            stored = self.model._base_manager.filter(pk__in=pks)
            _refuse_published(Q(pk__in=ids) | _subquery_condition(stored))
        if not args and not kwargs and can_update_rows(self.model, objs, fields):
            return update_rows(self.model, objs, fields, using=self.db)
        token = _rows_checked.set(True)
        try:
            return super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _rows_checked.reset(token)


class FrozenModel(models.Model):
    """For the models a published ranking rests on. Subclasses set `term_lookup`."""

    term_lookup = "term"

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        check_writable(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        check_writable(self)
        return super().delete(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        # First, so a form (the admin's) shows why instead of field errors that do not matter.
        check_writable(self)
        super().full_clean(*args, **kwargs)

    def frozen_write_allowed(self) -> bool:
        """A model may name the one write its published year still takes (see PublishedResult)."""
        return False
