"""What every scoring service shares: the sheet's states, its lock and version, the window,
what a typed figure is worth, and saving the scores a form changed.

Sheet states: not started → draft → submitted → under review ⇄ needs explanation → verified →
locked. A return sends a submitted or reviewed sheet back to draft; before publication a
reopen takes a verified or locked sheet back under review.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_entry, client_ip, log_actions
from blocks.models import Term
from blocks.services.common import ensure_status_writable
from blocks.states import transition
from campaigns.models import Criterion, Scale
from emulation.prepared import PreparedQuery, update_rows
from scoring.models import Score, ScoreSheet
from scoring.points import check_points

S = ScoreSheet.Status
SELF_EDITABLE = (S.NOT_STARTED, S.DRAFT)
REVIEWABLE = (S.SUBMITTED, S.UNDER_REVIEW, S.NEEDS_EXPLANATION)
EVIDENCE_EDITABLE = (S.NOT_STARTED, S.DRAFT, S.NEEDS_EXPLANATION)
NOT_SUBMITTED = (S.NOT_STARTED, S.DRAFT)


def dec(value) -> str | None:
    """A figure for the audit record: two decimals, as text."""
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def iso(moment: datetime.datetime | None) -> str | None:
    """A date-time for the audit record, in the province's time zone."""
    return timezone.localtime(moment).isoformat() if moment else None


def window_is_open(term: Term, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        term.scoring_opens_at
        and term.scoring_closes_at
        and term.scoring_opens_at <= now < term.scoring_closes_at
    )


def ensure_window_open(term: Term) -> None:
    if not window_is_open(term):
        raise ValidationError(
            _("The scoring window is closed: the sheet can only be read."), code="window_closed"
        )


# Compiled once (emulation.prepared): every write to a sheet starts with it.
_LOCKED_SHEET = PreparedQuery(
    lambda pk: (
        ScoreSheet.objects.select_for_update()
        .select_related("term__block", "unit", "scale")
        .filter(pk=pk)
    ),
    pk=int,
)
_SHEET_SCORES = PreparedQuery(
    lambda sheet: Score.objects.filter(sheet_id=sheet).order_by(), sheet=int
)


def locked_sheet(sheet: ScoreSheet) -> ScoreSheet:
    """The sheet row, locked for this transaction, with its term (fresh from the database).

    Refuses a published year (`ensure_term_writable`'s refusal) on the status this locked read
    gives, so the services that start with it do not read the status again."""
    locked = _LOCKED_SHEET.first(pk=sheet.pk)
    if locked is None:
        raise ScoreSheet.DoesNotExist("ScoreSheet matching query does not exist.")
    ensure_status_writable(locked.term, locked.term.status)
    return locked


def check_version(sheet: ScoreSheet, version: int | None) -> None:
    if version is not None and int(version) != sheet.version:
        raise ValidationError(
            _(
                "This sheet changed after you opened it (version %(loaded)s, now "
                "%(current)s). Nothing was saved; your entries are kept in the form: check "
                "them against the changes listed and save again."
            ),
            code="stale_version",
            params={"loaded": version, "current": sheet.version},
        )


def set_status(sheet: ScoreSheet, status: str, *, actor, request, reason: str = "") -> None:
    """Move the sheet to `status` along its table (`blocks.states.transition`: the stamps, the
    cleared fields and the audit entry) and bump its version."""
    version = sheet.version + 1
    transition(
        sheet,
        status,
        actor=actor,
        reason=reason,
        request=request,
        log_after={"sheet_version": version},
        version=version,
    )


def ensure_transition(sheet: ScoreSheet, allowed: tuple[str, ...]) -> None:
    if sheet.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the sheet is %(status)s."),
            code="bad_transition",
            params={"status": sheet.get_status_display().lower()},
        )


def take_up(sheet: ScoreSheet, *, actor, request) -> None:
    """A submitted sheet goes under review before anything else happens to it, so the recorded
    path is always the domain's: submitted → under review → (needs explanation | verified)."""
    if sheet.status == S.SUBMITTED:
        set_status(sheet, S.UNDER_REVIEW, actor=actor, request=request)


def leaf_criteria(scale: Scale) -> list[Criterion]:
    return list(scale.criteria.exclude(kind=Criterion.Kind.GROUP).order_by("order", "code"))


def ensure_scores(sheet: ScoreSheet, criteria: list[Criterion] | None = None) -> dict[int, Score]:
    """Every leaf criterion of the sheet's scale has its Score row; returns them by criterion.

    `criteria`: the leaf criteria of the sheet's scale when the caller has read them already
    (the posted form's), used only if they are of the scale the locked sheet names (a scale
    version move may have changed it since); else they are read here (1 query). Each score
    gets its criterion from them (a score of a line the scale no longer has loads its own).
    """
    if criteria is None or any(c.scale_id != sheet.scale_id for c in criteria):
        criteria = leaf_criteria(sheet.scale)
    scores = {s.criterion_id: s for s in _SHEET_SCORES.all(sheet=sheet.pk)}
    missing = [c for c in criteria if c.pk not in scores]
    if missing:
        Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in missing])
        scores = {s.criterion_id: s for s in _SHEET_SCORES.all(sheet=sheet.pk)}
    for score in scores.values():
        score.sheet = sheet
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is not None:
            score.criterion = criterion
    return scores


def is_counted(criterion: Criterion) -> bool:
    """A bonus or deduction item scored by a count of occurrences rather than by points."""
    return bool(criterion.points_per_occurrence and criterion.kind != Criterion.Kind.SCORED)


def points_for(
    criterion: Criterion, points: Decimal | None, occurrences: int | None, field: str
) -> tuple[Decimal | None, int | None, ValidationError | None]:
    """The points an entry is worth, or the error to show on `field`.

    A counted bonus/deduction item (points per occurrence) takes a count; its points follow,
    capped at the item's maximum. Anything else takes points between 0 and its maximum
    (`scoring.points.check_points`).
    """
    if is_counted(criterion):
        if occurrences is None:
            return None, None, None
        if occurrences < 0:
            return None, None, ValidationError(_("Enter a count of 0 or more."), code="negative")
        value = min(criterion.points_per_occurrence * occurrences, criterion.max_points)
        return value, occurrences, None
    if points is None:
        return None, None, None
    try:
        check_points(points, criterion.max_points)
    except ValidationError as error:
        return None, None, error
    return points, None, None


@dataclass
class SelfEntry:
    """What a unit typed for one criterion: points (scored) or a count (bonus/deduction).

    `note=None` means the note field was not sent: the note stays as it is.
    """

    points: Decimal | None = None
    occurrences: int | None = None
    note: str | None = ""


@dataclass
class ReviewEntry:
    """The reviewer's figure for one criterion; `reason=None`: not sent, kept as it is."""

    points: Decimal | None = None
    occurrences: int | None = None
    reason: str | None = ""


@dataclass(frozen=True)
class Side:
    """The unit's own figures or the reviewer's: which fields of a Score and of the form."""

    points: str
    occurrences: str
    text: str
    points_field: str
    count_field: str
    needs_reason: bool


OWN = Side("self_points", "self_occurrences", "self_note", "points_", "occ_", False)
REVIEWED = Side(
    "reviewed_points", "reviewed_occurrences", "review_reason", "rpoints_", "rocc_", True
)


def _entry_values(score: Score, entry, side: Side, criterion_id: int) -> tuple:
    """(points, occurrences, text) an entry sets on `side`, or a ValidationError keyed by field."""
    criterion = score.criterion
    prefix = side.count_field if is_counted(criterion) else side.points_field
    field = f"{prefix}{criterion_id}"
    value, occurrences, error = points_for(criterion, entry.points, entry.occurrences, field)
    if error is not None:
        raise ValidationError({field: error})
    if side.needs_reason:
        reason = _review_reason(score, entry, side, criterion_id, (value, occurrences))
        return value, occurrences, reason
    text = getattr(score, side.text) if entry.note is None else entry.note.strip()
    return value, occurrences, text


def _review_reason(score: Score, entry, side: Side, criterion_id: int, figures: tuple) -> str:
    """The reason stored with a reviewed figure.

    A figure that differs from the unit's and changes now needs a reason written for this
    change: the previous one is never reused (issue #10: a pre-filled box let the next change
    be saved under the old reason). A blank box on an unchanged figure keeps its reason.
    """
    value, occurrences = figures
    given = (entry.reason or "").strip()
    differs = value is not None and value != (score.self_points or Decimal(0))
    changed = dec(value) != dec(getattr(score, side.points)) or occurrences != getattr(
        score, side.occurrences
    )
    if differs and changed and not given:
        raise ValidationError(
            {
                f"reason_{criterion_id}": ValidationError(
                    _("Give a reason for this change: the reviewed points differ from the unit's."),
                    code="reason_required",
                )
            }
        )
    return given or getattr(score, side.text)


def collect_changes(
    scores: dict[int, Score], entries: dict, side: Side
) -> tuple[dict[str, ValidationError], list[tuple[Score, dict, dict]]]:
    """Apply `entries` to the scores on `side` (in memory): the field errors and the changes.

    Only the criteria present in `entries` are touched; a score an entry leaves equal is not a
    change.
    """
    errors: dict[str, ValidationError] = {}
    changes: list[tuple[Score, dict, dict]] = []
    for criterion_id, entry in entries.items():
        score = scores.get(criterion_id)
        if score is None:
            continue
        try:
            value, occurrences, text = _entry_values(score, entry, side, criterion_id)
        except ValidationError as exc:
            errors.update(exc.error_dict)
            continue
        before = {
            side.points: dec(getattr(score, side.points)),
            side.occurrences: getattr(score, side.occurrences),
            side.text: getattr(score, side.text),
        }
        after = {side.points: dec(value), side.occurrences: occurrences, side.text: text}
        if before != after:
            setattr(score, side.points, value)
            setattr(score, side.occurrences, occurrences)
            setattr(score, side.text, text)
            changes.append((score, before, after))
    return errors, changes


def bump_version(sheet: ScoreSheet) -> None:
    """A save that changed scores without changing the state still makes a new version.

    Only for a sheet locked by `locked_sheet` (which refuses a published year), and
    with the changes `save_changes` then writes in the same transaction: that `bulk_update`
    checks the same block-year against the freeze before anything commits (a refusal rolls this
    back with it), so this UPDATE skips the model's own check of it (`FrozenModel.save`, one
    more query per save).
    """
    sheet.version += 1
    sheet.updated_at = timezone.now()
    # The UPDATE `_base_manager.filter(pk=…).update(version=…, updated_at=…)` would run,
    # its SQL written once (emulation.prepared.update_rows).
    update_rows(ScoreSheet, [sheet], ["version", "updated_at"])


def check_changes(
    sheet: ScoreSheet, changes: list[tuple[Score, dict, dict]], side: Side
) -> dict[str, ValidationError]:
    """The checks `full_clean` runs on each changed score, for the whole sheet at once and
    without its queries: the fields (`clean_fields`) and the criterion's scale (`Score.clean`,
    compared on the rows already loaded). Errors are keyed by the row's form field.

    What `full_clean` would add is asked of the database once per save instead: the
    published-year freeze (`locked_sheet`'s refusal on the status it locks, then
    `FrozenQuerySet.bulk_update` for the whole batch), the foreign keys (the rows were read
    through this sheet) and the constraints (a change never moves a score to another sheet or
    criterion; the points were checked by `check_points` when the change was collected, and the
    CHECK constraints stand behind it).
    """
    errors: dict[str, ValidationError] = {}
    for score, _before, _after in changes:
        score.sheet = sheet  # the locked row: `clean()` then compares scales in memory
        criterion = score.criterion
        figure = side.count_field if is_counted(criterion) else side.points_field
        fields = {side.text: "reason_" if side.needs_reason else "note_"}
        try:
            score.clean_fields(exclude=["sheet", "criterion"])
            score.clean()
        except ValidationError as exc:
            for name, found in exc.update_error_dict({}).items():
                errors[f"{fields.get(name, figure)}{criterion.pk}"] = ValidationError(found)
    return errors


def save_changes(
    sheet: ScoreSheet,
    changes: list[tuple[Score, dict, dict]],
    *,
    side: Side,
    action: str,
    actor,
    request,
    reason_key: str | None = None,
) -> None:
    """Write the changed scores of a checked sheet in one UPDATE (`bulk_update`) and their
    audit records in one INSERT, with the sheet version the change produced.

    Call `check_changes` first: this only writes. The query count of a save is the same for 5
    criteria and for 40 (`tests/scoring/test_bulk_save.py`).
    """
    if not changes:
        return
    Score.objects.bulk_update(
        [score for score, _before, _after in changes],
        [side.points, side.occurrences, side.text],
    )
    ip = client_ip(request)
    log_actions(
        [
            audit_entry(
                actor=actor,
                action=action,
                obj=score,
                before=before,
                after={
                    **after,
                    "criterion": score.criterion.code,
                    "sheet_id": sheet.pk,
                    "sheet_version": sheet.version,
                },
                reason=after[reason_key] if reason_key else "",
                ip=ip,
                term_id=sheet.term_id,
                sheet_id=sheet.pk,
                criterion_id=score.criterion_id,
            )
            for score, before, after in changes
        ]
    )
