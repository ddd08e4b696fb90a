from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from blocks import access
from results import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    provinces = selectors.provinces_with_blocks()
    return render(request, "results/home.html", {"provinces": provinces})


@require_GET
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    block = access.get_block(request, pk)
    page = selectors.block_page(block, timezone.localdate())
    return render(request, "results/block_detail.html", {"page": page})


@require_GET
def term_ranking(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_reader(request, pk, year)
    version = request.GET.get("version", "")
    page = selectors.ranking_page(term, version=int(version) if version.isdigit() else None)
    return render(
        request,
        "results/term_ranking.html",
        {
            "term": term,
            "page": page,
            "adoptions": selectors.term_adoptions(term),
            "can_read": access.can_read_term(request.user, term),
        },
    )


@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit(request, pk)
    user = request.user

    def insider(term) -> bool:
        # Unpublished years: the unit's own officers, the board, the block's council members.
        own = user.is_authenticated and user.unit_id == unit.pk
        return (
            own or access.is_board_for(user, term.block) or access.is_council_for(user, term.block)
        )

    years = selectors.unit_history(unit, viewer_can_read=insider)
    return render(request, "results/unit_detail.html", {"unit": unit, "years": years})
