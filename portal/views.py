"""The public portal: home, province, block, a block-year's ranking and a unit's history.

Published years are public; unpublished ones are for the insiders `blocks.access` names. The
pages that show published results are served from the cache to anonymous visitors, keyed by
their publication stamp (`emulation.public_cache`, `portal.stamps`).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from awards import selectors as award_selectors
from awards.models import AwardProposal
from blocks import access
from blocks.models import Province
from emulation.public_cache import public_page
from portal import charts, overview, selectors, stamps, worklist
from results.selectors import ranking_page, requested_version


@require_safe  # HEAD too: `curl -I` and monitors revalidate
@public_page(stamps.home)
def home(request: HttpRequest) -> HttpResponse:
    """Everyone sees the provinces; a signed-in person first sees what needs them now and their
    own blocks (never the country's blocks: a province page lists its own)."""
    todo = blocks = None
    if request.user.is_authenticated:
        todo = worklist.worklist(request.user, timezone.now())
        blocks = selectors.own_blocks(request.user, timezone.localdate())
    provinces = selectors.provinces_for_home()
    context = {"provinces": provinces, "todo": todo, "own_blocks": blocks}
    return render(request, "portal/home.html", context)


@require_safe  # HEAD too: `curl -I` and monitors revalidate
@public_page(stamps.province)
def province_detail(request: HttpRequest, pk: int) -> HttpResponse:
    province = get_object_or_404(Province, pk=pk)  # provinces are public
    blocks = selectors.province_page(province)
    return render(request, "portal/province_detail.html", {"province": province, "blocks": blocks})


@require_GET
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    block = access.get_block(request, pk)
    page = selectors.block_page(block, timezone.localdate())
    openable = selectors.openable_term_ids(request.user, page)
    return render(request, "portal/block_detail.html", {"page": page, "openable": openable})


@require_safe  # HEAD too: `curl -I` and monitors revalidate
@public_page(stamps.term_ranking, params=("version",))
def term_ranking(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The year's ranking; a member before results are shared sees the year's stage instead."""
    try:
        term = access.get_term_for_reader(request, pk, year)
    except PermissionDenied:
        term = access.get_term_for_member(request, pk, year)
        return render(request, "portal/term_stage.html", selectors.term_stage(request.user, term))
    page = ranking_page(term, version=requested_version(request))
    chart = ""
    if page.table["rows"]:
        chart = charts.totals_chart(
            page.table["rows"], title=_("Total points by unit"), total_label=_("Total")
        )
    return render(
        request,
        "portal/term_ranking.html",
        {
            "term": term,
            "page": page,
            "chart": chart,
            "adoptions": selectors.term_adoptions(term),
            "handovers": selectors.term_handovers(term),
            "can_read": access.roles_in(request.user, term).read,
            "stored_documents": selectors.stored_documents(page.publication, get_language()),
        },
    )


def _unit_charts(unit, data: dict) -> dict:
    """The unit page's three charts, drawn from the published figures only."""
    svgs = {}
    if data["series"]:
        svgs["rank_svg"] = charts.rank_chart(
            data["series"], title=_("Rank over the years"), rank_label=_("Rank")
        )
        svgs["total_svg"] = charts.total_chart(
            data["series"], title=_("Total over the years"), total_label=_("Total")
        )
    if data["profile"]:
        svgs["profile_svg"] = charts.profile_chart(
            data["profile"],
            # xgettext:no-python-format
            title=_("Profile per criterion (% of the maximum)"),
            unit_label=unit.short_name or unit.name,
            average_label=_("Block average"),
        )
    return svgs


@require_safe  # HEAD too: `curl -I` and monitors revalidate
@public_page(stamps.unit)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit(request, pk)
    user = request.user
    own = user.is_authenticated and user.unit_id == unit.pk

    def insider(term) -> bool:
        # Unpublished years: the unit's own officers, the board, the block's council members.
        if own:
            return True
        roles = access.roles_in(user, term)
        return roles.board or roles.council

    years, publications = selectors.unit_history(unit, viewer_can_read=insider)
    data = selectors.unit_charts_data(unit, years, publications)
    # Decided awards are public; proposals on their way only for the same insiders.
    awards = [
        p
        for p in award_selectors.unit_awards(unit)
        if p.status == AwardProposal.Status.DECIDED or insider(p.term)
    ]
    context = {"unit": unit, "years": years, "awards": awards, **data, **_unit_charts(unit, data)}
    return render(request, "portal/unit_detail.html", context)


def _overview(request: HttpRequest, pk: int):
    province = access.get_province_for_board(request, pk)
    now = timezone.now()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else now.year
    sort = request.GET.get("sort", "name")
    sort = sort if sort in overview.SORTS else "name"
    return province, year, sort, overview.province_overview(province, year, now, sort)


@require_GET
def province_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Board staff: every block of the province in one year (sortable, printable)."""
    province, year, sort, rows = _overview(request, pk)
    context = {
        "province": province,
        "year": year,
        "sort": sort,
        "rows": rows,
        "now": timezone.now(),
    }
    return render(request, "portal/province_overview.html", context)


@require_GET
def province_overview_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    province, year, _sort, rows = _overview(request, pk)
    response = HttpResponse(
        overview.overview_xlsx(province, year, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="tong-quan-{year}.xlsx"'
    return response
