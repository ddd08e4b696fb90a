"""Who may see and run a block-year's conference, built on `blocks.access`.

- Reading (meeting, ballots, turnout, results, minutes): the year's insiders — member units
  (leader and deputy included), the block's council members, the province's board staff.
- Running it (meeting, attendance, ballots, counts, closing, handover, the projector screen):
  `can_run`, the one place that says who; today the leader unit or board staff
  (`blocks.access.can_manage_term`). The acting deputy joins here when `blocks` has it.
- Voting: an officer of a unit in the ballot's electorate (checked by the service).

Outsiders get 404, insiders without the right 403, signed-out people the login page.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from blocks import access
from blocks.models import Term
from conference.models import Ballot, Meeting


def can_run(user, term: Term) -> bool:
    """Runs the conference of `term`: its leader unit (or board staff)."""
    return access.can_manage_term(user, term)


def get_term_for_reader(request, block_pk: int, year: int) -> Term:
    return access.get_term_for_member(request, block_pk, year)


def get_term_for_runner(request, block_pk: int, year: int) -> Term:
    term = access.get_term_for_member(request, block_pk, year)
    if not can_run(request.user, term):
        raise PermissionDenied
    return term


def _meeting_of(term: Term, meeting_pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("next_term"), term=term, pk=meeting_pk
    )
    meeting.term = term  # already loaded with its block, province, leader and deputy
    return meeting


def get_meeting_for_reader(request, block_pk: int, year: int, meeting_pk: int) -> Meeting:
    return _meeting_of(get_term_for_reader(request, block_pk, year), meeting_pk)


def get_meeting_for_runner(request, block_pk: int, year: int, meeting_pk: int) -> Meeting:
    return _meeting_of(get_term_for_runner(request, block_pk, year), meeting_pk)


def _ballot_of(meeting: Meeting, ballot_pk: int) -> Ballot:
    ballot = get_object_or_404(
        Ballot.objects.select_related("proposal__unit", "proposal__award_type", "winner"),
        meeting=meeting,
        pk=ballot_pk,
    )
    ballot.meeting = meeting
    return ballot


def get_ballot_for_reader(request, block_pk: int, year: int, meeting_pk: int, ballot_pk: int):
    return _ballot_of(get_meeting_for_reader(request, block_pk, year, meeting_pk), ballot_pk)


def get_ballot_for_runner(request, block_pk: int, year: int, meeting_pk: int, ballot_pk: int):
    return _ballot_of(get_meeting_for_runner(request, block_pk, year, meeting_pk), ballot_pk)


def get_ballot_for_voter(request, block_pk: int, year: int, meeting_pk: int, ballot_pk: int):
    """An insider whose unit is a member may try; the service checks the electorate. Board
    staff and council members have no vote: 403."""
    ballot = get_ballot_for_reader(request, block_pk, year, meeting_pk, ballot_pk)
    if not access.is_member_of_term(request.user, ballot.meeting.term):
        raise PermissionDenied
    return ballot
