"""Writes on score sheets: the window, self-scoring, evidence, review, queries, reminders.

Every service is keyword-only and atomic, refuses with a `ValidationError` carrying a `code`,
calls `ensure_term_writable` before touching a block-year, and records each change with
`log_action` in the same transaction. Permissions (who may call what) are checked by the views
through `scoring.access`; the services enforce the rules of the data: the window, the sheet's
state machine, the maximum points, the version a save was loaded at.

Sheet states: not started → draft → submitted → under review ⇄ needs explanation → verified →
locked. A return sends a submitted or reviewed sheet back to draft; before publication a
reopen takes a verified or locked sheet back under review.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from blocks.models import Membership, Term
from blocks.services import ensure_term_writable
from blocks.templatetags.thidua import points as show_points
from campaigns.models import Criterion, Scale
from campaigns.selectors import current_scale
from campaigns.services import lock_scale
from emulation.uploads import validate_upload
from scoring.models import Evidence, Query, ReminderLog, Score, ScoreSheet

S = ScoreSheet.Status
SELF_EDITABLE = (S.NOT_STARTED, S.DRAFT)
REVIEWABLE = (S.SUBMITTED, S.UNDER_REVIEW, S.NEEDS_EXPLANATION)
EVIDENCE_EDITABLE = (S.NOT_STARTED, S.DRAFT, S.NEEDS_EXPLANATION)
NOT_SUBMITTED = (S.NOT_STARTED, S.DRAFT)


@dataclass
class SelfEntry:
    """What a unit typed for one criterion: points (scored) or a count (bonus/deduction)."""

    points: Decimal | None = None
    occurrences: int | None = None
    note: str = ""


@dataclass
class ReviewEntry:
    points: Decimal | None = None
    occurrences: int | None = None
    reason: str = ""


def _dec(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def _iso(moment: datetime.datetime | None) -> str | None:
    """A date-time for the audit record, in the province's time zone."""
    return timezone.localtime(moment).isoformat() if moment else None


def window_is_open(term: Term, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        term.scoring_opens_at
        and term.scoring_closes_at
        and term.scoring_opens_at <= now < term.scoring_closes_at
    )


def _ensure_window_open(term: Term) -> None:
    if not window_is_open(term):
        raise ValidationError(
            _("The scoring window is closed: the sheet can only be read."), code="window_closed"
        )


def _locked_sheet(sheet: ScoreSheet) -> ScoreSheet:
    """The sheet row, locked for this transaction, with its term (fresh from the database)."""
    return (
        ScoreSheet.objects.select_for_update()
        .select_related("term", "unit", "scale")
        .get(pk=sheet.pk)
    )


def _check_version(sheet: ScoreSheet, version: int | None) -> None:
    if version is not None and int(version) != sheet.version:
        raise ValidationError(
            _(
                "Someone changed this sheet after you opened it (version %(loaded)s, now "
                "%(current)s). Nothing was saved: check their changes and enter yours again."
            ),
            code="stale_version",
            params={"loaded": version, "current": sheet.version},
        )


def _set_status(sheet: ScoreSheet, status: str, *, actor, request, reason: str = "") -> None:
    """Move the sheet to `status`, bump its version and log the transition."""
    before = sheet.status
    sheet.status = status
    sheet.version += 1
    sheet.full_clean()
    sheet.save()
    log_action(
        actor=actor,
        action="scoring.sheet.status_changed",
        obj=sheet,
        before={"status": before},
        after={"status": status, "sheet_id": sheet.pk, "sheet_version": sheet.version},
        reason=reason,
        request=request,
        term_id=sheet.term_id,
    )


def _ensure_transition(sheet: ScoreSheet, allowed: tuple[str, ...]) -> None:
    if sheet.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the sheet is %(status)s."),
            code="bad_transition",
            params={"status": sheet.get_status_display().lower()},
        )


def _take_up(sheet: ScoreSheet, *, actor, request) -> None:
    """A submitted sheet goes under review before anything else happens to it, so the recorded
    path is always the domain's: submitted → under review → (needs explanation | verified)."""
    if sheet.status == S.SUBMITTED:
        _set_status(sheet, S.UNDER_REVIEW, actor=actor, request=request)


def _leaf_criteria(scale: Scale) -> list[Criterion]:
    return list(scale.criteria.exclude(kind=Criterion.Kind.GROUP).order_by("order", "code"))


def ensure_scores(sheet: ScoreSheet) -> dict[int, Score]:
    """Every leaf criterion of the sheet's scale has its Score row; returns them by criterion."""
    scores = {s.criterion_id: s for s in sheet.scores.select_related("criterion")}
    missing = [c for c in _leaf_criteria(sheet.scale) if c.pk not in scores]
    if missing:
        Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in missing])
        scores = {s.criterion_id: s for s in sheet.scores.select_related("criterion")}
    return scores


def points_for(
    criterion: Criterion, points: Decimal | None, occurrences: int | None, field: str
) -> tuple[Decimal | None, int | None, ValidationError | None]:
    """The points an entry is worth, or the error to show on `field`.

    A counted bonus/deduction item (points per occurrence) takes a count; its points follow,
    capped at the item's maximum. Anything else takes points between 0 and its maximum.
    """
    if criterion.points_per_occurrence and criterion.kind != Criterion.Kind.SCORED:
        if occurrences is None:
            return None, None, None
        if occurrences < 0:
            return None, None, ValidationError(_("Enter a count of 0 or more."), code="negative")
        value = min(criterion.points_per_occurrence * occurrences, criterion.max_points)
        return value, occurrences, None
    if points is None:
        return None, None, None
    if points < 0:
        return None, None, ValidationError(_("Points cannot be negative."), code="negative")
    if points > criterion.max_points:
        return (
            None,
            None,
            ValidationError(
                _("At most %(max)s points for this criterion."),
                code="above_max",
                params={"max": show_points(criterion.max_points)},
            ),
        )
    if points != points.quantize(Decimal("0.01")):
        return None, None, ValidationError(_("Use at most two decimals."), code="decimals")
    return points, None, None


@transaction.atomic
def open_scoring(
    *,
    term: Term,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    actor,
    request=None,
) -> Term:
    """Open the scoring window: lock the scale and give every member unit a sheet."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    ensure_term_writable(term)
    if term.status not in (Term.Status.SETUP, Term.Status.SCORING):
        raise ValidationError(
            _("Scoring can only be opened while the year is being set up or scored."),
            code="term_status",
        )
    if closes_at <= opens_at:
        raise ValidationError(
            {
                "closes_at": ValidationError(
                    _("Closing must come after opening."), code="window_order"
                )
            }
        )
    started = term.scoring_opens_at is not None and term.scoring_opens_at <= timezone.now()
    if started and term.scoring_closes_at and closes_at > term.scoring_closes_at:
        # Once units are scoring, a later closing is an extension: board staff only, with a
        # reason (`extend_window`). Opening again must not be a way around that.
        raise ValidationError(
            {
                "closes_at": ValidationError(
                    _(
                        "Scoring has already opened: only board staff can move the closing "
                        "later, with a reason (Extend)."
                    ),
                    code="extension_needs_board",
                )
            }
        )
    scale = current_scale(term)
    if scale is None:
        raise ValidationError(_("This year has no scoring scale yet."), code="no_scale")
    scale = lock_scale(scale=scale, actor=actor, request=request)
    before = {
        "status": term.status,
        "opens_at": _iso(term.scoring_opens_at),
        "closes_at": _iso(term.scoring_closes_at),
    }
    term.scoring_opens_at, term.scoring_closes_at = opens_at, closes_at
    term.status = Term.Status.SCORING
    term.full_clean()
    term.save()
    existing = set(ScoreSheet.objects.filter(term=term).values_list("unit_id", flat=True))
    unit_ids = (
        Membership.objects.during_year(term.year)
        .filter(block_id=term.block_id)
        .exclude(unit_id__in=existing)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    created = ScoreSheet.objects.bulk_create(
        [ScoreSheet(term=term, unit_id=unit_id, scale=scale) for unit_id in unit_ids]
    )
    leaves = _leaf_criteria(scale)
    Score.objects.bulk_create([Score(sheet=s, criterion=c) for s in created for c in leaves])
    log_action(
        actor=actor,
        action="scoring.window.opened",
        obj=term,
        before=before,
        after={
            "status": term.status,
            "opens_at": _iso(opens_at),
            "closes_at": _iso(closes_at),
            "scale_version": scale.version,
            "sheets_created": len(created),
        },
        request=request,
        term_id=term.pk,
    )
    return term


@transaction.atomic
def extend_window(
    *, term: Term, closes_at: datetime.datetime, reason: str, actor, request=None
) -> Term:
    """Board staff move the closing date later, with a reason."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    ensure_term_writable(term)
    if not term.scoring_closes_at:
        raise ValidationError(_("Scoring has not been opened yet."), code="window_not_set")
    if not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give a reason for the extension."), code="reason_required"
                )
            }
        )
    if closes_at <= term.scoring_closes_at:
        raise ValidationError(
            {
                "closes_at": ValidationError(
                    _("The new closing must be later than the current one."), code="not_later"
                )
            }
        )
    before = _iso(term.scoring_closes_at)
    term.scoring_closes_at = closes_at
    term.full_clean()
    term.save(update_fields=["scoring_closes_at"])
    log_action(
        actor=actor,
        action="scoring.window.extended",
        obj=term,
        before={"closes_at": before},
        after={"closes_at": _iso(closes_at)},
        reason=reason.strip(),
        request=request,
        term_id=term.pk,
    )
    return term


def _add_evidence(*, sheet, score, upload, description, actor, request) -> Evidence:
    mime = validate_upload(upload)
    evidence = Evidence(
        score=score,
        file=upload,
        original_name=(upload.name or "file")[:255],
        description=description[:255],
        mime=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.full_clean(exclude=["file"])
    evidence.save()
    log_action(
        actor=actor,
        action="scoring.evidence.added",
        obj=evidence,
        after={
            "sheet_id": sheet.pk,
            "score_id": score.pk,
            "criterion": score.criterion.code,
            "name": evidence.original_name,
            "mime": mime,
            "size": evidence.size,
        },
        request=request,
        term_id=sheet.term_id,
    )
    return evidence


def _save_changes(
    sheet: ScoreSheet,
    changes: list[tuple[Score, dict, dict]],
    *,
    action: str,
    actor,
    request,
    reason_key: str | None = None,
) -> None:
    """Save each changed score and record it, with the sheet version the change produced."""
    for score, before, after in changes:
        score.full_clean()
        score.save()
        log_action(
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
            request=request,
            term_id=sheet.term_id,
        )


@transaction.atomic
def save_self_scores(
    *,
    sheet: ScoreSheet,
    entries: dict[int, SelfEntry],
    version: int | None,
    actor,
    uploads: dict[int, list] | None = None,
    request=None,
) -> ScoreSheet:
    """Save a unit's own points (a draft), with any new evidence files, in one go.

    Field errors are keyed like the form's fields (`points_<criterion id>`, `occ_<id>`,
    `evidence_<id>`); one bad field saves nothing.
    """
    sheet = _locked_sheet(sheet)
    ensure_term_writable(sheet.term)
    _ensure_window_open(sheet.term)
    _ensure_transition(sheet, SELF_EDITABLE)
    _check_version(sheet, version)
    scores = ensure_scores(sheet)
    errors: dict[str, ValidationError] = {}
    changes: list[tuple[Score, dict, dict]] = []
    for criterion_id, entry in entries.items():
        score = scores.get(criterion_id)
        if score is None:
            continue
        criterion = score.criterion
        counted = bool(criterion.points_per_occurrence and criterion.kind != Criterion.Kind.SCORED)
        field = f"occ_{criterion_id}" if counted else f"points_{criterion_id}"
        value, occurrences, error = points_for(criterion, entry.points, entry.occurrences, field)
        if error is not None:
            errors[field] = error
            continue
        note = (entry.note or "").strip()
        before = {
            "self_points": _dec(score.self_points),
            "self_occurrences": score.self_occurrences,
            "self_note": score.self_note,
        }
        after = {"self_points": _dec(value), "self_occurrences": occurrences, "self_note": note}
        if before != after:
            score.self_points, score.self_occurrences, score.self_note = value, occurrences, note
            changes.append((score, before, after))
    for criterion_id, files in (uploads or {}).items():
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                errors[f"evidence_{criterion_id}"] = exc
    if errors:
        raise ValidationError(errors)
    if sheet.status == S.NOT_STARTED:
        _set_status(sheet, S.DRAFT, actor=actor, request=request)
    elif changes:
        sheet.version += 1
        sheet.save(update_fields=["version", "updated_at"])
    _save_changes(sheet, changes, action="scoring.score.self_scored", actor=actor, request=request)
    for criterion_id, files in (uploads or {}).items():
        score = scores.get(criterion_id)
        for upload in files if score else []:
            _add_evidence(
                sheet=sheet,
                score=score,
                upload=upload,
                description="",
                actor=actor,
                request=request,
            )
    return sheet


def missing_evidence(sheet: ScoreSheet) -> list[Criterion]:
    """Criteria that require evidence and have none on this sheet.

    A bonus or deduction item needs its evidence only when the unit claims it (points above
    zero): a unit without a higher award has nothing to prove for the award bonus.
    """
    unclaimed = Score.objects.filter(
        sheet=sheet,
        criterion__kind__in=(Criterion.Kind.BONUS, Criterion.Kind.DEDUCTION),
    ).filter(Q(self_points__isnull=True) | Q(self_points=0))
    return list(
        Criterion.objects.filter(scale_id=sheet.scale_id, evidence_required=True)
        .exclude(kind=Criterion.Kind.GROUP)
        .exclude(pk__in=unclaimed.values("criterion_id"))
        .exclude(
            pk__in=Evidence.objects.filter(score__sheet=sheet, removed_at__isnull=True).values(
                "score__criterion_id"
            )
        )
        .order_by("order", "code")
    )


@transaction.atomic
def submit_sheet(*, sheet: ScoreSheet, version: int | None, actor, request=None) -> ScoreSheet:
    """Hand the sheet to the leader unit: every criterion scored, required evidence attached."""
    sheet = _locked_sheet(sheet)
    ensure_term_writable(sheet.term)
    _ensure_window_open(sheet.term)
    _ensure_transition(sheet, (S.DRAFT,))
    _check_version(sheet, version)
    unscored = list(
        sheet.scores.filter(criterion__kind=Criterion.Kind.SCORED, self_points__isnull=True)
        .select_related("criterion")
        .order_by("criterion__order")
    )
    if unscored:
        raise ValidationError(
            _("Enter points for every criterion first: %(codes)s."),
            code="scores_missing",
            params={"codes": ", ".join(s.criterion.code for s in unscored)},
        )
    missing = missing_evidence(sheet)
    if missing:
        raise ValidationError(
            _("Evidence is required for: %(codes)s."),
            code="evidence_missing",
            params={"codes": ", ".join(f"{c.code}. {c.title}" for c in missing)},
        )
    sheet.submitted_by = actor
    sheet.submitted_at = timezone.now()
    _set_status(sheet, S.SUBMITTED, actor=actor, request=request)
    return sheet


@transaction.atomic
def remove_evidence(*, evidence: Evidence, actor, request=None) -> Evidence:
    """Withdraw a file from a sheet still being written. The row and its record stay."""
    evidence = Evidence.objects.select_related("score__criterion").get(pk=evidence.pk)
    sheet = _locked_sheet(evidence.score.sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, EVIDENCE_EDITABLE)
    if sheet.status != S.NEEDS_EXPLANATION:
        _ensure_window_open(sheet.term)
    if evidence.removed_at is not None:
        raise ValidationError(_("This file was already removed."), code="already_removed")
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_at"])
    log_action(
        actor=actor,
        action="scoring.evidence.removed",
        obj=evidence,
        before={"name": evidence.original_name},
        after={"sheet_id": sheet.pk, "criterion": evidence.score.criterion.code, "removed": True},
        request=request,
        term_id=sheet.term_id,
    )
    return evidence


@transaction.atomic
def add_evidence(*, score: Score, upload, description: str = "", actor, request=None) -> Evidence:
    """Attach one file to a score (while drafting inside the window, or to back an explanation)."""
    sheet = _locked_sheet(score.sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, EVIDENCE_EDITABLE)
    if sheet.status != S.NEEDS_EXPLANATION:
        _ensure_window_open(sheet.term)
    score = Score.objects.select_related("criterion").get(pk=score.pk)
    return _add_evidence(
        sheet=sheet,
        score=score,
        upload=upload,
        description=description,
        actor=actor,
        request=request,
    )


@transaction.atomic
def review_scores(
    *,
    sheet: ScoreSheet,
    entries: dict[int, ReviewEntry],
    version: int | None,
    actor,
    request=None,
) -> ScoreSheet:
    """Record the leader unit's figures. A figure that differs from the unit's needs a reason."""
    sheet = _locked_sheet(sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, REVIEWABLE)
    _check_version(sheet, version)
    scores = ensure_scores(sheet)
    errors: dict[str, ValidationError] = {}
    changes: list[tuple[Score, dict, dict]] = []
    for criterion_id, entry in entries.items():
        score = scores.get(criterion_id)
        if score is None:
            continue
        criterion = score.criterion
        counted = bool(criterion.points_per_occurrence and criterion.kind != Criterion.Kind.SCORED)
        field = f"rocc_{criterion_id}" if counted else f"rpoints_{criterion_id}"
        value, occurrences, error = points_for(criterion, entry.points, entry.occurrences, field)
        if error is not None:
            errors[field] = error
            continue
        reason = (entry.reason or "").strip()
        differs = value is not None and value != (score.self_points or Decimal(0))
        if differs and not reason:
            errors[f"reason_{criterion_id}"] = ValidationError(
                _("Give a reason: the reviewed points differ from the unit's."),
                code="reason_required",
            )
            continue
        before = {
            "reviewed_points": _dec(score.reviewed_points),
            "reviewed_occurrences": score.reviewed_occurrences,
            "review_reason": score.review_reason,
        }
        after = {
            "reviewed_points": _dec(value),
            "reviewed_occurrences": occurrences,
            "review_reason": reason,
        }
        if before != after:
            score.reviewed_points, score.reviewed_occurrences = value, occurrences
            score.review_reason = reason
            changes.append((score, before, after))
    if errors:
        raise ValidationError(errors)
    if sheet.status == S.SUBMITTED:
        _take_up(sheet, actor=actor, request=request)
    elif changes:
        sheet.version += 1
        sheet.save(update_fields=["version", "updated_at"])
    _save_changes(
        sheet,
        changes,
        action="scoring.score.reviewed",
        actor=actor,
        request=request,
        reason_key="review_reason",
    )
    return sheet


@transaction.atomic
def return_sheet(*, sheet: ScoreSheet, reason: str, actor, request=None) -> ScoreSheet:
    """Send a sheet back to the unit as a draft, with the reason it must fix."""
    sheet = _locked_sheet(sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, REVIEWABLE)
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the sheet is returned."), code="reason_required")}
        )
    _set_status(sheet, S.DRAFT, actor=actor, request=request, reason=reason.strip())
    return sheet


@transaction.atomic
def verify_sheet(*, sheet: ScoreSheet, actor, request=None) -> ScoreSheet:
    """Accept the reviewed sheet: it now counts for the ranking and the unit can no longer edit."""
    sheet = _locked_sheet(sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, (S.SUBMITTED, S.UNDER_REVIEW))
    if Query.objects.filter(score__sheet=sheet, resolved_at__isnull=True).exists():
        raise ValidationError(
            _("Resolve every query on this sheet before verifying it."), code="queries_open"
        )
    _take_up(sheet, actor=actor, request=request)
    sheet.verified_by = actor
    sheet.verified_at = timezone.now()
    _set_status(sheet, S.VERIFIED, actor=actor, request=request)
    return sheet


@transaction.atomic
def reopen_sheet(*, sheet: ScoreSheet, reason: str, actor, request=None) -> ScoreSheet:
    """Take a verified (or locked) sheet back under review, saying why.

    Before publication the block may still correct a figure: typically an objection to the
    provisional results that the leader upholds. The sheet goes back to *under review*; the
    reviewer changes the figure (with its own reason), verifies the sheet again and shares the
    results again. A published year stays closed (`term_published`): corrections there are a
    new published version.
    """
    sheet = _locked_sheet(sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, (S.VERIFIED, S.LOCKED))
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the sheet is reopened."), code="reason_required")}
        )
    sheet.verified_by = None
    sheet.verified_at = None
    _set_status(sheet, S.UNDER_REVIEW, actor=actor, request=request, reason=reason.strip())
    return sheet


@transaction.atomic
def end_review(*, term: Term, actor, request=None) -> int:
    """Lock every sheet of the year once all are verified; the year moves to review."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    ensure_term_writable(term)
    sheets = list(ScoreSheet.objects.select_for_update().filter(term=term))
    if not sheets:
        raise ValidationError(_("There are no score sheets."), code="no_sheets")
    pending = [s for s in sheets if s.status not in (S.VERIFIED, S.LOCKED)]
    if pending:
        raise ValidationError(
            _("%(count)d sheet(s) are not verified yet."),
            code="sheets_not_verified",
            params={"count": len(pending)},
        )
    locked = 0
    for sheet in sheets:
        if sheet.status != S.LOCKED:
            _set_status(sheet, S.LOCKED, actor=actor, request=request)
            locked += 1
    before = term.status
    if term.status == Term.Status.SCORING:
        term.status = Term.Status.REVIEW
        term.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="scoring.review.ended",
        obj=term,
        before={"status": before},
        after={"status": term.status, "sheets_locked": locked},
        request=request,
        term_id=term.pk,
    )
    return locked


@transaction.atomic
def raise_query(*, score: Score, question: str, actor, request=None) -> Query:
    """Ask the unit to explain a score; the sheet waits for its explanation."""
    sheet = _locked_sheet(score.sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, REVIEWABLE)
    if not question.strip():
        raise ValidationError(
            {"question": ValidationError(_("Write the question."), code="question_required")}
        )
    score = Score.objects.select_related("criterion").get(pk=score.pk)
    query = Query(score=score, question=question.strip(), raised_by=actor)
    query.full_clean()
    query.save()
    log_action(
        actor=actor,
        action="scoring.query.raised",
        obj=query,
        after={"sheet_id": sheet.pk, "criterion": score.criterion.code, "question": query.question},
        request=request,
        term_id=sheet.term_id,
    )
    if sheet.status != S.NEEDS_EXPLANATION:
        _take_up(sheet, actor=actor, request=request)
        _set_status(sheet, S.NEEDS_EXPLANATION, actor=actor, request=request)
    return query


@transaction.atomic
def answer_query(*, query: Query, answer: str, actor, upload=None, request=None) -> Query:
    """The unit's explanation (giải trình), optionally with a file of evidence for the same
    criterion. The last query answered puts the sheet back in review."""
    query = Query.objects.select_related("score__criterion").get(pk=query.pk)
    sheet = _locked_sheet(query.score.sheet)
    ensure_term_writable(sheet.term)
    _ensure_transition(sheet, (S.NEEDS_EXPLANATION,))
    if query.is_answered:
        raise ValidationError(_("This query is already answered."), code="already_answered")
    if not answer.strip():
        raise ValidationError(
            {"answer": ValidationError(_("Write the explanation."), code="answer_required")}
        )
    if upload is not None:
        _add_evidence(
            sheet=sheet,
            score=query.score,
            upload=upload,
            description="",
            actor=actor,
            request=request,
        )
    query.answer = answer.strip()
    query.answered_by = actor
    query.answered_at = timezone.now()
    query.full_clean()
    query.save()
    log_action(
        actor=actor,
        action="scoring.query.answered",
        obj=query,
        after={
            "sheet_id": sheet.pk,
            "criterion": query.score.criterion.code,
            "answer": query.answer,
        },
        request=request,
        term_id=sheet.term_id,
    )
    if not Query.objects.filter(score__sheet=sheet, answered_at__isnull=True).exists():
        _set_status(sheet, S.UNDER_REVIEW, actor=actor, request=request)
    return query


@transaction.atomic
def resolve_query(*, query: Query, resolution: str, actor, request=None) -> Query:
    """The reviewer closes an answered query, saying what came of it."""
    query = Query.objects.select_related("score__criterion").get(pk=query.pk)
    sheet = _locked_sheet(query.score.sheet)
    ensure_term_writable(sheet.term)
    if not query.is_answered:
        raise ValidationError(_("The unit has not answered yet."), code="query_not_answered")
    if query.is_resolved:
        raise ValidationError(_("This query is already resolved."), code="already_resolved")
    if not resolution.strip():
        raise ValidationError(
            {"resolution": ValidationError(_("Write the outcome."), code="resolution_required")}
        )
    query.resolution = resolution.strip()
    query.resolved_by = actor
    query.resolved_at = timezone.now()
    query.full_clean()
    query.save()
    log_action(
        actor=actor,
        action="scoring.query.resolved",
        obj=query,
        after={
            "sheet_id": sheet.pk,
            "criterion": query.score.criterion.code,
            "resolution": query.resolution,
        },
        request=request,
        term_id=sheet.term_id,
    )
    return query


@transaction.atomic
def send_reminders(*, days: int, now: datetime.datetime | None = None) -> list[ScoreSheet]:
    """E-mail the officers of units whose sheets are not submitted `days` days before closing.

    At most one reminder per sheet per (local) day, whatever the number of runs.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    terms = Term.objects.filter(
        status=Term.Status.SCORING,
        scoring_closes_at__gt=now,
        scoring_closes_at__lte=now + datetime.timedelta(days=days),
    )
    sent: list[ScoreSheet] = []
    sheets = (
        ScoreSheet.objects.filter(term__in=terms, status__in=NOT_SUBMITTED)
        .exclude(pk__in=ReminderLog.objects.filter(sent_on=today).values("sheet_id"))
        .select_related("term__block", "unit")
        .order_by("pk")
    )
    for sheet in sheets:
        ensure_term_writable(sheet.term)
        recipients = list(
            User.objects.filter(unit=sheet.unit, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        closes = timezone.localtime(sheet.term.scoring_closes_at)
        subject = _("Reminder: score sheet %(year)s of %(block)s not submitted") % {
            "year": sheet.term.year,
            "block": sheet.term.block.name,
        }
        body = _(
            "The score sheet of %(unit)s for %(block)s, %(year)s, is not submitted yet. "
            "Scoring closes at %(closes)s. Please complete and submit it before then."
        ) % {
            "unit": sheet.unit.name,
            "block": sheet.term.block.name,
            "year": sheet.term.year,
            "closes": closes.strftime("%H:%M %d/%m/%Y"),
        }
        send_mail(subject, body, None, recipients)
        log = ReminderLog(sheet=sheet, sent_on=today, recipients=", ".join(recipients))
        log.full_clean()
        log.save()
        log_action(
            actor=None,
            action="scoring.reminder.sent",
            obj=sheet,
            after={"sheet_id": sheet.pk, "recipients": recipients, "sent_on": today.isoformat()},
            term_id=sheet.term_id,
        )
        sent.append(sheet)
    return sent
