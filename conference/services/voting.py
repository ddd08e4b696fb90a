"""Votes online (one per unit, refused twice by the database), counts of a show of hands, and
paper tallies entered twice."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from conference.models import Ballot, BallotOption, Cast, Elector, PaperTally, PaperTallyLine
from conference.services._common import _actor, _locked, _require_status


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
