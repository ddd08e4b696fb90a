"""The meeting and its attendance."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Membership, Term, Unit
from conference.models import Attendance, Ballot, Meeting
from conference.services._common import _actor, _field_error, _plain

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


def member_unit_ids(meeting: Meeting) -> set[int]:
    """The block's members on the day of the meeting: who attends and who votes."""
    return set(
        Membership.objects.filter(block_id=meeting.term.block_id)
        .on(meeting.held_on)
        .values_list("unit_id", flat=True)
    )


def link_next_term(meeting: Meeting) -> Term | None:
    """The year the meeting opens, linked if it was created after the meeting ("Prepare year
    N+1", or an election at this meeting); None while it does not exist."""
    next_term = Term.objects.filter(
        block_id=meeting.term.block_id, year=meeting.term.year + 1
    ).first()
    if next_term is not None and meeting.next_term_id != next_term.pk:
        meeting.next_term = next_term
        meeting.full_clean()
        meeting.save(update_fields=["next_term"])
    return next_term


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
