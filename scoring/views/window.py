"""The year's scoring window and its progress: the board, opening, extending, ending review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access as block_access
from emulation.confirm import Confirmation, confirmation_page, is_confirmed
from emulation.forms import apply_service_error, flash_service_error
from scoring import access, forms, selectors, services


@login_required
@require_GET
def progress(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_overseer(request, pk, year)
    progress = selectors.progress_board(term)
    # The leader unit scores itself too: its officers land here from the tab, so the page
    # offers their own sheet first.
    own_sheet = next((s for s in progress.sheets if s.unit_id == request.user.unit_id), None)
    roles = block_access.roles_in(request.user, term)
    return render(
        request,
        "scoring/progress.html",
        {
            "term": term,
            "progress": progress,
            "own_sheet": own_sheet,
            "can_manage": roles.manage,
            "is_board": roles.board,
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
    already_open = term.status == term.Status.SCORING
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        early = services.closes_early(term, data["closes_at"])
        # An early closing is confirmed on its own page, with what it cuts short; without a
        # reason the service refuses it first.
        if early and not (data["confirm"] or is_confirmed(request)) and data["reason"].strip():
            return confirmation_page(
                request,
                term=term,
                form=form,
                action=reverse("scoring:open", args=[pk, year]),
                confirmation=Confirmation(
                    title=_("Close scoring early"),
                    question=_("Close scoring earlier than announced?"),
                    consequences=selectors.early_close_consequences(term, data["closes_at"]),
                    button=_("Close scoring early"),
                    button_class="btn-danger",
                    cancel_url=reverse("scoring:progress", args=[pk, year]),
                    skip_fields=["confirm"],
                ),
            )
        try:
            services.open_scoring(
                term=term,
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                actor=request.user,
                request=request,
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _window_message(early, already_open, data["closes_at"]))
            return redirect("scoring:progress", pk, year)
    context = {"term": term, "form": form, "already_open": already_open}
    return render(request, "scoring/open_scoring.html", context)


def _window_message(early: bool, already_open: bool, closes_at) -> str:
    """Say what happened: an early closing is not an opening (issue #10)."""
    when = date_format(timezone.localtime(closes_at), "SHORT_DATETIME_FORMAT")
    if early:
        return _("Scoring now closes earlier, at %(when)s.") % {"when": when}
    if already_open:
        return _("The scoring window is changed: it closes at %(when)s.") % {"when": when}
    return _("Scoring is open; every member unit has its sheet.")


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
            apply_service_error(form, exc)
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
        flash_service_error(request, exc)
    else:
        messages.success(request, _("Review ended: %(count)d sheet(s) locked.") % {"count": count})
    return redirect("scoring:progress", pk, year)
