"""Queries on a score: the reviewer asks, the unit explains (giải trình), the reviewer resolves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from scoring import notifications
from scoring.models import Query, Score
from scoring.services.common import (
    REVIEWABLE,
    S,
    ensure_transition,
    locked_sheet,
    set_status,
    take_up,
)
from scoring.services.evidence import attach_evidence


@transaction.atomic
def raise_query(*, score: Score, question: str, actor, request=None) -> Query:
    """Ask the unit to explain a score; the sheet waits for its explanation."""
    sheet = locked_sheet(score.sheet)
    ensure_transition(sheet, REVIEWABLE)
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
        criterion_id=score.criterion_id,
    )
    if sheet.status != S.NEEDS_EXPLANATION:
        take_up(sheet, actor=actor, request=request)
        set_status(sheet, S.NEEDS_EXPLANATION, actor=actor, request=request)
    notifications.query_raised(query)
    return query


@transaction.atomic
def answer_query(*, query: Query, answer: str, actor, upload=None, request=None) -> Query:
    """The unit's explanation (giải trình), optionally with a file of evidence for the same
    criterion. The last query answered puts the sheet back in review."""
    query = Query.objects.select_related("score__criterion").get(pk=query.pk)
    sheet = locked_sheet(query.score.sheet)
    ensure_transition(sheet, (S.NEEDS_EXPLANATION,))
    if query.is_answered:
        raise ValidationError(_("This query is already answered."), code="already_answered")
    if not answer.strip():
        raise ValidationError(
            {"answer": ValidationError(_("Write the explanation."), code="answer_required")}
        )
    if upload is not None:
        attach_evidence(
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
        criterion_id=query.score.criterion_id,
    )
    if not Query.objects.filter(score__sheet=sheet, answered_at__isnull=True).exists():
        set_status(sheet, S.UNDER_REVIEW, actor=actor, request=request)
    notifications.query_answered(query)
    return query


@transaction.atomic
def resolve_query(*, query: Query, resolution: str, actor, request=None) -> Query:
    """The reviewer closes an answered query, saying what came of it."""
    query = Query.objects.select_related("score__criterion").get(pk=query.pk)
    sheet = locked_sheet(query.score.sheet)
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
        criterion_id=query.score.criterion_id,
    )
    return query
