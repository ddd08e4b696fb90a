"""Helpers every publication service shares: the locked term, the actor, the sheet check, and
the making of a published version."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from blocks.models import Term
from emulation.uploads import validate_upload
from results.models import PublishedResult
from scoring.models import ScoreSheet
from scoring.selectors import COUNTED_STATUSES

SIGNED_FILE_KINDS = ("pdf", "image")
# Before provisional results are shared: the year can still be ranked and corrected freely.
OPEN_STATUSES = (Term.Status.SETUP, Term.Status.SCORING, Term.Status.REVIEW)
CENT = Decimal("0.01")
_FIGURES = ("base", "bonus", "deduction", "total")

# What must happen when a version is published (the first one or a correction). The documents
# app registers the rendering of the version's documents here (`documents.apps`): results cannot
# import documents, and the rendering is queued in the publication's transaction, to run once
# it commits.
_VERSION_PUBLISHED: list[Callable[..., object]] = []


def on_version_published(func: Callable[..., object]) -> Callable[..., object]:
    """Register `func(*, publication)`, called inside the transaction that saves a version."""
    if func not in _VERSION_PUBLISHED:
        _VERSION_PUBLISHED.append(func)
    return func


def locked_term(term: Term) -> Term:
    return (
        Term.objects.select_for_update(of=("self",))
        .select_related("block__province", "leader", "deputy")
        .get(pk=term.pk)
    )


def actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def unverified_count(term: Term) -> int:
    sheets = list(ScoreSheet.objects.filter(term=term).values_list("status", flat=True))
    if not sheets:
        raise ValidationError(_("There are no score sheets yet."), code="no_sheets")
    return sum(1 for status in sheets if status not in COUNTED_STATUSES)


def ensure_sheets_verified(term: Term) -> None:
    unverified = unverified_count(term)
    if unverified:
        raise ValidationError(
            _("%(count)d score sheet(s) are not verified yet."),
            code="sheets_not_verified",
            params={"count": unverified},
        )


def check_signed_file(signed_file) -> None:
    if signed_file is not None:
        validate_upload(signed_file, kinds=SIGNED_FILE_KINDS)


def cents(value) -> str:
    """A figure as the snapshot stores it: a decimal string with exactly two places."""
    return str(Decimal(str(value)).quantize(CENT))


def two_places(snapshot: dict) -> dict:
    """The snapshot with every unit's figures written with two decimals (points are entered
    with at most two, so this only removes binary noise such as "91.1499999999")."""
    rows = []
    for row in snapshot["rows"]:
        fixed = dict(row, points={code: cents(v) for code, v in row["points"].items()})
        fixed.update({key: cents(row[key]) for key in _FIGURES})
        rows.append(fixed)
    return {**snapshot, "rows": rows}


def save_version(
    *,
    term: Term,
    version: int,
    decision_number: str,
    decision_date: datetime.date,
    reason: str,
    snapshot: dict,
    actor,
    signed_file=None,
) -> PublishedResult:
    """Store one published version (checked by full_clean), with its signed decision if any."""
    publication = PublishedResult(
        term=term,
        version=version,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        reason=reason.strip(),
        snapshot=two_places(snapshot),
        published_by=actor_or_none(actor),
    )
    if signed_file is not None:
        publication.signed_file = signed_file
    publication.full_clean()
    publication.save()
    for hook in _VERSION_PUBLISHED:
        hook(publication=publication)
    return publication
