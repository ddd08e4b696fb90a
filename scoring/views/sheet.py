"""A unit's own sheet: the self-scoring page, submission, a score's history, the scoring tab."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from blocks import access as block_access
from emulation.forms import apply_service_error
from scoring import access, forms, selectors, services
from scoring.models import ScoreSheet
from scoring.views.common import save_rows, sheet_flags, sheet_history, sheet_url


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    """The unit's self-scoring page; a read-only view of the sheet for the overseers."""
    # Reading: the unit and the overseers; saving: the unit only (both 404 for outsiders).
    # The page does not name who submitted or verified the sheet.
    saving = request.method == "POST"
    if saving:
        score_sheet = access.get_sheet_for_unit(request, pk, year, unit, signers=False)
    else:
        score_sheet = access.get_sheet_for_reader(request, pk, year, unit, signers=False)
    conflicts = []
    if saving:
        # A save that succeeds redirects: its form needs the criteria only (its fields follow
        # them), so the scores, the evidence and the queries the page shows are read only when
        # the form is shown again (refused), on the criteria already read.
        criteria = selectors.sheet_criteria(score_sheet)
        form = forms.SelfScoreForm(
            request.POST or None,
            request.FILES or None,
            rows=selectors.criteria_rows(criteria),
            initial={"version": score_sheet.version},
        )
        if form.is_valid():
            form, conflicts, saved = save_rows(
                request,
                form,
                sheet=score_sheet,
                rows=form.rows,
                run=lambda: services.save_self_scores(
                    sheet=score_sheet,
                    entries=form.entries(),
                    uploads=form.uploads(),
                    version=form.cleaned_data["version"],
                    actor=request.user,
                    request=request,
                    criteria=[row.criterion for row in form.leaf_rows],
                ),
            )
            if saved:
                # "Save and submit…" saves what is in the form first, then asks to confirm the
                # submission: older values are never submitted (issue #10).
                if request.POST.get("save_and_submit"):
                    messages.success(request, _("Draft saved. Check the totals and confirm."))
                    return redirect(sheet_url(score_sheet, "scoring:sheet_submit"))
                messages.success(request, _("Draft saved."))
                return redirect(sheet_url(score_sheet))
        page = selectors.sheet_page(score_sheet, evidence=False, queries=False, criteria=criteria)
        if form.is_bound:
            form.show_rows(page.rows)
        else:  # an empty POST: the form as the page shows it, with the scores as they are
            form = forms.SelfScoreForm(rows=page.rows, initial={"version": score_sheet.version})
    else:
        # The queries only show on the read-only sheet: loaded below when it is.
        page = selectors.sheet_page(score_sheet, queries=False)
        form = forms.SelfScoreForm(rows=page.rows, initial={"version": score_sheet.version})
    roles = sheet_flags(request, score_sheet)
    if saving:
        selectors.add_evidence(page)
    if not roles["can_edit"]:
        selectors.add_queries(page)
    context = {
        "term": score_sheet.term,
        "sheet": score_sheet,
        "page": page,
        "form": form,
        "roles": roles,
        "history": sheet_history(request, score_sheet),
        "conflicts": conflicts,
    }
    return render(request, "scoring/sheet.html", context)


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
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The sheet is submitted to the leader unit."))
            return redirect(sheet_url(score_sheet))
    return render(
        request,
        "scoring/sheet_submit.html",
        {"term": score_sheet.term, "sheet": score_sheet, "page": page, "form": form},
    )


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
    if block_access.roles_in(request.user, term).oversee:
        return redirect("scoring:progress", pk, year)
    if not ScoreSheet.objects.filter(term=term, unit_id=request.user.unit_id).exists():
        return render(request, "scoring/no_sheet.html", {"term": term})
    return redirect("scoring:sheet", pk, year, request.user.unit_id)
