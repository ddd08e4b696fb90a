"""What a closed ballot decides: next year's leader or deputy, an award proposal's status; and
the flag handover recorded at the meeting."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from awards import services as award_services
from awards.models import AwardProposal
from blocks.models import FlagHandover, Term
from blocks.services import ensure_term_writable, term_create_next
from conference.models import Ballot, HandoverRecord, Meeting
from conference.services._common import _field_error, _plain
from conference.services.meetings import link_next_term


def apply_outcome(ballot: Ballot, *, actor, request) -> None:
    carried = ballot.outcome == Ballot.Outcome.CARRIED
    if ballot.subject == Ballot.Subject.AWARD:
        proposal = ballot.proposal
        if proposal.status == AwardProposal.Status.PROPOSED:
            # Through the awards service, with the ballot's figures as the vote's note: the
            # proposal's pages and the tờ trình print it (`awards.selectors.vote_summary`).
            award_services.record_vote(
                proposal=proposal,
                actor=actor,
                carried=carried,
                note=_ballot_note(ballot),
                request=request,
            )
    elif carried and ballot.subject == Ballot.Subject.LEADER:
        _elect_leader(ballot, actor=actor, request=request)
    elif carried and ballot.subject == Ballot.Subject.DEPUTY:
        _elect_deputy(ballot, actor=actor, request=request)


def _ballot_note(ballot: Ballot) -> str:
    """ "Ballot 2 of the meeting of 22/01/2019 (secret ballot): 5 yes, 1 no, 0 abstain; 6 votes
    cast, base 8." — the figures of a closed ballot, in words."""
    counts = {o.kind: o.votes for o in ballot.options.all()}
    return _(
        "Ballot %(number)s of the meeting of %(date)s (%(method)s): %(yes)s yes, %(no)s no, "
        "%(abstain)s abstain; %(cast)s votes cast, base %(base)s."
    ) % {
        "number": ballot.number,
        "date": ballot.meeting.held_on.strftime("%d/%m/%Y"),
        "method": ballot.get_method_display(),
        "yes": counts.get("yes", 0),
        "no": counts.get("no", 0),
        "abstain": counts.get("abstain", 0),
        "cast": ballot.votes_cast,
        "base": ballot.base_size,
    }


def _elect_leader(ballot: Ballot, *, actor, request) -> None:
    """Next year's leader is the winner; the year is created if it does not exist yet (with the
    scale, movements and rules carried forward, as "Prepare year N+1" does)."""
    meeting, winner = ballot.meeting, ballot.winner
    term = meeting.term
    next_term = Term.objects.filter(block_id=term.block_id, year=term.year + 1).first()
    if next_term is None:
        next_term = term_create_next(term=term, actor=actor, leader=winner, request=request)
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
    link_next_term(meeting)


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
    if link_next_term(meeting) is None:
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
