"""Prepare the next year: the page lives here, above campaigns, because it shows what both
carry forward (the scale and movements, the tie-break policy and bands). The year itself is
created by the one entry point, `blocks.services.term_create_next`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blocks import access
from blocks.services import term_create_next
from campaigns import selectors as campaigns_selectors
from campaigns.forms import NextYearForm
from emulation.forms import FORM_ERROR_STATUS, apply_service_error
from results.models import ClassificationBand, TiePolicy
from results.ranking import rule_labels


@require_http_methods(["GET", "POST"])
def term_next(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Preview what the new year will hold, adjust the leader, deputy and what is copied, then
    confirm. Board staff of the province, or the leader unit of this year for its own block."""
    term = access.get_term_for_manager(request, pk, year)
    defaults = campaigns_selectors.next_year_defaults(term)
    form = NextYearForm(
        request.POST or None,
        members=defaults.members,
        initial={"leader": defaults.leader, "deputy": defaults.deputy},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        carry = [name for name in ("scale", "campaigns", "rules") if data[f"copy_{name}"]]
        try:
            new = term_create_next(
                term=term,
                actor=request.user,
                leader=data["leader"],
                deputy=data["deputy"],
                carry=carry,
                request=request,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The year %(year)s was created.") % {"year": new.year})
            return redirect(reverse("campaigns:campaign_list", args=[new.block_id, new.year]))
    context = {
        "term": term,
        "defaults": defaults,
        "form": form,
        # Named, not coded: "more criteria at full marks", in the page's language.
        "tie_rules": rule_labels(
            TiePolicy.objects.filter(term=term).values_list("rules", flat=True).first() or []
        ),
        "bands": list(ClassificationBand.objects.filter(term=term).order_by("-min_total")),
    }
    status = FORM_ERROR_STATUS if form.errors else 200
    return render(request, "campaigns/term_next.html", context, status=status)
