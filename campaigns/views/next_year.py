"""Prepare the next year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blocks import access as blocks_access
from campaigns import selectors, services
from campaigns.forms import (
    NextYearForm,
)
from campaigns.views.common import form_page, term_url
from emulation.forms import apply_service_error


@require_http_methods(["GET", "POST"])
def term_next(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Preview what the new year will hold, adjust the leader, deputy and what is copied, then
    confirm. Board staff of the province, or the leader unit of this year for its own block."""
    term = blocks_access.get_term_for_manager(request, pk, year)
    defaults = selectors.next_year_defaults(term)
    form = NextYearForm(
        request.POST or None,
        members=defaults.members,
        initial={"leader": defaults.leader, "deputy": defaults.deputy},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_next_term(
                term=term, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The year %(year)s was created.") % {"year": new.year})
            return redirect(term_url("campaigns:campaign_list", new))
    return form_page(
        request,
        "campaigns/term_next.html",
        {"term": term, "defaults": defaults, "form": form},
    )
