"""Publication stamps of the public pages (`emulation.public_cache`): one query each.

A stamp is the id of the latest `PublishedResult` the page shows or lists. Publication and
correction each insert one such row in their transaction, and ids only grow, so the stamp
changes exactly when something published changes, and the cached page is rendered again.
"""

from django.db.models import Count, Max, Subquery

from awards.models import AwardProposal
from blocks.models import Membership, Term, Unit
from results.models import PublishedResult


def _latest(queryset) -> int | None:
    return queryset.aggregate(latest=Max("pk"))["latest"]


def term_ranking(pk: int, year: int) -> str | None:
    """The latest version of the block-year and its stored documents; None while it is not
    published (nothing to keep: the page is for insiders, and the access helper answers)."""
    found = PublishedResult.objects.filter(
        term__block_id=pk, term__year=year, term__status=Term.Status.PUBLISHED
    ).aggregate(latest=Max("pk"), documents=Count("documents"))
    if found["latest"] is None:
        return None
    # The page shows the checksums of the stored documents, which the task adds after the
    # publication: each one stored changes the stamp too.
    return f"t{found['latest']}-{found['documents']}"


def province(pk: int) -> str:
    """The latest publication of any of the province's blocks (its page lists their years)."""
    return f"p{_latest(PublishedResult.objects.filter(term__block__province_id=pk)) or 0}"


def unit(pk: int) -> str:
    """The latest publication of any block the unit has belonged to (its history and charts)
    and the unit's latest award decision (its award history), read in one query."""
    blocks = Membership.objects.filter(unit_id=pk).values("block_id")
    publication = (
        PublishedResult.objects.filter(term__block_id__in=blocks).order_by("-pk").values("pk")[:1]
    )
    award = (
        AwardProposal.objects.filter(unit_id=pk, decided_at__isnull=False)
        .order_by("-decided_at")
        .values("decided_at")[:1]
    )
    row = (
        Unit.objects.filter(pk=pk)
        .annotate(publication=Subquery(publication), award=Subquery(award))
        .values("publication", "award")
        .first()
    ) or {"publication": None, "award": None}
    award_stamp = row["award"].timestamp() if row["award"] else 0
    return f"u{row['publication'] or 0}-{award_stamp}"


def home() -> str:
    """The latest publication of the country (the home page counts published years)."""
    return f"h{_latest(PublishedResult.objects.all()) or 0}"
