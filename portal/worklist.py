""" "Việc cần làm": what needs a signed-in person now, each one click from where it is done.

The home page asks `worklist(user, now)` for the open tasks of every unpublished block-year the
person is an insider of, in order of deadline (tasks without one last). The reads are a fixed
number of queries whatever the number of blocks, years, units or sheets: one for the years and
the person's roles in them, then one per kind of task (own sheets, sheets to review, scales to
approve, pacts to sign, registrations to decide, provisional releases), each run once for all the
years at hand (none when no year asks for it), and one for award proposals to act on.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.selectors import award_tasks
from blocks.models import Delegation, Membership, Term
from campaigns.models import Pact, PactSignature, Registration, Scale
from conference.selectors import open_ballots_for
from emulation.collation import vi
from results.models import ProvisionalRelease
from scoring.models import ScoreSheet

REVIEW_STATUSES = (ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.UNDER_REVIEW)
TO_FILL = (ScoreSheet.Status.NOT_STARTED, ScoreSheet.Status.DRAFT)


@dataclass(frozen=True)
class Task:
    term: Term
    title: str
    url: str
    deadline: datetime.datetime | None = None
    late: bool = False

    @property
    def sort_key(self):
        missing = self.deadline is None
        return (missing, self.deadline or datetime.datetime.max, self.term.block.name)


@dataclass
class Worklist:
    tasks: list[Task] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


def _insider_terms(user) -> list[Term]:
    """Unpublished years where the user is board, council, leader, deputy or member (1 query).

    Membership is "in force on at least one day of the year", the rule of
    `Membership.objects.of_term`, written as a subquery so that all years come in one read.
    """
    unit_id = user.unit_id
    member = Membership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__year__gte=OuterRef("year")),
        block_id=OuterRef("block_id"),
        unit_id=unit_id,
        valid_from__year__lte=OuterRef("year"),
    )
    who = Q(pk__in=[])
    if user.board_province_id:
        who |= Q(block__province_id=user.board_province_id)
    if unit_id:
        who |= Q(leader_id=unit_id) | Q(deputy_id=unit_id) | Q(Exists(member))
    who |= Q(block__in=user.council_blocks.all())
    # the deputy's officers act for the leader while a delegation is in force
    # (`blocks.access.can_lead_term`), read here in the same query for every year
    acting = Delegation.objects.in_force().filter(
        term_id=OuterRef("pk"), deputy_id=OuterRef("deputy_id")
    )
    return list(
        Term.objects.exclude(status=Term.Status.PUBLISHED)
        .filter(who, block__archived=False)
        .annotate(is_member=Exists(member), is_acting=Exists(acting))
        .select_related("block__province", "leader", "deputy")
        .order_by(vi("block__name"), "year")
    )


def _manages(user, term: Term) -> bool:
    """`blocks.access.can_manage_term` from what the years' query already read."""
    leads = user.unit_id == term.leader_id or (user.unit_id == term.deputy_id and term.is_acting)
    return bool(
        (user.board_province_id and user.board_province_id == term.block.province_id)
        or (user.unit_id and leads)
    )


def _is_board(user, term: Term) -> bool:
    return bool(user.board_province_id and user.board_province_id == term.block.province_id)


def _own_sheet_tasks(user, terms, now) -> list[Task]:
    """A unit's sheet to fill (window open) or to explain (a query raised): 1 query."""
    if not user.unit_id:
        return []
    by_pk = {t.pk: t for t in terms if t.is_member or user.unit_id in (t.leader_id, t.deputy_id)}
    sheets = ScoreSheet.objects.filter(term_id__in=list(by_pk), unit_id=user.unit_id).values_list(
        "term_id", "status"
    )
    tasks = []
    for term_id, status in sheets:
        term = by_pk[term_id]
        url = reverse("scoring:sheet", args=[term.block_id, term.year, user.unit_id])
        closes = term.scoring_closes_at
        if status in TO_FILL and term.status == Term.Status.SCORING:
            title = _("Fill in and submit your unit's score sheet")
            tasks.append(Task(term, title, url, closes, bool(closes and closes < now)))
        elif status == ScoreSheet.Status.NEEDS_EXPLANATION:
            tasks.append(Task(term, _("Answer the leader unit's query on your sheet"), url))
    return tasks


def _review_tasks(user, terms) -> list[Task]:
    """Sheets submitted and waiting for review in the years the user manages: 1 query."""
    by_pk = {t.pk: t for t in terms if _manages(user, t)}
    counts = (
        ScoreSheet.objects.filter(term_id__in=list(by_pk), status__in=REVIEW_STATUSES)
        .values("term_id")
        .annotate(n=Count("pk"))
        .values_list("term_id", "n")
    )
    tasks = []
    for term_id, n in counts:
        term = by_pk[term_id]
        url = reverse("scoring:review", args=[term.block_id, term.year])
        title = _("Review %(count)d submitted sheet(s)") % {"count": n}
        tasks.append(Task(term, title, url))
    return tasks


def _scale_tasks(user, terms) -> list[Task]:
    """Scales submitted for the board's approval: 1 query."""
    by_pk = {t.pk: t for t in terms if _is_board(user, t)}
    ids = Scale.objects.filter(term_id__in=list(by_pk), status=Scale.Status.SUBMITTED).values_list(
        "term_id", flat=True
    )
    return [
        Task(
            by_pk[term_id],
            _("Approve the scoring scale"),
            reverse("campaigns:scale_editor", args=[by_pk[term_id].block_id, by_pk[term_id].year]),
        )
        for term_id in set(ids)
    ]


def _pact_tasks(user, terms) -> list[Task]:
    """The year's pact not yet signed by the user's unit: 1 query."""
    if not user.unit_id:
        return []
    by_pk = {t.pk: t for t in terms if t.is_member and t.status == Term.Status.SETUP}
    signed = PactSignature.objects.filter(pact=OuterRef("pk"), unit_id=user.unit_id)
    ids = Pact.objects.filter(term_id__in=list(by_pk)).exclude(Exists(signed))
    return [
        Task(
            by_pk[term_id],
            _("Sign the emulation pact"),
            reverse("campaigns:pact_detail", args=[by_pk[term_id].block_id, by_pk[term_id].year]),
        )
        for term_id in ids.values_list("term_id", flat=True)
    ]


def _registration_tasks(user, terms) -> list[Task]:
    """Registrations waiting for the leader's decision: 1 query."""
    by_pk = {t.pk: t for t in terms if _manages(user, t)}
    counts = (
        Registration.objects.filter(term_id__in=list(by_pk), status=Registration.Status.SUBMITTED)
        .values("term_id")
        .annotate(n=Count("pk"))
        .values_list("term_id", "n")
    )
    return [
        Task(
            by_pk[term_id],
            _("Decide %(count)d emulation registration(s)") % {"count": n},
            reverse(
                "campaigns:registration_list", args=[by_pk[term_id].block_id, by_pk[term_id].year]
            ),
        )
        for term_id, n in counts
    ]


def _release_tasks(user, terms, now) -> list[Task]:
    """Provisional results: members may object until the window closes; then the board
    publishes (1 query)."""
    by_pk = {t.pk: t for t in terms if t.status == Term.Status.PROVISIONAL}
    tasks = []
    releases = ProvisionalRelease.objects.filter(term_id__in=list(by_pk))
    for term_id, closes in releases.values_list("term_id", "closes_at"):
        term = by_pk[term_id]
        args = [term.block_id, term.year]
        if closes > now and (term.is_member or user.unit_id == term.leader_id):
            title = _("Check the provisional results (objections until the deadline)")
            tasks.append(Task(term, title, reverse("portal:term_ranking", args=args), closes))
        elif closes <= now and _is_board(user, term):
            title = _("Publish the results: the objection window has closed")
            tasks.append(Task(term, title, reverse("results:workspace", args=args), closes))
    return tasks


def _award_tasks(user) -> list[Task]:
    """Award proposals, which come after publication (so not among the insider years): the
    board's to review or decide, the leader unit's voted ones to submit (1 query)."""
    return [Task(term, title, url) for term, title, url in award_tasks(user)]


def _ballot_tasks(user, now) -> list[Task]:
    """Open online ballots the user's unit may vote in and has not voted in yet (1 query, none
    for someone without a unit). Any year: the year-end conference follows publication."""
    tasks = []
    for ballot in open_ballots_for(user, now):
        term = ballot.meeting.term
        url = reverse(
            "conference:ballot", args=[term.block_id, term.year, ballot.meeting_id, ballot.pk]
        )
        title = _("Vote: %(question)s") % {"question": ballot.title}
        tasks.append(Task(term, title, url, ballot.closes_at))
    return tasks


def worklist(user, now: datetime.datetime) -> Worklist:
    """The person's open tasks by deadline (at most 8 queries, constant in data)."""
    terms = _insider_terms(user)
    tasks = (
        _ballot_tasks(user, now)
        + _own_sheet_tasks(user, terms, now)
        + _review_tasks(user, terms)
        + _scale_tasks(user, terms)
        + _pact_tasks(user, terms)
        + _registration_tasks(user, terms)
        + _release_tasks(user, terms, now)
        + _award_tasks(user)
    )
    return Worklist(tasks=sorted(tasks, key=lambda t: t.sort_key), terms=terms)
