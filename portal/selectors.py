"""Reads of the public pages (home, province, block, unit history, adoptions): each page's data
in a fixed number of queries. The ranking table itself comes from `results.selectors`."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q

from blocks import access
from blocks.models import Block, FlagHandover, Membership, Province, Term, Unit
from campaigns.models import Campaign, CampaignAdoption
from emulation.collation import sorted_vi, vi
from results.models import PublishedDocument, PublishedResult
from results.selectors import as_decimals


def provinces_for_home():
    """Home page: every province with blocks, with its count of published block-years and the
    latest published year (1 query, whatever the number of blocks and years in the country)."""
    published = Q(blocks__terms__status=Term.Status.PUBLISHED)
    provinces = Province.objects.annotate(
        block_count=Count("blocks", filter=Q(blocks__archived=False), distinct=True),
        published_count=Count("blocks__terms", filter=published, distinct=True),
        latest_year=Max("blocks__terms__year", filter=published),
    ).filter(block_count__gt=0)
    return sorted_vi(provinces)


def own_blocks(user, today: datetime.date) -> list[Block]:
    """Home page, signed in: the blocks that are the person's own (1 query): their unit's
    current blocks, their province's blocks for board staff, their blocks for council members.
    """
    mine = Q(pk__in=user.council_blocks.values("pk"))
    if user.board_province_id:
        mine |= Q(province_id=user.board_province_id)
    if user.unit_id:
        current = Membership.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            unit_id=user.unit_id,
            valid_from__lte=today,
        )
        mine |= Q(pk__in=current.values("block_id"))
    blocks = Block.objects.filter(mine, archived=False).select_related("province")
    return sorted_vi(blocks)


@dataclass
class BlockPage:
    block: Block
    members: list[Membership]
    past_members: list[Membership]
    terms: list[Term]
    campaigns: list[Campaign]
    published_term_ids: set[int]


def block_page(block: Block, today) -> BlockPage:
    """Block page: current and former members, years with leader/deputy and the flag handed
    over, campaigns (4 queries)."""
    memberships = sorted_vi(
        Membership.objects.filter(block=block).select_related("unit"), key=lambda m: m.unit.name
    )
    current = [m for m in memberships if m.valid_to is None or m.valid_to >= today]
    past = [m for m in memberships if m not in current]
    # with the flag each year handed over and the vote that decided it (joins, no query)
    terms = list(
        block.terms.select_related(
            "leader",
            "deputy",
            "handover__to_term__leader",
            "handover__conference_record__ballot__winner",
        ).order_by("-year")
    )
    # The block's own movements and those its years adopted. The adoptions are read through
    # this block's years (a subquery on the adoption's term index), not joined from every
    # campaign: the join with DISTINCT scanned every adoption of the country (issue #13).
    adopted = CampaignAdoption.objects.filter(term__block=block).values("campaign_id")
    campaigns = list(
        Campaign.objects.filter(Q(block=block) | Q(pk__in=adopted), archived=False).order_by(
            "-launched_on", vi("name")
        )
    )
    published = {t.pk for t in terms if t.is_published}
    return BlockPage(block, current, past, terms, campaigns, published)


def openable_term_ids(user, page: BlockPage) -> set[int]:
    """The years of the block page whose ranking page the user may open, so the page links only
    those (an insider of another block must not meet a link that answers 404).

    Published years for everyone; every year for the province's board staff and the block's
    council members; for a unit's officers, the years their unit leads or deputises and the
    years it is a member of the block: before the results are shared, a member's link opens the
    year's stage page (its own sheet, the pact, the timetable) instead of the ranking. Read from
    the memberships the page has already loaded (no query beyond the cached council check).
    """
    ids = set(page.published_term_ids)
    if not user.is_authenticated:
        return ids
    if access.is_board_for(user, page.block) or access.is_council_for(user, page.block):
        return {t.pk for t in page.terms}
    if not user.unit_id:
        return ids
    mine = [m for m in page.members + page.past_members if m.unit_id == user.unit_id]
    for term in page.terms:
        start, end = datetime.date(term.year, 1, 1), datetime.date(term.year, 12, 31)
        if user.unit_id in (term.leader_id, term.deputy_id) or any(
            m.valid_from <= end and (m.valid_to is None or m.valid_to >= start) for m in mine
        ):
            ids.add(term.pk)
    return ids


@dataclass
class AdoptionTable:
    """How each unit took up each outside movement: units down, movements across (1 query)."""

    campaigns: list[Campaign]
    whole_block: dict[int, CampaignAdoption]  # campaign id → the block-wide adoption
    rows: list[tuple[Unit, list[CampaignAdoption | None]]]

    def __bool__(self) -> bool:
        return bool(self.campaigns)


def term_adoptions(term: Term) -> AdoptionTable:
    adoptions = list(
        term.adoptions.select_related("campaign", "unit", "integrated_into").order_by(
            vi("campaign__name"), vi("unit__name")
        )
    )
    campaigns = list({a.campaign_id: a.campaign for a in adoptions}.values())
    whole_block = {a.campaign_id: a for a in adoptions if a.unit_id is None}
    by_unit: dict[int, dict[int, CampaignAdoption]] = {}
    units: dict[int, Unit] = {}
    for adoption in adoptions:
        if adoption.unit_id is not None:
            units[adoption.unit_id] = adoption.unit
            by_unit.setdefault(adoption.unit_id, {})[adoption.campaign_id] = adoption
    rows = [
        (unit, [by_unit[unit.pk].get(c.pk) for c in campaigns])
        for unit in sorted_vi(units.values())
    ]
    return AdoptionTable(campaigns, whole_block, rows)


@dataclass
class UnitYear:
    term: Term
    row: dict | None


def unit_history(unit: Unit, *, viewer_can_read) -> tuple[list[UnitYear], dict]:
    """A unit's years in every block it belonged to, with its published rank (3 queries).

    Returns the years the viewer may see and the latest publication of each term by id.
    """
    block_ids = Membership.objects.filter(unit=unit).values("block_id")
    terms = list(
        Term.objects.filter(block_id__in=block_ids)
        .select_related(
            "block",
            "leader",
            "deputy",
            # the flag handed over at the end of the year, with the vote that decided it: shown
            # on the pages of the unit that gave it and of the one that received it
            "handover__to_term__leader",
            "handover__conference_record__ballot__winner",
        )
        .order_by("-year", vi("block__name"))
    )
    latest: dict[int, PublishedResult] = {}
    for publication in PublishedResult.objects.filter(term__in=terms).order_by("version"):
        latest[publication.term_id] = publication
    years = []
    for term in terms:
        publication = latest.get(term.pk)
        row = None
        if publication is not None and term.is_published:
            row = next(
                (r for r in as_decimals(publication.snapshot)["rows"] if r["unit_id"] == unit.pk),
                None,
            )
        if term.is_published or viewer_can_read(term):
            years.append(UnitYear(term, row))
    return years, latest


def unit_charts_data(unit: Unit, years: list[UnitYear], publications: dict) -> dict:
    """Published figures only: rank and total by year; the latest year's profile per criterion
    (% of maximum) against the block average. No queries: reads the snapshots already loaded."""
    series = [
        {
            "year": item.term.year,
            "rank": item.row["rank"],
            "total": item.row["total"],
            "block": item.term.block.name,
        }
        for item in sorted(years, key=lambda y: (y.term.year, y.term.block.name))
        if item.row is not None
    ]
    profile: list[dict] = []
    latest = next((item for item in years if item.row is not None), None)
    if latest is not None:
        snapshot = as_decimals(publications[latest.term.pk].snapshot)
        rows = snapshot["rows"]
        for c in snapshot["criteria"]:
            if c["kind"] != "scored" or not c["max_points"]:
                continue
            mine = latest.row["points"].get(c["code"], Decimal("0"))
            average = sum((r["points"].get(c["code"], Decimal("0")) for r in rows), Decimal("0"))
            average = average / len(rows) if rows else Decimal("0")
            profile.append(
                {
                    "code": c["code"],
                    "title": c["title"],
                    "max_points": c["max_points"],
                    "points": mine,
                    "average": average.quantize(Decimal("0.01")),
                    "unit_percent": (mine * 100 / c["max_points"]).quantize(Decimal("0.1")),
                    "average_percent": (average * 100 / c["max_points"]).quantize(Decimal("0.1")),
                }
            )
    return {"series": series, "profile": profile, "profile_term": latest.term if latest else None}


def stored_documents(publication: PublishedResult | None, language: str) -> list:
    """The stored documents of a published version in `language`, with their SHA-256, in the
    order of the download buttons (1 query; none for a draft)."""
    if publication is None:
        return []
    found = {d.kind: d for d in publication.documents.filter(language=language)}
    return [found[kind] for kind in PublishedDocument.Kind.values if kind in found]


def province_page(province: Province) -> list[Block]:
    """A province's blocks with their years (2 queries: blocks, terms)."""
    return list(
        Block.objects.filter(province=province, archived=False)
        .prefetch_related(
            Prefetch(
                "terms", queryset=Term.objects.select_related("leader", "deputy").order_by("-year")
            )
        )
        .order_by("kind", vi("name"))
    )


def term_stage(user, term: Term) -> dict:
    """A member's page of a year whose results are not shared yet (2 queries): its own sheet,
    the pact, the scoring window and what comes when, instead of a refusal."""
    from campaigns.models import Pact
    from scoring.models import ScoreSheet

    sheet = ScoreSheet.objects.filter(term=term, unit_id=user.unit_id).only("status").first()
    has_pact = Pact.objects.filter(term=term).exists()
    order = [s.value for s in Term.Status]
    stages = [
        {
            "label": label,
            "done": order.index(value) < order.index(term.status),
            "current": value == term.status,
        }
        for value, label in Term.Status.choices
    ]
    return {"term": term, "sheet": sheet, "has_pact": has_pact, "stages": stages}


def term_handovers(term: Term) -> list:
    """The flag the year received and the one it handed over, with the deciding votes (1 query)."""
    return list(
        FlagHandover.objects.filter(Q(from_term=term) | Q(to_term=term))
        .select_related("from_term__leader", "to_term__leader", "conference_record__ballot__winner")
        .order_by("handed_on")
    )
