"""Reads of award proposals: each page's data in a fixed number of queries, the rules' facts
(the leading unit of a published year, the Government flag's cap) and the vote behind a proposal
in words (`vote_summary`, the one place the pages and the tờ trình read it)."""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardPolicy, AwardProposal
from blocks.models import Province, Term, Unit
from campaigns.models import AwardType
from results.models import PublishedResult
from results.selectors import RankingPage, ranking_page

Status = AwardProposal.Status

# Proposals that no longer stand: withdrawn, voted down by the block or refused by the board.
# They neither block a new proposal of the same award nor count towards the Government cap.
FALLEN = (Status.WITHDRAWN, Status.NOT_CARRIED, Status.REJECTED)
# What the board acts on: submitted (to review), approved or downgraded (to decide).
TO_REVIEW = (Status.SUBMITTED,)
TO_DECIDE = (Status.APPROVED, Status.DOWNGRADED)
# What the tờ trình lists: the block's proposals still standing or decided on by the board.
ON_LETTER = (
    Status.PROPOSED,
    Status.VOTED,
    Status.SUBMITTED,
    Status.APPROVED,
    Status.DOWNGRADED,
    Status.REJECTED,
    Status.DECIDED,
)


def vote_summary(proposal: AwardProposal) -> str:
    """The vote behind a proposal, in words, as the pages and the tờ trình print it.

    For now the status and the note recorded with the vote ("show of hands at the meeting of
    22/01/2019"); a ballot of the conference writes its result into that note when it closes.
    """
    if proposal.status in (Status.PROPOSED, Status.WITHDRAWN) or proposal.voted_at is None:
        return _("Not voted yet")
    label = _("Not carried") if proposal.status == Status.NOT_CARRIED else _("Carried")
    if proposal.vote_note:
        return _("%(result)s: %(note)s") % {"result": label, "note": proposal.vote_note}
    return label


def _latest_snapshots(terms_filter: Q) -> dict[int, dict]:
    """term id → the latest published snapshot's leading unit id (1 query, JSON key only)."""
    rows = (
        PublishedResult.objects.filter(terms_filter, term__status=Term.Status.PUBLISHED)
        .order_by("term_id", "-version")
        .values_list("term_id", "term__year", "snapshot__leading_unit__unit_id")
    )
    latest: dict[int, dict] = {}
    for term_id, year, unit_id in rows:
        if term_id not in latest:
            leading = int(unit_id) if unit_id is not None else None
            latest[term_id] = {"year": year, "leading_unit_id": leading}
    return latest


def leading_unit_id(term: Term) -> int | None:
    """The block's leading unit in the latest published version of the year's ranking (1
    query); None when the year is not published or its ranking named no leading unit (a tie at
    the top, or every top unit barred by an incident)."""
    if not term.is_published:
        return None
    latest = _latest_snapshots(Q(term_id=term.pk))
    return latest.get(term.pk, {}).get("leading_unit_id")


@dataclass(frozen=True)
class PublishedFacts:
    """What the proposals read from a year's latest published ranking."""

    rows: dict[int, dict]  # unit id → rank, total, name at the time
    leading_unit_id: int | None


def published_facts(term: Term) -> PublishedFacts:
    """Rank, total and name at the time of every unit, and the leading unit, in the latest
    published version (1 query); empty before publication."""
    publication = None
    if term.is_published:
        publication = (
            PublishedResult.objects.filter(term=term).order_by("-version").only("snapshot").first()
        )
    if publication is None:
        return PublishedFacts({}, None)
    snapshot = publication.snapshot
    rows = {
        row["unit_id"]: {
            "rank": row["rank"],
            "total": Decimal(row["total"]),
            "unit_name": row["unit_name"],
        }
        for row in snapshot.get("rows", [])
    }
    leading = (snapshot.get("leading_unit") or {}).get("unit_id")
    return PublishedFacts(rows, leading)


@dataclass(frozen=True)
class GovernmentCap:
    """How many Government flags a province may propose in a year, and how many it has."""

    year: int
    share: int  # per cent of the block-leading units
    leading_units: int  # distinct leading units of the province's published block-years
    used: int  # Government-flag proposals of that year still standing

    @property
    def allowed(self) -> int:
        return math.floor(self.leading_units * self.share / 100)

    @property
    def left(self) -> int:
        return max(self.allowed - self.used, 0)


def government_share(province: Province) -> int:
    """The province's share for the Government flag (1 query): its board's setting or 20 %."""
    policy = AwardPolicy.objects.filter(province=province).only("government_flag_share").first()
    return policy.government_flag_share if policy else AwardPolicy.DEFAULT_GOVERNMENT_FLAG_SHARE


def government_caps(
    province: Province, years: list[int], *, exclude_pk: int | None = None
) -> dict[int, GovernmentCap]:
    """The Government flag's cap for each year (3 queries whatever the number of years): the
    share, the leading units of the province's published block-years, the standing proposals."""
    if not years:
        return {}
    share = government_share(province)
    latest = _latest_snapshots(Q(term__block__province=province, term__year__in=years))
    leaders: dict[int, set[int]] = {year: set() for year in years}
    for item in latest.values():
        if item["leading_unit_id"] is not None:
            leaders[item["year"]].add(item["leading_unit_id"])
    standing = AwardProposal.objects.filter(
        term__block__province=province,
        term__year__in=years,
        award_type__level=AwardType.Level.GOVERNMENT,
        award_type__requires_leading_unit=True,
    ).exclude(status__in=FALLEN)
    if exclude_pk is not None:
        standing = standing.exclude(pk=exclude_pk)
    used = dict(
        standing.values("term__year").annotate(n=Count("pk")).values_list("term__year", "n")
    )
    return {
        year: GovernmentCap(year, share, len(leaders[year]), used.get(year, 0)) for year in years
    }


def government_cap(province: Province, year: int) -> GovernmentCap:
    return government_caps(province, [year])[year]


@dataclass
class ProposalRow:
    proposal: AwardProposal
    rank: int | None
    total: Decimal | None
    vote: str


@dataclass
class TermAwards:
    term: Term
    rows: list[ProposalRow]
    leading_unit_id: int | None

    @property
    def voted(self) -> list[ProposalRow]:
        return [r for r in self.rows if r.proposal.status == Status.VOTED]

    @property
    def pending_votes(self) -> list[ProposalRow]:
        return [r for r in self.rows if r.proposal.status == Status.PROPOSED]


def _proposals():
    return AwardProposal.objects.select_related("unit", "award_type", "granted_type")


def _rows(proposals, published: dict[int, dict]) -> list[ProposalRow]:
    rows = []
    for proposal in proposals:
        row = published.get(proposal.unit_id) or {}
        rows.append(
            ProposalRow(proposal, row.get("rank"), row.get("total"), vote_summary(proposal))
        )
    return rows


def term_awards(term: Term) -> TermAwards:
    """A block-year's proposals with each unit's published rank and total (2 queries:
    proposals, the latest published snapshot; 1 before publication)."""
    proposals = list(
        _proposals().filter(term=term).order_by("award_type__order", "unit__name", "pk")
    )
    facts = published_facts(term)
    return TermAwards(term, _rows(proposals, facts.rows), facts.leading_unit_id)


@dataclass
class QueueGroup:
    term: Term
    proposals: list[AwardProposal] = field(default_factory=list)


@dataclass
class ProvinceQueue:
    province: Province
    groups: list[QueueGroup]
    caps: dict[int, GovernmentCap]
    share: int

    @property
    def decidable(self) -> list[AwardProposal]:
        return [p for g in self.groups for p in g.proposals if p.status in TO_DECIDE]

    @property
    def to_review(self) -> int:
        return sum(1 for g in self.groups for p in g.proposals if p.status in TO_REVIEW)


def province_queue(province: Province) -> ProvinceQueue:
    """The board's queue: submitted, approved and downgraded proposals of the province by
    block-year, with the Government flag's cap of each year they belong to (4 queries:
    proposals, then the caps' share, publications and standing proposals)."""
    proposals = list(
        _proposals()
        .select_related("term__block")
        .filter(term__block__province=province, status__in=TO_REVIEW + TO_DECIDE)
        .order_by("-term__year", "term__block__name", "award_type__order", "unit__name", "pk")
    )
    groups: dict[int, QueueGroup] = {}
    for proposal in proposals:
        groups.setdefault(proposal.term_id, QueueGroup(proposal.term)).proposals.append(proposal)
    years = sorted({p.term.year for p in proposals})
    caps = government_caps(province, years)
    share = next(iter(caps.values())).share if caps else government_share(province)
    return ProvinceQueue(province, list(groups.values()), caps, share)


def unit_awards(unit: Unit) -> list[AwardProposal]:
    """A unit's award proposals over the years, newest first (1 query). The page shows the
    decided ones to everyone and the others to the unit's insiders only."""
    return list(
        _proposals()
        .select_related("term__block")
        .filter(unit=unit)
        .exclude(status=Status.WITHDRAWN)
        .order_by("-term__year", "term__block__name", "award_type__order", "pk")
    )


def award_tasks(user) -> list[tuple[Term, str, str]]:
    """ "Việc cần làm" for awards, as (block-year, title, url) (1 query, none for a person who is
    neither board staff nor a unit's officer): the board's proposals to review or decide, the
    leader unit's voted proposals to submit."""
    who = Q(pk__in=[])
    if user.board_province_id:
        who |= Q(
            block__province_id=user.board_province_id,
            award_proposals__status__in=TO_REVIEW + TO_DECIDE,
        )
    if user.unit_id:
        who |= Q(leader_id=user.unit_id, award_proposals__status=Status.VOTED)
    if not (user.board_province_id or user.unit_id):
        return []
    terms = (
        Term.objects.filter(who)
        .annotate(
            n_review=Count("award_proposals", filter=Q(award_proposals__status__in=TO_REVIEW)),
            n_decide=Count("award_proposals", filter=Q(award_proposals__status__in=TO_DECIDE)),
            n_submit=Count("award_proposals", filter=Q(award_proposals__status=Status.VOTED)),
        )
        .select_related("block__province")
        .order_by("block__name", "year")
    )
    tasks = []
    for term in terms:
        board = user.board_province_id == term.block.province_id
        queue = reverse("awards:province_queue", args=[term.block.province_id])
        anchor = f"{queue}#term-{term.pk}"
        if board and term.n_review:
            title = _("Review %(count)d award proposal(s)") % {"count": term.n_review}
            tasks.append((term, title, anchor))
        if board and term.n_decide:
            title = _("Record the decision on %(count)d award proposal(s)") % {
                "count": term.n_decide
            }
            tasks.append((term, title, anchor))
        if user.unit_id == term.leader_id and term.n_submit:
            title = _("Submit %(count)d voted award proposal(s) to the board") % {
                "count": term.n_submit
            }
            tasks.append((term, title, reverse("awards:term", args=[term.block_id, term.year])))
    return tasks


@dataclass
class LetterItem:
    proposal: AwardProposal
    unit_name: str
    award: str
    rank: int | None
    total: Decimal | None
    vote: str


@dataclass
class Letter:
    """The tờ trình of a block-year: the ranking page it rests on (names, publication), the
    proposals it lists and its date."""

    page: RankingPage
    items: list[LetterItem]
    day: datetime.date

    @property
    def term(self) -> Term:
        return self.page.term


def letter(term: Term) -> Letter:
    """The proposals the block puts to the board, with rank and total from the ranking the
    documents print (proposals (1), then the ranking page: 1 published, 7 live). Dated the day
    the list was submitted, or today for a draft."""
    proposals = list(
        _proposals()
        .filter(term=term, status__in=ON_LETTER)
        .order_by("award_type__order", "unit__name", "pk")
    )
    page = ranking_page(term)
    rows = {row["unit_id"]: row for row in page.table["rows"]} if page.publication else {}
    items = []
    for p in proposals:
        row = rows.get(p.unit_id) or {}
        items.append(
            LetterItem(
                proposal=p,
                unit_name=row.get("unit_name") or p.unit.name,
                award=p.award_type.name,
                rank=row.get("rank"),
                total=row.get("total"),
                vote=vote_summary(p),
            )
        )
    submitted = [p.submitted_at for p in proposals if p.submitted_at]
    day = timezone.localdate(max(submitted)) if submitted else timezone.localdate()
    return Letter(page, items, day)
