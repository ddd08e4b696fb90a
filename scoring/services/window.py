"""The scoring window of a block-year: opening it, extending it, ending the review."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term
from blocks.selectors import scored_unit_ids
from blocks.services import ensure_term_writable
from blocks.states import transition
from campaigns.selectors import current_scale
from campaigns.services import lock_scale
from scoring.models import Score, ScoreSheet
from scoring.services.common import S, iso, leaf_criteria, set_status


def closes_early(term: Term, closes_at: datetime.datetime) -> bool:
    """Units are scoring and the new closing comes before the current one: a decision that
    cuts their time, so it needs a reason (and the page asks for confirmation)."""
    started = term.scoring_opens_at is not None and term.scoring_opens_at <= timezone.now()
    return bool(started and term.scoring_closes_at and closes_at < term.scoring_closes_at)


def _check_window(
    term: Term, opens_at: datetime.datetime, closes_at: datetime.datetime, reason: str = ""
) -> None:
    """Refuse a window the year cannot take: wrong status, closing first, a disguised
    extension (a later closing once units are scoring is `extend_window`'s, board staff only),
    or an early closing without a reason."""
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
    if closes_early(term, closes_at) and not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why scoring closes earlier than announced."), code="reason_required"
                )
            }
        )


def _create_sheets(term: Term, scale) -> int:
    """A sheet, with a blank score per leaf criterion, for each scored member unit without
    one: members whose membership reaches the year's cut-off (`blocks.selectors`)."""
    existing = set(ScoreSheet.objects.filter(term=term).values_list("unit_id", flat=True))
    unit_ids = scored_unit_ids(term).exclude(unit_id__in=existing)
    created = ScoreSheet.objects.bulk_create(
        [ScoreSheet(term=term, unit_id=unit_id, scale=scale) for unit_id in unit_ids]
    )
    leaves = leaf_criteria(scale)
    Score.objects.bulk_create([Score(sheet=s, criterion=c) for s in created for c in leaves])
    return len(created)


@transaction.atomic
def open_scoring(
    *,
    term: Term,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    actor,
    request=None,
    reason: str = "",
) -> Term:
    """Open the scoring window (or change it): lock the scale and give every member unit a
    sheet. Closing earlier once units are scoring needs `reason`, recorded with the change."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    ensure_term_writable(term)
    _check_window(term, opens_at, closes_at, reason)
    scale = current_scale(term)
    if scale is None:
        raise ValidationError(_("This year has no scoring scale yet."), code="no_scale")
    scale = lock_scale(scale=scale, actor=actor, request=request)
    created = _create_sheets(term, scale)
    transition(
        term,
        Term.Status.SCORING,
        actor=actor,
        request=request,
        action="scoring.window.opened",
        log_before={
            "opens_at": iso(term.scoring_opens_at),
            "closes_at": iso(term.scoring_closes_at),
        },
        log_after={
            "opens_at": iso(opens_at),
            "closes_at": iso(closes_at),
            "scale_version": scale.version,
            "sheets_created": created,
        },
        reason=reason.strip(),
        scoring_opens_at=opens_at,
        scoring_closes_at=closes_at,
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
    before = iso(term.scoring_closes_at)
    term.scoring_closes_at = closes_at
    term.full_clean()
    term.save(update_fields=["scoring_closes_at"])
    log_action(
        actor=actor,
        action="scoring.window.extended",
        obj=term,
        before={"closes_at": before},
        after={"closes_at": iso(closes_at)},
        reason=reason.strip(),
        request=request,
        term_id=term.pk,
    )
    return term


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
            set_status(sheet, S.LOCKED, actor=actor, request=request)
            locked += 1
    if term.status == Term.Status.SCORING:
        transition(
            term,
            Term.Status.REVIEW,
            actor=actor,
            request=request,
            action="scoring.review.ended",
            log_after={"sheets_locked": locked},
        )
        return locked
    log_action(
        actor=actor,
        action="scoring.review.ended",
        obj=term,
        before={"status": term.status},
        after={"status": term.status, "sheets_locked": locked},
        request=request,
        term_id=term.pk,
    )
    return locked
