"""Writes of the conference: the meeting and its attendance, ballots from draft to closed, votes,
counts and tallies, the outcomes (next year's leader and deputy, award proposals) and the flag
handover.

Every function is keyword-only, atomic, validates before saving, raises `ValidationError` with a
code and records an audit entry in the same transaction. Ballot status moves only through
`blocks.states.transition`. A published year is *not* refused here: the conference usually
follows publication, and what publication freezes (the ranking) is not touched.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from awards.models import AwardProposal
from blocks.models import FlagHandover, Membership, Term, Unit
from blocks.services import ensure_term_writable
from blocks.states import transition
from conference.models import (
    Attendance,
    Ballot,
    BallotOption,
    Cast,
    Elector,
    HandoverRecord,
    Meeting,
    PaperTally,
    PaperTallyLine,
)
from results import services as results_services

MEETING_FIELDS = (
    "kind",
    "held_on",
    "starts_at",
    "place",
    "chair_name",
    "chair_title",
    "secretary_name",
    "secretary_title",
    "agenda",
    "observers",
    "minutes_number",
)


def _field_error(field: str, message, code: str) -> ValidationError:
    """A refusal about one field, with its code (a form shows it on that field)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _plain(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def member_unit_ids(meeting: Meeting) -> set[int]:
    """The block's members on the day of the meeting: who attends and who votes."""
    return set(
        Membership.objects.filter(block_id=meeting.term.block_id)
        .on(meeting.held_on)
        .values_list("unit_id", flat=True)
    )


# --- Meeting ---------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(*, term: Term, actor, request=None, **fields) -> Meeting:
    """A conference of `term`, linked to the next year when it exists already."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    if Meeting.objects.filter(term=term, kind=fields.get("kind", Meeting.Kind.YEAR_END)).exists():
        raise ValidationError(
            _("This year already has a meeting of that kind."), code="meeting_exists"
        )
    next_term = Term.objects.filter(block_id=term.block_id, year=term.year + 1).first()
    meeting = Meeting(term=term, next_term=next_term, created_by=_actor(actor), **fields)
    meeting.full_clean()
    meeting.save()
    log_action(
        actor=actor,
        action="conference.meeting.created",
        obj=meeting,
        after={name: _plain(getattr(meeting, name)) for name in MEETING_FIELDS},
        request=request,
        term_id=term.pk,
    )
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor, request=None, **fields) -> Meeting:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if (
        "held_on" in fields
        and fields["held_on"] != meeting.held_on
        and Ballot.objects.filter(meeting=meeting).exclude(status=Ballot.Status.DRAFT).exists()
    ):
        # The electorate of an opened ballot was taken on the meeting's date.
        raise _field_error(
            "held_on",
            _("A ballot has been opened: the meeting's date can no longer change."),
            "date_fixed",
        )
    before = {name: _plain(getattr(meeting, name)) for name in fields}
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    after = {name: _plain(getattr(meeting, name)) for name in fields}
    changed = {k for k in fields if before[k] != after[k]}
    if changed:
        log_action(
            actor=actor,
            action="conference.meeting.changed",
            obj=meeting,
            before={k: before[k] for k in sorted(changed)},
            after={k: after[k] for k in sorted(changed)},
            request=request,
            term_id=meeting.term_id,
        )
    return meeting


@transaction.atomic
def record_attendance(
    *, meeting: Meeting, actor, rows: Iterable[tuple[Unit, bool, str]], request=None
) -> list[Attendance]:
    """Present or not, and the representatives, of the block's members on the meeting's day."""
    members = member_unit_ids(meeting)
    existing = {a.unit_id: a for a in Attendance.objects.filter(meeting=meeting)}
    saved, before, after = [], {}, {}
    for unit, present, representatives in rows:
        if unit.pk not in members:
            raise ValidationError(
                _("%(unit)s is not a member of the block on the day of the meeting."),
                code="not_member",
                params={"unit": unit.name},
            )
        row = existing.get(unit.pk) or Attendance(meeting=meeting, unit=unit)
        old = (row.present, row.representatives) if row.pk else None
        row.present, row.representatives = bool(present), representatives.strip()
        row.full_clean()
        row.save()
        saved.append(row)
        if old != (row.present, row.representatives):
            before[str(unit.pk)] = list(old) if old else None
            after[str(unit.pk)] = [row.present, row.representatives]
    if after:
        log_action(
            actor=actor,
            action="conference.attendance.recorded",
            obj=meeting,
            before=before,
            after=after,
            request=request,
            term_id=meeting.term_id,
        )
    return saved


# --- Ballots: drafting and opening -----------------------------------------------------------


def _next_number(meeting: Meeting) -> int:
    last = Ballot.objects.filter(meeting=meeting).order_by("-number").first()
    return (last.number if last else 0) + 1


def _check_candidates(meeting: Meeting, subject: str, candidates: list[Unit]) -> None:
    if subject not in Ballot.ELECTIONS:
        if candidates:
            raise ValidationError(
                _("Only the election of a leader or deputy unit has candidates."),
                code="candidates_not_allowed",
            )
        return
    if not candidates:
        raise _field_error("candidates", _("Name at least one candidate unit."), "no_candidates")
    members = member_unit_ids(meeting)
    outside = [u.name for u in candidates if u.pk not in members]
    if outside:
        raise _field_error(
            "candidates",
            _("Not a member of the block on the day of the meeting: %(units)s.")
            % {"units": ", ".join(outside)},
            "candidate_not_member",
        )
    if subject == Ballot.Subject.DEPUTY and meeting.next_term_id:
        # read now: an election earlier in the meeting may have changed it
        leader_id = Term.objects.filter(pk=meeting.next_term_id).values_list(
            "leader_id", flat=True
        )[0]
        if any(u.pk == leader_id for u in candidates):
            raise _field_error(
                "candidates",
                _("Next year's leader unit cannot also be its deputy."),
                "leader_is_deputy",
            )


def _check_proposal(meeting: Meeting, subject: str, proposal: AwardProposal | None) -> None:
    if subject != Ballot.Subject.AWARD:
        if proposal is not None:
            raise ValidationError(
                _("Only an award ballot concerns a proposal."), code="proposal_not_allowed"
            )
        return
    if proposal is None:
        raise _field_error("proposal", _("Choose the award proposal."), "no_proposal")
    if proposal.term_id != meeting.term_id:
        raise _field_error(
            "proposal", _("The proposal belongs to another block-year."), "proposal_other_term"
        )
    if proposal.status != AwardProposal.Status.PROPOSED:
        raise _field_error(
            "proposal",
            _("Only a proposal still waiting for the vote can be put to it."),
            "proposal_not_open",
        )


@transaction.atomic
def create_ballot(
    *,
    meeting: Meeting,
    actor,
    subject: str,
    title: str,
    method: str,
    threshold: str = Ballot.Threshold.HALF,
    base: str = Ballot.Base.ALL,
    proposal: AwardProposal | None = None,
    candidates: Iterable[Unit] = (),
    closes_at: datetime.datetime | None = None,
    note: str = "",
    previous_round: Ballot | None = None,
    request=None,
) -> Ballot:
    """A draft ballot with its options: yes/no/abstain, or the candidates and abstain."""
    candidates = list(candidates)
    _check_candidates(meeting, subject, candidates)
    _check_proposal(meeting, subject, proposal)
    if closes_at is not None and method not in Ballot.ONLINE:
        raise _field_error(
            "closes_at",
            _("Only an online ballot closes by itself at a set time."),
            "closing_time_online_only",
        )
    if closes_at is not None and closes_at <= timezone.now():
        raise _field_error(
            "closes_at", _("The closing time has already passed."), "closing_time_past"
        )
    ballot = Ballot(
        meeting=meeting,
        number=_next_number(meeting),
        subject=subject,
        title=title.strip(),
        method=method,
        threshold=threshold,
        base=base,
        proposal=proposal,
        closes_at=closes_at,
        note=note.strip(),
        previous_round=previous_round,
        round=previous_round.round + 1 if previous_round else 1,
    )
    ballot.full_clean()
    ballot.save()
    if subject in Ballot.ELECTIONS:
        options = [
            BallotOption(ballot=ballot, kind=BallotOption.Kind.CANDIDATE, unit=unit, order=i)
            for i, unit in enumerate(candidates)
        ]
        options.append(
            BallotOption(ballot=ballot, kind=BallotOption.Kind.ABSTAIN, order=len(candidates))
        )
    else:
        kinds = (BallotOption.Kind.YES, BallotOption.Kind.NO, BallotOption.Kind.ABSTAIN)
        options = [BallotOption(ballot=ballot, kind=k, order=i) for i, k in enumerate(kinds)]
    for option in options:
        option.full_clean()
    BallotOption.objects.bulk_create(options)
    log_action(
        actor=actor,
        action="conference.ballot.created",
        obj=ballot,
        after={
            "subject": subject,
            "title": ballot.title,
            "method": method,
            "threshold": threshold,
            "base": base,
            "proposal_id": proposal.pk if proposal else None,
            "candidate_ids": [u.pk for u in candidates],
            "closes_at": closes_at.isoformat() if closes_at else None,
            "round": ballot.round,
        },
        request=request,
        term_id=meeting.term_id,
    )
    return ballot


def _locked(ballot: Ballot) -> Ballot:
    """The ballot row locked for this transaction: votes, counts and the closing queue on it, so
    a vote can never land after the result was computed."""
    return (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("meeting__term__block", "meeting__next_term", "proposal")
        .get(pk=ballot.pk)
    )


def _require_status(ballot: Ballot, status: str) -> None:
    if ballot.status == status:
        return
    if ballot.status == Ballot.Status.CLOSED:
        raise ValidationError(
            _("This ballot is closed: its result can no longer change."), code="ballot_closed"
        )
    messages = {
        Ballot.Status.DRAFT: _("This ballot has already been opened."),
        Ballot.Status.OPEN: _("This ballot is not open."),
    }
    raise ValidationError(messages[status], code="not_" + status)


@transaction.atomic
def open_ballot(
    *, ballot: Ballot, actor, request=None, opened_at: datetime.datetime | None = None
) -> Ballot:
    """Open the vote and freeze its electorate: one row per member unit on the meeting's day,
    marked present from the attendance. A unit that joins later is not in it."""
    ballot = _locked(ballot)
    _require_status(ballot, Ballot.Status.DRAFT)
    meeting = ballot.meeting
    members = member_unit_ids(meeting)
    if not members:
        raise ValidationError(_("The block has no members on that day."), code="empty_electorate")
    present = (
        set(
            Attendance.objects.filter(meeting=meeting, present=True).values_list(
                "unit_id", flat=True
            )
        )
        & members
    )
    if ballot.base == Ballot.Base.PRESENT and not present:
        raise ValidationError(
            _("Record who is present before opening a vote counted on the units present."),
            code="no_attendance",
        )
    if ballot.subject == Ballot.Subject.AWARD:
        _check_proposal(meeting, ballot.subject, ballot.proposal)
    if ballot.subject == Ballot.Subject.DEPUTY and meeting.next_term_id is None:
        raise ValidationError(
            _("Elect next year's leader unit first: the deputy belongs to that year."),
            code="no_next_year",
        )
    if ballot.subject in Ballot.ELECTIONS:
        candidates = [o.unit for o in ballot.options.select_related("unit") if o.unit_id]
        _check_candidates(meeting, ballot.subject, candidates)
    fields = {"electorate_size": len(members), "present_size": len(present)}
    if opened_at is not None:
        fields["opened_at"] = opened_at
    transition(
        ballot,
        Ballot.Status.OPEN,
        actor=actor,
        request=request,
        log_after={"electorate": sorted(members), "present": sorted(present)},
        **fields,
    )
    Elector.objects.bulk_create(
        [Elector(ballot=ballot, unit_id=pk, present=pk in present) for pk in sorted(members)]
    )
    return ballot


# --- Voting ----------------------------------------------------------------------------------


@transaction.atomic
def cast_vote(*, ballot: Ballot, actor, option: BallotOption, request=None) -> Cast:
    """The vote of the actor's unit. A second vote by the same unit is refused by the database
    (one `Cast` per electorate row), also when two requests arrive together.

    Secret ballot: the `Cast` row says only that the unit voted; the choice is one more on the
    option's counter, and the audit entry does not name it.
    """
    ballot = _locked(ballot)
    _require_status(ballot, Ballot.Status.OPEN)
    if not ballot.is_online:
        raise ValidationError(
            _("This ballot is counted in the room, not online."), code="not_online"
        )
    if option.ballot_id != ballot.pk:
        raise ValidationError(_("This choice belongs to another ballot."), code="bad_option")
    elector = Elector.objects.filter(ballot=ballot, unit_id=getattr(actor, "unit_id", None)).first()
    if elector is None:
        raise ValidationError(
            _("Your unit is not in this ballot's electorate."), code="not_elector"
        )
    cast = Cast(
        elector=elector,
        cast_by=actor,
        cast_at=timezone.now(),
        option=None if ballot.is_secret else option,
    )
    cast.full_clean(validate_unique=False)  # the database decides, even between two requests
    try:
        with transaction.atomic():
            cast.save()
    except IntegrityError:
        raise ValidationError(
            _("Your unit has already voted in this ballot."), code="already_voted"
        ) from None
    BallotOption.objects.filter(pk=option.pk).update(votes=F("votes") + 1)
    after = {"ballot_id": ballot.pk, "unit_id": elector.unit_id}
    if not ballot.is_secret:
        after["choice"] = option.label
    log_action(
        actor=actor,
        action="conference.vote.cast",
        obj=ballot,
        after=after,
        request=request,
        term_id=ballot.meeting.term_id,
    )
    return cast


def _check_counts(ballot: Ballot, counts: Mapping[int, int], invalid: int = 0) -> dict[int, int]:
    """Every option counted, none negative, no more votes than electors."""
    option_ids = set(ballot.options.values_list("pk", flat=True))
    if set(counts) != option_ids:
        raise ValidationError(_("Give a count for every choice."), code="counts_incomplete")
    if any(n < 0 for n in counts.values()) or invalid < 0:
        raise ValidationError(_("A count cannot be negative."), code="negative_count")
    if sum(counts.values()) + invalid > (ballot.electorate_size or 0):
        raise ValidationError(
            _("More votes than units in the electorate (%(size)s)."),
            code="too_many_votes",
            params={"size": ballot.electorate_size},
        )
    return {int(k): int(v) for k, v in counts.items()}


def _set_counts(ballot: Ballot, counts: dict[int, int]) -> None:
    options = list(ballot.options.all())
    for option in options:
        option.votes = counts[option.pk]
    BallotOption.objects.bulk_update(options, ["votes"])


@transaction.atomic
def record_counts(*, ballot: Ballot, actor, counts: Mapping[int, int], request=None) -> Ballot:
    """A show of hands: the counts the secretary announced, per choice (option id → count)."""
    ballot = _locked(ballot)
    _require_status(ballot, Ballot.Status.OPEN)
    if ballot.method != Ballot.Method.HANDS:
        raise ValidationError(_("Only a show of hands is counted this way."), code="not_hands")
    counts = _check_counts(ballot, counts)
    recounted = ballot.counted_at is not None
    before = {str(o.pk): o.votes for o in ballot.options.all()}
    _set_counts(ballot, counts)
    ballot.counted_at, ballot.counted_by = timezone.now(), _actor(actor)
    ballot.full_clean()
    ballot.save()
    log_action(
        actor=actor,
        action="conference.ballot.counted",
        obj=ballot,
        before=before if recounted else None,
        after={str(k): v for k, v in counts.items()},
        request=request,
        term_id=ballot.meeting.term_id,
    )
    return ballot


@transaction.atomic
def enter_tally(
    *, ballot: Ballot, actor, counts: Mapping[int, int], invalid: int = 0, request=None
) -> PaperTally:
    """One person's count of the paper ballots. It is accepted when it matches, choice by choice
    and in invalid papers, an entry made by somebody else; then the counts become the ballot's.
    A mismatch leaves both on the page and asks for a new entry."""
    ballot = _locked(ballot)
    _require_status(ballot, Ballot.Status.OPEN)
    if ballot.method != Ballot.Method.PAPER:
        raise ValidationError(_("Only paper ballots are tallied."), code="not_paper")
    if ballot.counted_at is not None:
        raise ValidationError(
            _("The tally was already accepted: close the ballot."), code="already_counted"
        )
    counts = _check_counts(ballot, counts, invalid)
    tally = PaperTally(ballot=ballot, entered_by=actor, invalid=invalid)
    tally.full_clean()
    tally.save()
    PaperTallyLine.objects.bulk_create(
        [PaperTallyLine(tally=tally, option_id=pk, votes=n) for pk, n in counts.items()]
    )
    match = None
    for earlier in (
        PaperTally.objects.filter(ballot=ballot)
        .exclude(pk=tally.pk)
        .exclude(entered_by=actor)
        .prefetch_related("lines")
        .order_by("-pk")
    ):
        if earlier.invalid == invalid and {x.option_id: x.votes for x in earlier.lines.all()} == (
            counts
        ):
            match = earlier
            break
    if match is not None:
        PaperTally.objects.filter(pk__in=[tally.pk, match.pk]).update(accepted=True)
        tally.accepted = True
        _set_counts(ballot, counts)
        ballot.invalid_votes = invalid
        ballot.counted_at, ballot.counted_by = timezone.now(), _actor(actor)
        ballot.full_clean()
        ballot.save()
    log_action(
        actor=actor,
        action="conference.tally.entered",
        obj=ballot,
        after={
            "tally_id": tally.pk,
            "counts": {str(k): v for k, v in counts.items()},
            "invalid": invalid,
            "matches_tally_id": match.pk if match else None,
        },
        request=request,
        term_id=ballot.meeting.term_id,
    )
    return tally


# --- Closing and outcomes --------------------------------------------------------------------


def passes(votes: int, base: int, threshold: str) -> bool:
    """More than half of the base, or at least two thirds of it. An empty base carries nothing."""
    if base <= 0:
        return False
    if threshold == Ballot.Threshold.TWO_THIRDS:
        return 3 * votes >= 2 * base
    return 2 * votes > base


def compute_result(ballot: Ballot, options: list[BallotOption], votes_cast: int) -> dict:
    """Outcome, winner and base of a ballot from its counts (no queries)."""
    base = ballot.present_size if ballot.base == Ballot.Base.PRESENT else ballot.electorate_size
    base = base or 0
    result = {"base_size": base, "votes_cast": votes_cast, "winner": None}
    if ballot.is_election:
        candidates = [o for o in options if o.kind == BallotOption.Kind.CANDIDATE]
        top = max((o.votes for o in candidates), default=0)
        leaders = [o for o in candidates if o.votes == top]
        if top > 0 and len(leaders) > 1:
            result["outcome"] = Ballot.Outcome.TIE
        elif top > 0 and passes(top, base, ballot.threshold):
            result["outcome"] = Ballot.Outcome.CARRIED
            result["winner"] = leaders[0].unit
        else:
            result["outcome"] = Ballot.Outcome.NOT_CARRIED
        return result
    yes = next((o.votes for o in options if o.kind == BallotOption.Kind.YES), 0)
    carried = passes(yes, base, ballot.threshold)
    result["outcome"] = Ballot.Outcome.CARRIED if carried else Ballot.Outcome.NOT_CARRIED
    return result


@transaction.atomic
def close_ballot(
    *,
    ballot: Ballot,
    actor,
    request=None,
    automatic: bool = False,
    closed_at: datetime.datetime | None = None,
) -> Ballot:
    """Close the vote, compute and store the result (sealed from then on) and apply it: a
    carried election sets next year's leader or deputy, an award vote moves its proposal."""
    ballot = _locked(ballot)
    _require_status(ballot, Ballot.Status.OPEN)
    if not ballot.is_online and ballot.counted_at is None:
        code = "no_tally" if ballot.method == Ballot.Method.PAPER else "no_counts"
        raise ValidationError(
            _("Enter the counts before closing the ballot."),
            code=code,
        )
    options = list(ballot.options.select_related("unit"))
    if ballot.is_online:
        votes_cast = Cast.objects.filter(elector__ballot=ballot).count()
    else:
        votes_cast = sum(o.votes for o in options) + ballot.invalid_votes
    result = compute_result(ballot, options, votes_cast)
    fields = {**result}
    if closed_at is not None:
        fields["closed_at"] = closed_at
    transition(
        ballot,
        Ballot.Status.CLOSED,
        actor=actor,
        request=request,
        reason=_("Closed automatically at its closing time.") if automatic else "",
        log_after={
            "outcome": result["outcome"],
            "winner_id": result["winner"].pk if result["winner"] else None,
            "votes_cast": votes_cast,
            "base_size": result["base_size"],
            "counts": {o.label: o.votes for o in options},
        },
        **fields,
    )
    _apply_outcome(ballot, actor=actor, request=request)
    return ballot


def _apply_outcome(ballot: Ballot, *, actor, request) -> None:
    carried = ballot.outcome == Ballot.Outcome.CARRIED
    if ballot.subject == Ballot.Subject.AWARD:
        proposal = ballot.proposal
        if proposal.status == AwardProposal.Status.PROPOSED:
            to = AwardProposal.Status.VOTED if carried else AwardProposal.Status.NOT_CARRIED
            transition(
                proposal,
                to,
                actor=actor,
                request=request,
                action="conference.proposal.voted",
                log_after={"ballot_id": ballot.pk},
            )
    elif carried and ballot.subject == Ballot.Subject.LEADER:
        _elect_leader(ballot, actor=actor, request=request)
    elif carried and ballot.subject == Ballot.Subject.DEPUTY:
        _elect_deputy(ballot, actor=actor, request=request)


def _link_next_term(meeting: Meeting, next_term: Term) -> None:
    if meeting.next_term_id != next_term.pk:
        meeting.next_term = next_term
        meeting.full_clean()
        meeting.save(update_fields=["next_term"])


def _elect_leader(ballot: Ballot, *, actor, request) -> None:
    """Next year's leader is the winner; the year is created if it does not exist yet (with the
    scale, movements and rules carried forward, as "Prepare year N+1" does)."""
    meeting, winner = ballot.meeting, ballot.winner
    term = meeting.term
    next_term = Term.objects.filter(block_id=term.block_id, year=term.year + 1).first()
    if next_term is None:
        next_term = results_services.create_next_term(
            term=term, actor=actor, leader=winner, request=request
        )
    else:
        ensure_term_writable(next_term)
        before = {"leader_id": next_term.leader_id, "deputy_id": next_term.deputy_id}
        next_term.leader = winner
        if next_term.deputy_id == winner.pk:
            next_term.deputy = None  # the deputy was elected leader: the deputy seat is empty
        next_term.full_clean()
        next_term.save()
        log_action(
            actor=actor,
            action="conference.term.leader_elected",
            obj=next_term,
            before=before,
            after={
                "leader_id": next_term.leader_id,
                "deputy_id": next_term.deputy_id,
                "ballot_id": ballot.pk,
            },
            request=request,
            term_id=next_term.pk,
        )
    _link_next_term(meeting, next_term)


def _elect_deputy(ballot: Ballot, *, actor, request) -> None:
    meeting, winner = ballot.meeting, ballot.winner
    next_term = meeting.next_term
    ensure_term_writable(next_term)
    if next_term.leader_id == winner.pk:
        raise ValidationError(
            _("Next year's leader unit cannot also be its deputy."), code="leader_is_deputy"
        )
    before = {"deputy_id": next_term.deputy_id}
    next_term.deputy = winner
    next_term.full_clean()
    next_term.save()
    log_action(
        actor=actor,
        action="conference.term.deputy_elected",
        obj=next_term,
        before=before,
        after={"deputy_id": winner.pk, "ballot_id": ballot.pk},
        request=request,
        term_id=next_term.pk,
    )


def close_due_ballots(*, now: datetime.datetime | None = None, meeting=None) -> list[Ballot]:
    """Close every open online ballot whose closing time has passed (each in its own
    transaction). Run on reading a conference page and by `manage.py close_due_ballots`."""
    now = now or timezone.now()
    due = Ballot.objects.filter(status=Ballot.Status.OPEN, closes_at__lte=now)
    if meeting is not None:
        due = due.filter(meeting=meeting)
    closed = []
    for ballot in due.order_by("closes_at", "pk"):
        try:
            closed.append(close_ballot(ballot=ballot, actor=None, automatic=True))
        except ValidationError as error:
            if error.code not in ("not_open", "ballot_closed"):  # closed meanwhile: fine
                raise
    return closed


@transaction.atomic
def open_new_round(*, ballot: Ballot, actor, request=None) -> Ballot:
    """After a tie, a new draft ballot between the tied candidates (same method and rule)."""
    ballot = _locked(ballot)
    if ballot.outcome != Ballot.Outcome.TIE:
        raise ValidationError(_("Only a tied election goes to a new round."), code="no_tie")
    if Ballot.objects.filter(previous_round=ballot).exists():
        raise ValidationError(_("The new round exists already."), code="round_exists")
    options = list(ballot.options.select_related("unit"))
    top = max(o.votes for o in options if o.kind == BallotOption.Kind.CANDIDATE)
    tied = [o.unit for o in options if o.kind == BallotOption.Kind.CANDIDATE and o.votes == top]
    return create_ballot(
        meeting=ballot.meeting,
        actor=actor,
        subject=ballot.subject,
        title=ballot.title,
        method=ballot.method,
        threshold=ballot.threshold,
        base=ballot.base,
        candidates=tied,
        previous_round=ballot,
        request=request,
    )


# --- Flag handover ---------------------------------------------------------------------------


@transaction.atomic
def record_handover(
    *,
    meeting: Meeting,
    actor,
    handed_on: datetime.date,
    place: str = "",
    note: str = "",
    ballot: Ballot | None = None,
    request=None,
) -> FlagHandover:
    """The rotating flag passes from this year's leader to next year's, at this meeting, as
    decided by `ballot` (a carried election of the leader), if the block voted."""
    if meeting.next_term_id is None:
        raise ValidationError(
            _("Next year does not exist yet: elect or set its leader unit first."),
            code="no_next_year",
        )
    if ballot is not None and not (
        ballot.meeting_id == meeting.pk
        and ballot.subject == Ballot.Subject.LEADER
        and ballot.outcome == Ballot.Outcome.CARRIED
    ):
        raise _field_error(
            "ballot",
            _("Choose a carried election of the leader unit at this meeting."),
            "not_deciding",
        )
    handover = FlagHandover.objects.filter(from_term=meeting.term).first()
    before = None
    if handover is None:
        handover = FlagHandover(from_term=meeting.term, to_term=meeting.next_term)
    else:
        before = {"handed_on": _plain(handover.handed_on), "place": handover.place}
    handover.to_term = meeting.next_term
    handover.handed_on, handover.place, handover.note = handed_on, place.strip(), note.strip()
    handover.full_clean()
    handover.save()
    record = HandoverRecord.objects.filter(handover=handover).first() or HandoverRecord(
        handover=handover
    )
    record.meeting, record.ballot = meeting, ballot
    record.full_clean()
    record.save()
    log_action(
        actor=actor,
        action="conference.handover.recorded",
        obj=handover,
        before=before,
        after={
            "handed_on": handed_on.isoformat(),
            "place": handover.place,
            "meeting_id": meeting.pk,
            "ballot_id": ballot.pk if ballot else None,
            "from_leader_id": meeting.term.leader_id,
            "to_leader_id": meeting.next_term.leader_id,
        },
        request=request,
        term_id=meeting.term_id,
    )
    return handover
