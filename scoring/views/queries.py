"""Queries on a score (raise, answer, resolve) and evidence files (download, remove)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from emulation.uploads import protected_file_response
from scoring import access, forms, services
from scoring.views.common import button_action, sheet_url


@login_required
@require_POST
def query_raise(
    request: HttpRequest, pk: int, year: int, unit: int, criterion: int
) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    score = access.get_score(score_sheet, criterion)
    return button_action(
        request,
        form=forms.QuestionForm(request.POST),
        invalid=ValidationError(_("Write the question."), code="question_required"),
        run=lambda data: services.raise_query(
            score=score, question=data["question"], actor=request.user, request=request
        ),
        success=_("The query is sent to the unit."),
        then=sheet_url(score_sheet, "scoring:sheet_review"),
    )


@login_required
@require_POST
def query_answer(request: HttpRequest, pk: int, year: int, unit: int, query: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_unit(request, pk, year, unit)
    item = access.get_query(score_sheet, query)
    return button_action(
        request,
        form=forms.AnswerForm(request.POST),
        invalid=ValidationError(_("Write the explanation."), code="answer_required"),
        run=lambda data: services.answer_query(
            query=item,
            answer=data["answer"],
            upload=request.FILES.get("evidence"),
            actor=request.user,
            request=request,
        ),
        success=_("Your explanation is sent."),
        then=sheet_url(score_sheet),
    )


@login_required
@require_POST
def query_resolve(request: HttpRequest, pk: int, year: int, unit: int, query: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    item = access.get_query(score_sheet, query)
    return button_action(
        request,
        form=forms.ResolutionForm(request.POST),
        invalid=ValidationError(_("Write the outcome."), code="resolution_required"),
        run=lambda data: services.resolve_query(
            query=item, resolution=data["resolution"], actor=request.user, request=request
        ),
        success=_("The query is resolved."),
        then=sheet_url(score_sheet, "scoring:sheet_review"),
    )


@login_required
@require_GET
def evidence_download(
    request: HttpRequest, pk: int, year: int, unit: int, evidence: int
) -> HttpResponse:
    score_sheet = access.get_sheet_for_reader(request, pk, year, unit)
    item = access.get_evidence(score_sheet, evidence)
    return protected_file_response(item.file, download_name=item.original_name)


@login_required
@require_POST
def evidence_remove(
    request: HttpRequest, pk: int, year: int, unit: int, evidence: int
) -> HttpResponse:
    score_sheet = access.get_sheet_for_unit(request, pk, year, unit)
    item = access.get_evidence(score_sheet, evidence)
    return button_action(
        request,
        run=lambda _data: services.remove_evidence(
            evidence=item, actor=request.user, request=request
        ),
        success=_("The file is removed."),
        then=sheet_url(score_sheet),
    )
