"""The guard every service that writes into a block-year calls first."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from blocks.models import Term


def ensure_term_writable(term: Term) -> None:
    """Refuse any change to a block-year whose results are published.

    Publication is irreversible: every service that writes scores, sheets, scales or anything
    else the published ranking rests on calls this first. A correction goes through a new
    published version (results.services), never through an edit.
    """
    status = Term.objects.filter(pk=term.pk).order_by().values_list("status", flat=True).first()
    ensure_status_writable(term, status)


def ensure_status_writable(term: Term, status: str | None) -> None:
    """`ensure_term_writable` for a status the caller has just read under a row lock in this
    transaction (`scoring.services.common.locked_sheet`): the same refusal, no second read."""
    if status == Term.Status.PUBLISHED:
        raise ValidationError(
            _("The results of %(term)s are published: nothing in that year can be changed."),
            code="term_published",
            params={"term": term},
        )
