"""Writes of the conference: the meeting and its attendance, ballots from draft to closed, votes,
counts and tallies, the outcomes (next year's leader and deputy, award proposals) and the flag
handover.

Every function is keyword-only, atomic, validates before saving, raises `ValidationError` with a
code and records an audit entry in the same transaction. Ballot status moves only through
`blocks.states.transition`. A published year is *not* refused here: the conference usually
follows publication, and what publication freezes (the ranking) is not touched.
"""

from conference.services.ballots import (
    close_ballot,
    close_due_ballots,
    compute_result,
    create_ballot,
    open_ballot,
    open_new_round,
    passes,
)
from conference.services.meetings import (
    MEETING_FIELDS,
    create_meeting,
    member_unit_ids,
    record_attendance,
    update_meeting,
)
from conference.services.outcomes import record_handover
from conference.services.voting import cast_vote, enter_tally, record_counts

__all__ = [
    "MEETING_FIELDS",
    "cast_vote",
    "close_ballot",
    "close_due_ballots",
    "compute_result",
    "create_ballot",
    "create_meeting",
    "enter_tally",
    "member_unit_ids",
    "open_ballot",
    "open_new_round",
    "passes",
    "record_attendance",
    "record_counts",
    "record_handover",
    "update_meeting",
]
