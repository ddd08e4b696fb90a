"""Ballots from draft to closed: drafting with their options, opening (the electorate frozen),
closing (the result computed and sealed, its outcome applied), closing time, new rounds."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from awards.models import AwardProposal
from blocks.models import Term, Unit
from blocks.states import transition
from conference import notifications
from conference.models import Attendance, Ballot, BallotOption, Cast, Elector, Meeting
from conference.services._common import _field_error, _locked, _require_status
from conference.services.meetings import link_next_term, member_unit_ids
from conference.services.outcomes import apply_outcome


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
    if subject == Ballot.Subject.DEPUTY:
        # read now: an election earlier in the meeting may have changed it
        leader_id = (
            Term.objects.filter(block_id=meeting.term.block_id, year=meeting.term.year + 1)
            .values_list("leader_id", flat=True)
            .first()
        )
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
    if ballot.subject == Ballot.Subject.DEPUTY and link_next_term(meeting) is None:
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
    if ballot.is_online:
        notifications.ballot_opened(ballot, sorted(members))
    return ballot


# --- Closing ---------------------------------------------------------------------------------


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
    apply_outcome(ballot, actor=actor, request=request)
    return ballot


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
