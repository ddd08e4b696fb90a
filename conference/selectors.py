"""Reads of the conference pages, each in a fixed number of queries whatever the number of
units, ballots or votes (pinned in tests/conference/test_queries.py).

Reading a meeting also closes its online ballots whose closing time has passed ("lazily on
read", besides `manage.py close_due_ballots`): the ballots are loaded anyway, so this costs no
query unless one is due.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from blocks.models import FlagHandover, Membership, Unit
from conference import services
from conference.models import (
    Attendance,
    Ballot,
    BallotOption,
    Cast,
    Elector,
    Meeting,
    PaperTally,
)
from emulation.collation import sorted_vi


def meetings_of(term) -> list[Meeting]:
    """The year's meetings (1 query)."""
    return list(Meeting.objects.filter(term=term).order_by("held_on", "pk"))


def _ballots(meeting: Meeting) -> list[Ballot]:
    """The meeting's ballots with options, turnout and winner (2 queries)."""
    return list(
        Ballot.objects.filter(meeting=meeting)
        .select_related("winner", "proposal__unit", "proposal__award_type")
        .annotate(turnout=Count("electors__cast"))
        .prefetch_related(Prefetch("options", queryset=BallotOption.objects.select_related("unit")))
        .order_by("number")
    )


def ballots_with_due_closed(meeting: Meeting, now: datetime.datetime) -> list[Ballot]:
    ballots = _ballots(meeting)
    if any(b.is_open and b.closes_at and b.closes_at <= now for b in ballots):
        services.close_due_ballots(now=now, meeting=meeting)
        ballots = _ballots(meeting)
    for ballot in ballots:
        ballot.meeting = meeting
    return ballots


@dataclass
class AttendanceRow:
    unit: Unit
    present: bool
    representatives: str
    recorded: bool


@dataclass
class MeetingPage:
    meeting: Meeting
    attendance: list[AttendanceRow]
    ballots: list[Ballot]
    voted_ballot_ids: set[int]  # ballots the viewer's unit has voted in
    elector_ballot_ids: set[int]  # ballots the viewer's unit may vote in
    handover: FlagHandover | None
    handover_ballot: Ballot | None = None
    present_count: int = 0
    observers: list[str] = field(default_factory=list)


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """The members on the meeting's day with what was recorded for each (2 queries)."""
    members = Membership.objects.filter(block_id=meeting.term.block_id).on(meeting.held_on)
    units = {m.unit_id: m.unit for m in members.select_related("unit")}
    recorded = {a.unit_id: a for a in Attendance.objects.filter(meeting=meeting)}
    rows = []
    for unit in sorted_vi(units.values(), key=lambda u: u.name):
        row = recorded.get(unit.pk)
        rows.append(
            AttendanceRow(
                unit=unit,
                present=bool(row and row.present),
                representatives=row.representatives if row else "",
                recorded=row is not None,
            )
        )
    return rows


def _viewer_ballots(user, ballots: list[Ballot]) -> tuple[set[int], set[int]]:
    """The ballots the viewer's unit is an elector of, and those it has voted in (1 query)."""
    unit_id = getattr(user, "unit_id", None)
    opened = [b.pk for b in ballots if b.status != Ballot.Status.DRAFT]
    if not unit_id or not opened:
        return set(), set()
    rows = (
        Elector.objects.filter(ballot_id__in=opened, unit_id=unit_id)
        .annotate(voted=Exists(Cast.objects.filter(elector=OuterRef("pk"))))
        .values_list("ballot_id", "voted")
    )
    electors, voted = set(), set()
    for ballot_id, has_voted in rows:
        electors.add(ballot_id)
        if has_voted:
            voted.add(ballot_id)
    return electors, voted


def meeting_page(meeting: Meeting, user, now: datetime.datetime | None = None) -> MeetingPage:
    """The meeting page (6 queries): attendance (2), ballots (2), the viewer's votes (1), the
    handover (1)."""
    now = now or timezone.now()
    attendance = attendance_rows(meeting)
    ballots = ballots_with_due_closed(meeting, now)
    electors, voted = _viewer_ballots(user, ballots)
    handover = (
        FlagHandover.objects.filter(from_term_id=meeting.term_id)
        .select_related("conference_record", "to_term__leader")
        .first()
    )
    handover_ballot = None
    record = getattr(handover, "conference_record", None) if handover else None
    if record is not None and record.ballot_id:
        handover_ballot = next((b for b in ballots if b.pk == record.ballot_id), None)
    return MeetingPage(
        meeting=meeting,
        attendance=attendance,
        ballots=ballots,
        voted_ballot_ids=voted,
        elector_ballot_ids=electors,
        handover=handover,
        handover_ballot=handover_ballot,
        present_count=sum(1 for row in attendance if row.present),
        observers=meeting.observer_lines(),
    )


@dataclass
class BallotPage:
    ballot: Ballot
    options: list[BallotOption]
    electors: list[Elector]  # with `.voted` (and `.present`)
    turnout: int
    my_elector: Elector | None
    tallies: list[PaperTally]
    next_round: Ballot | None
    show_counts: bool


def ballot_page(ballot: Ballot, user, now: datetime.datetime | None = None) -> BallotPage:
    """One ballot (5 queries): itself if it was due to close, options, the electorate with who
    voted, paper tallies with their lines (2), the next round."""
    now = now or timezone.now()
    if ballot.is_open and ballot.closes_at and ballot.closes_at <= now:
        services.close_due_ballots(now=now, meeting=ballot.meeting)
        meeting = ballot.meeting
        ballot = Ballot.objects.select_related("winner", "proposal__unit").get(pk=ballot.pk)
        ballot.meeting = meeting
    options = list(ballot.options.select_related("unit"))
    electors = Elector.objects.filter(ballot=ballot).select_related("unit")
    electors = electors.annotate(voted=Exists(Cast.objects.filter(elector=OuterRef("pk"))))
    if ballot.method == Ballot.Method.NAMED and ballot.is_closed:
        # a named vote is public once closed: each unit's choice, in the same query
        choice = Cast.objects.filter(elector=OuterRef("pk")).values("option_id")[:1]
        electors = electors.annotate(choice_id=Subquery(choice))
    electors = list(electors)
    electors = sorted_vi(electors, key=lambda e: e.unit.name)
    unit_id = getattr(user, "unit_id", None)
    mine = next((e for e in electors if unit_id and e.unit_id == unit_id), None)
    tallies = []
    if ballot.method == Ballot.Method.PAPER:
        tallies = list(
            PaperTally.objects.filter(ballot=ballot)
            .select_related("entered_by")
            .prefetch_related("lines")
            .order_by("pk")
        )
        for tally in tallies:
            tally.by_option = {line.option_id: line.votes for line in tally.lines.all()}
    labels = {o.pk: o.label for o in options}
    for elector in electors:
        elector.choice = labels.get(getattr(elector, "choice_id", None), "")
    next_round = Ballot.objects.filter(previous_round=ballot).first()
    return BallotPage(
        ballot=ballot,
        options=options,
        electors=electors,
        turnout=sum(1 for e in electors if e.voted),
        my_elector=mine,
        tallies=tallies,
        next_round=next_round,
        # While a vote is open nobody sees how it goes, only the turnout; the counts of a show
        # of hands are the secretary's record of what everyone saw.
        show_counts=ballot.is_closed or ballot.method == Ballot.Method.HANDS,
    )


def screen_ballots(meeting: Meeting, now: datetime.datetime | None = None) -> list[dict]:
    """What the projector shows of each opened ballot: turnout while open, never a count; the
    result once closed (2 queries)."""
    rows = []
    for ballot in ballots_with_due_closed(meeting, now or timezone.now()):
        if ballot.status == Ballot.Status.DRAFT:
            continue
        item = {
            "id": ballot.pk,
            "number": ballot.number,
            "title": ballot.title,
            "round": ballot.round,
            "method": str(ballot.get_method_display()),
            "status": ballot.status,
            "status_label": str(ballot.get_status_display()),
            "electorate": ballot.electorate_size,
            "turnout": ballot.turnout if ballot.is_online else None,
        }
        if ballot.is_closed:
            item.update(
                {
                    "votes_cast": ballot.votes_cast,
                    "outcome": ballot.outcome,
                    "outcome_label": str(ballot.get_outcome_display()),
                    "winner": ballot.winner.name if ballot.winner_id else "",
                    "counts": [{"label": o.label, "votes": o.votes} for o in ballot.options.all()],
                }
            )
        rows.append(item)
    return rows


def handover_of_term(term_ids) -> dict[int, FlagHandover]:
    """Handovers given or received by these years, with the deciding vote (1 query), by term id
    (both ends)."""
    handovers = FlagHandover.objects.filter(
        Q(from_term_id__in=term_ids) | Q(to_term_id__in=term_ids)
    ).select_related("from_term__leader", "to_term__leader", "conference_record__ballot__winner")
    result = {}
    for handover in handovers:
        result[handover.from_term_id] = handover
        result[handover.to_term_id] = handover
    return result


def open_ballots_for(user, now: datetime.datetime) -> list[Ballot]:
    """Open online ballots where the user's unit is an elector and has not voted yet (1 query):
    the worklist's "vote" items. Any year, published or not: the year-end conference usually
    follows publication. A ballot past its closing time is as good as closed: not listed."""
    if not getattr(user, "unit_id", None):
        return []
    return list(
        Ballot.objects.filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now),
            status=Ballot.Status.OPEN,
            method__in=Ballot.ONLINE,
            electors__unit_id=user.unit_id,
            electors__cast__isnull=True,
        )
        .select_related("meeting__term__block__province", "meeting__term__leader")
        .order_by("closes_at", "pk")
    )
