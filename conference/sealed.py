"""A closed ballot is sealed: its result, options, electorate, votes and tallies never change.

The services refuse first (code `ballot_closed`); this guard makes the same rule hold for every
other path (the admin, the shell's `save()`/`delete()`, queryset writes), the way
`blocks.freeze` guards a published year. The check reads the ballot's status *as stored*, so the
write that closes the ballot (stored status: open) goes through, and nothing after it.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotClosedError(ValidationError):
    def __init__(self):
        super().__init__(
            _("This ballot is closed: its result can no longer change."), code="ballot_closed"
        )


def _closed(ballot_ids) -> bool:
    ballot = apps.get_model("conference", "Ballot")
    return ballot.objects.filter(pk__in=ballot_ids, status=ballot.Status.CLOSED).exists()


def _ballot_ids_of(queryset: models.QuerySet):
    return queryset.order_by().values(queryset.model.ballot_lookup)


class SealedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if _closed(_ballot_ids_of(self)):
            raise BallotClosedError
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        if _closed(_ballot_ids_of(self)):
            raise BallotClosedError
        return super().delete()

    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        ids = {o.sealed_ballot_id() for o in objs} - {None}
        if ids and _closed(ids):
            raise BallotClosedError
        return super().bulk_create(objs, *args, **kwargs)


class SealedModel(models.Model):
    """Rows that belong to a ballot; `ballot_lookup` is the path to it ("pk" for the ballot)."""

    ballot_lookup = "ballot"

    objects = SealedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_sealed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_sealed()
        return super().delete(*args, **kwargs)

    def sealed_ballot_id(self) -> int | None:
        if self.ballot_lookup == "pk":
            return self.pk
        *path, last = self.ballot_lookup.split("__")
        value = self
        for part in path:
            value = getattr(value, part, None)
            if value is None:
                return None
        return getattr(value, f"{last}_id", None)

    def _check_sealed(self) -> None:
        ids = {self.sealed_ballot_id()} - {None}
        if self.pk is not None and not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk)
            ids |= set(stored.values_list(self.ballot_lookup, flat=True))
        if ids and _closed(ids):
            raise BallotClosedError
