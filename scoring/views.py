"""Score entry, review and progress pages. Thin: access helper → form → service → message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access as block_access
from emulation.uploads import protected_file_response
from scoring import access, forms, selectors, services
from scoring.models import ScoreSheet


def _sheet_url(sheet: ScoreSheet, name: str = "scoring:sheet") -> str:
    return reverse(name, args=[sheet.term.block_id, sheet.term.year, sheet.unit_id])


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _codes(exc: ValidationError) -> set[str]:
    return {e.code for e in exc.error_list} if not hasattr(exc, "error_dict") else set()


def _flash(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _roles(request, sheet: ScoreSheet) -> dict:
    user, term = request.user, sheet.term
    own = access.is_own_sheet(user, sheet)
    manage = block_access.can_manage_term(user, term)
    return {
        "own": own,
        "manage": manage,
        "can_edit": own
        and sheet.status in services.SELF_EDITABLE
        and services.window_is_open(term)
        and not term.is_published,
        "can_answer": own and sheet.status == ScoreSheet.Status.NEEDS_EXPLANATION,
        "can_review": manage and sheet.status in services.REVIEWABLE and not term.is_published,
        "can_reopen": manage
        and sheet.status in (ScoreSheet.Status.VERIFIED, ScoreSheet.Status.LOCKED)
        and not term.is_published,
        "window_open": services.window_is_open(term),
    }


def _conflict_form(form_class, request, rows, sheet, exc):
    """Re-show what the user typed, now based on the current version, with the changes made
    meanwhile listed above it: saving again is a deliberate decision, never a silent one."""
    data = request.POST.copy()
    loaded = data.get("version")
    data["version"] = str(ScoreSheet.objects.get(pk=sheet.pk).version)
    form = form_class(data, request.FILES, rows=rows)
    form.is_valid()
    conflicts = selectors.changes_since(sheet, int(loaded)) if str(loaded).isdigit() else []
    return form, conflicts


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    """The unit's self-scoring page; a read-only view of the sheet for the overseers."""
    score_sheet = access.get_sheet_for_reader(request, pk, year, unit)
    if request.method == "POST":
        score_sheet = access.get_sheet_for_unit(request, pk, year, unit)
    page = selectors.sheet_page(score_sheet)
    roles = _roles(request, score_sheet)
    conflicts = []
    form = forms.SelfScoreForm(
        request.POST or None,
        request.FILES or None,
        rows=page.rows,
        initial={"version": score_sheet.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_self_scores(
                sheet=score_sheet,
                entries=form.entries(),
                uploads=form.uploads(),
                version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            if "stale_version" in _codes(exc):
                form, conflicts = _conflict_form(
                    forms.SelfScoreForm, request, page.rows, score_sheet, exc
                )
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(_sheet_url(score_sheet))
    history = selectors.sheet_history(score_sheet)
    return render(
        request,
        "scoring/sheet.html",
        {
            "term": score_sheet.term,
            "sheet": score_sheet,
            "page": page,
            "form": form,
            "roles": roles,
            "history": history,
            "conflicts": conflicts,
            "answer_form": forms.AnswerForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_submit(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    """Confirmation step, then submission to the leader unit."""
    score_sheet = access.get_sheet_for_unit(request, pk, year, unit)
    page = selectors.sheet_page(score_sheet)
    form = forms.VersionForm(request.POST or None, initial={"version": score_sheet.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_sheet(
                sheet=score_sheet,
                version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The sheet is submitted to the leader unit."))
            return redirect(_sheet_url(score_sheet))
    return render(
        request,
        "scoring/sheet_submit.html",
        {"term": score_sheet.term, "sheet": score_sheet, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_review(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    """The leader unit's (or board's) review of one sheet: reviewed points with reasons."""
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    page = selectors.sheet_page(score_sheet)
    conflicts = []
    form = forms.ReviewForm(
        request.POST or None, rows=page.rows, initial={"version": score_sheet.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_scores(
                sheet=score_sheet,
                entries=form.entries(),
                version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            if "stale_version" in _codes(exc):
                form, conflicts = _conflict_form(
                    forms.ReviewForm, request, page.rows, score_sheet, exc
                )
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Review saved."))
            return redirect(_sheet_url(score_sheet, "scoring:sheet_review"))
    return render(
        request,
        "scoring/sheet_review.html",
        {
            "term": score_sheet.term,
            "sheet": score_sheet,
            "page": page,
            "form": form,
            "roles": _roles(request, score_sheet),
            "conflicts": conflicts,
            "history": selectors.sheet_history(score_sheet),
            "question_form": forms.QuestionForm(),
            "resolution_form": forms.ResolutionForm(),
            "reason_form": forms.ReasonForm(),
        },
    )


@login_required
@require_POST
def sheet_return(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the sheet is returned."), code="reason_required")
        services.return_sheet(
            sheet=score_sheet,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The sheet is returned to the unit."))
    return redirect(_sheet_url(score_sheet, "scoring:sheet_review"))


@login_required
@require_POST
def sheet_verify(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    try:
        services.verify_sheet(sheet=score_sheet, actor=request.user, request=request)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The sheet is verified."))
    return redirect(_sheet_url(score_sheet, "scoring:sheet_review"))


@login_required
@require_POST
def sheet_reopen(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the sheet is reopened."), code="reason_required")
        services.reopen_sheet(
            sheet=score_sheet,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The sheet is back under review."))
    return redirect(_sheet_url(score_sheet, "scoring:sheet_review"))


@login_required
@require_POST
def query_raise(
    request: HttpRequest, pk: int, year: int, unit: int, criterion: int
) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    score = access.get_score(score_sheet, criterion)
    form = forms.QuestionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the question."), code="question_required")
        services.raise_query(
            score=score, question=form.cleaned_data["question"], actor=request.user, request=request
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The query is sent to the unit."))
    return redirect(_sheet_url(score_sheet, "scoring:sheet_review"))


@login_required
@require_POST
def query_answer(request: HttpRequest, pk: int, year: int, unit: int, query: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_unit(request, pk, year, unit)
    item = access.get_query(score_sheet, query)
    form = forms.AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the explanation."), code="answer_required")
        services.answer_query(
            query=item,
            answer=form.cleaned_data["answer"],
            upload=request.FILES.get("evidence"),
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Your explanation is sent."))
    return redirect(_sheet_url(score_sheet))


@login_required
@require_POST
def query_resolve(request: HttpRequest, pk: int, year: int, unit: int, query: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    item = access.get_query(score_sheet, query)
    form = forms.ResolutionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the outcome."), code="resolution_required")
        services.resolve_query(
            query=item,
            resolution=form.cleaned_data["resolution"],
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The query is resolved."))
    return redirect(_sheet_url(score_sheet, "scoring:sheet_review"))


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
    try:
        services.remove_evidence(evidence=item, actor=request.user, request=request)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The file is removed."))
    return redirect(_sheet_url(score_sheet))


@login_required
@require_GET
def score_history(
    request: HttpRequest, pk: int, year: int, unit: int, criterion: int
) -> HttpResponse:
    score_sheet = access.get_sheet_for_reader(request, pk, year, unit)
    score = access.get_score(score_sheet, criterion)
    return render(
        request,
        "scoring/score_history.html",
        {
            "term": score_sheet.term,
            "sheet": score_sheet,
            "score": score,
            "history": selectors.score_history(score),
        },
    )


@login_required
@require_GET
def my_sheet(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The scoring tab: a unit goes to its own sheet, the overseers to the progress board."""
    term = block_access.get_term_for_member(request, pk, year)
    if access.can_oversee(request.user, term):
        return redirect("scoring:progress", pk, year)
    if not ScoreSheet.objects.filter(term=term, unit_id=request.user.unit_id).exists():
        return render(request, "scoring/no_sheet.html", {"term": term})
    return redirect("scoring:sheet", pk, year, request.user.unit_id)


@login_required
@require_GET
def progress(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_overseer(request, pk, year)
    progress = selectors.progress_board(term)
    # The leader unit scores itself too: its officers land here from the tab, so the page
    # offers their own sheet first.
    own_sheet = next((s for s in progress.sheets if s.unit_id == request.user.unit_id), None)
    return render(
        request,
        "scoring/progress.html",
        {
            "term": term,
            "progress": progress,
            "own_sheet": own_sheet,
            "can_manage": block_access.can_manage_term(request.user, term),
            "is_board": block_access.is_board_for(request.user, term.block),
        },
    )


@login_required
@require_GET
def review(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_overseer(request, pk, year)
    return render(
        request,
        "scoring/review_grid.html",
        {
            "term": term,
            "grid": selectors.review_grid(term),
            "can_manage": block_access.can_manage_term(request.user, term),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_scoring(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = block_access.get_term_for_manager(request, pk, year)
    form = forms.WindowForm(
        request.POST or None,
        initial={"opens_at": term.scoring_opens_at, "closes_at": term.scoring_closes_at},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.open_scoring(
                term=term,
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Scoring is open; every member unit has its sheet."))
            return redirect("scoring:progress", pk, year)
    return render(request, "scoring/open_scoring.html", {"term": term, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def extend_window(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = block_access.get_term_for_board(request, pk, year)
    form = forms.ExtendForm(request.POST or None, initial={"closes_at": term.scoring_closes_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_window(
                term=term,
                closes_at=form.cleaned_data["closes_at"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The scoring window is extended."))
            return redirect("scoring:progress", pk, year)
    return render(request, "scoring/extend_window.html", {"term": term, "form": form})


@login_required
@require_POST
def end_review(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = block_access.get_term_for_manager(request, pk, year)
    try:
        count = services.end_review(term=term, actor=request.user, request=request)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Review ended: %(count)d sheet(s) locked.") % {"count": count})
    return redirect("scoring:progress", pk, year)
