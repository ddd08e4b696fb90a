"""A new scale version approved while scoring is open: every sheet moves onto it.

One version per sheet and one per ranking: the ranking and the review grid read the current
version only, so a sheet left on the earlier version would show nothing (a tester saw every
total in the review grid drop to 0). `move_sheets_to_version` runs inside the board's approval
(`campaigns.services.scale_approve`, which calls it through `on_version_effective`: campaigns
cannot import scoring) and so in the same transaction: either the version takes effect with
every sheet on it, or nothing changes.

For each sheet that is not locked: scores are carried over by criterion code and checked
against the new maxima (`scoring.points.check_points`); a figure now out of range is cleared
and the sheet goes back to draft with a note naming the criterion; a verified sheet goes back
under review with the reason. Scores on lines the new version removed stay where they are,
with their evidence, and the sheet lists them. Every move is audited and the unit's officers
are e-mailed once the transaction commits.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from blocks.services import ensure_term_writable
from blocks.states import transition
from campaigns.models import Criterion, Scale
from emulation.collation import vi
from emulation.tasks import queue_email
from scoring.models import Evidence, ScoreSheet
from scoring.points import check_points

S = ScoreSheet.Status


@dataclass
class SheetMove:
    sheet: ScoreSheet
    carried: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # codes of removed lines with evidence
    status_before: str = ""

    def note(self, scale: Scale) -> str:
        parts = [_("Moved to version %(version)s of the scale.") % {"version": scale.version}]
        if self.cleared:
            parts.append(
                _("Cleared, above the new maximum: %(codes)s. Enter them again and submit.")
                % {"codes": ", ".join(self.cleared)}
            )
        if self.removed:
            parts.append(
                _("Evidence kept on lines this version removed: %(codes)s.")
                % {"codes": ", ".join(self.removed)}
            )
        return " ".join(parts)


def ensure_no_locked_sheets(scale: Scale) -> None:
    locked = list(
        ScoreSheet.objects.filter(term_id=scale.term_id, status=S.LOCKED)
        .exclude(scale=scale)
        .select_related("unit")
        .order_by(vi("unit__name"))
    )
    if locked:
        raise ValidationError(
            _(
                "Locked sheets cannot move to version %(version)s: %(units)s. Reopen them "
                "first, with a reason, then approve again."
            ),
            code="sheets_locked",
            params={"version": scale.version, "units": ", ".join(s.unit.name for s in locked)},
        )


def _out_of_range(value, criterion: Criterion) -> bool:
    if value is None:
        return False
    try:
        check_points(value, criterion.max_points)
    except ValidationError:
        return True
    return False


def _carry_scores(sheet: ScoreSheet, scale: Scale, by_code: dict[str, Criterion]) -> SheetMove:
    move = SheetMove(sheet=sheet, status_before=sheet.status)
    scores = list(sheet.scores.select_related("criterion").order_by("criterion__order", "pk"))
    with_evidence = set(
        Evidence.objects.filter(score__sheet=sheet, removed_at__isnull=True).values_list(
            "score_id", flat=True
        )
    )
    sheet.scale = scale  # the scores below are checked against the sheet's (new) scale
    for score in scores:
        target = by_code.get(score.criterion.code)
        if target is None:
            if score.pk in with_evidence:
                move.removed.append(score.criterion.code)
            continue
        score.criterion = target
        score.sheet = sheet
        if _out_of_range(score.self_points, target) or _out_of_range(score.reviewed_points, target):
            score.self_points = score.reviewed_points = None
            score.self_occurrences = score.reviewed_occurrences = None
            move.cleared.append(target.code)
        else:
            move.carried.append(target.code)
        score.full_clean()
        score.save()
    return move


def _move_status(move: SheetMove, scale: Scale, note: str, *, actor, request) -> None:
    sheet = move.sheet
    fields = {"scale": scale, "version": sheet.version + 1, "version_note": note}
    if move.cleared and sheet.status not in (S.NOT_STARTED, S.DRAFT):
        if sheet.status == S.VERIFIED:
            transition(sheet, S.UNDER_REVIEW, actor=actor, reason=note, request=request)
        transition(sheet, S.DRAFT, actor=actor, reason=note, request=request, **fields)
    elif sheet.status == S.VERIFIED:
        transition(sheet, S.UNDER_REVIEW, actor=actor, reason=note, request=request, **fields)
    else:
        for name, value in fields.items():
            setattr(sheet, name, value)
        sheet.full_clean()
        sheet.save()


def _move_sheet(sheet: ScoreSheet, scale: Scale, by_code, *, actor, request) -> SheetMove:
    before_version = sheet.scale.version
    move = _carry_scores(sheet, scale, by_code)
    note = move.note(scale)
    _move_status(move, scale, note, actor=actor, request=request)
    log_action(
        actor=actor,
        action="scoring.sheet.scale_moved",
        obj=sheet,
        before={"scale_version": before_version, "status": move.status_before},
        after={
            "sheet_id": sheet.pk,
            "scale_version": scale.version,
            "status": sheet.status,
            "carried": move.carried,
            "cleared": move.cleared,
            "removed_with_evidence": move.removed,
        },
        reason=note,
        request=request,
        term_id=sheet.term_id,
    )
    return move


def _tell_units(moves: list[SheetMove], scale: Scale) -> None:
    for move in moves:
        recipients = list(
            User.objects.filter(
                unit_id=move.sheet.unit_id, is_active=True, email_notifications=True
            )
            .exclude(email="")
            .order_by("pk")
            .values_list("email", flat=True)
        )
        if recipients:
            subject = _("%(block)s %(year)s: the scale changed to version %(version)s") % {
                "block": scale.term.block.name,
                "year": scale.term.year,
                "version": scale.version,
            }
            # Already after the commit (see below): queued for the worker at once.
            queue_email(subject=subject, body=move.sheet.version_note, recipients=recipients)


@transaction.atomic
def move_sheets_to_version(*, scale: Scale, actor, request=None) -> list[SheetMove]:
    """Move every sheet of the year that is on another version onto `scale` (see module).

    Refuses with `sheets_locked` while a sheet to move is locked: nothing is moved then.
    """
    ensure_term_writable(scale.term)
    ensure_no_locked_sheets(scale)
    by_code = {c.code: c for c in scale.criteria.all()}
    sheets = (
        ScoreSheet.objects.select_for_update()
        .filter(term_id=scale.term_id)
        .exclude(scale=scale)
        .select_related("scale", "unit")
        .order_by("pk")
    )
    moves = [_move_sheet(s, scale, by_code, actor=actor, request=request) for s in sheets]
    transaction.on_commit(lambda: _tell_units(moves, scale))
    return moves
