"""Downloads of a block-year's official documents: public once published, insiders before.

Each view reads the table the ranking page shows, so a document never disagrees with the page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from blocks import access
from conference import access as conference_access
from documents import minutes, pdfs, services, spreadsheets, word
from documents.forms import DocumentHeaderForm
from documents.frame import DOCX, PDF, XLSX, filename, header_of
from emulation.forms import FORM_ERROR_STATUS, apply_service_error
from emulation.uploads import protected_file_response
from results import access as results_access
from results.selectors import RankingPage, ranking_page, requested_version


def _page(request: HttpRequest, pk: int, year: int) -> RankingPage:
    term = access.get_term_for_reader(request, pk, year)
    return ranking_page(term, version=requested_version(request))


def _file(page: RankingPage, content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    if page.publication is None:
        # A draft is for insiders: no shared cache may keep it.
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def ranking_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _page(request, pk, year)
    content = spreadsheets.ranking_xlsx(page)
    return _file(page, content, XLSX, filename(page, "xep-hang", "xlsx"))


@require_GET
def matrix_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _page(request, pk, year)
    content = spreadsheets.matrix_xlsx(page)
    return _file(page, content, XLSX, filename(page, "bang-diem", "xlsx"))


@require_GET
def ranking_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _page(request, pk, year)
    return _file(page, pdfs.ranking_pdf(page), PDF, filename(page, "xep-hang", "pdf"))


@require_GET
def ranking_docx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _page(request, pk, year)
    return _file(page, word.ranking_docx(page), DOCX, filename(page, "xep-hang", "docx"))


def _unit_row(page: RankingPage, unit_pk: int) -> dict:
    row = next((r for r in page.table["rows"] if r["unit_id"] == unit_pk), None)
    if row is None:
        raise Http404
    return row


@require_GET
def unit_pdf(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    page = _page(request, pk, year)
    row = _unit_row(page, unit_pk)
    name = filename(page, f"phieu-diem-{unit_pk}", "pdf")
    return _file(page, pdfs.unit_sheet_pdf(page, row), PDF, name)


@require_GET
def unit_docx(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    page = _page(request, pk, year)
    row = _unit_row(page, unit_pk)
    name = filename(page, f"phieu-diem-{unit_pk}", "docx")
    return _file(page, word.unit_sheet_docx(page, row), DOCX, name)


@require_GET
def decision_file(request: HttpRequest, pk: int, year: int, version: int) -> HttpResponse:
    """The signed decision of a published version, served only through this check."""
    term = access.get_term_for_reader(request, pk, year)
    publication = results_access.get_publication_for_reader(request, term, version)
    if not publication.signed_file:
        raise Http404
    return protected_file_response(publication.signed_file)


@require_http_methods(["GET", "POST"])
def header(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Number, recipients and signer of the year's documents: the leader unit or the board,
    until publication."""
    term = access.get_term_for_manager(request, pk, year)
    current = header_of(term)
    form = DocumentHeaderForm(request.POST or None, instance=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_document_header(
                    term=term, actor=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The documents' header was saved."))
                return redirect("documents:header", term.block_id, term.year)
        status = FORM_ERROR_STATUS
    context = {"term": term, "form": form, "published": term.is_published}
    return render(request, "documents/header.html", context, status=status)


def _minutes_file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # for the block's insiders only
    return response


@require_GET
def minutes_pdf(request: HttpRequest, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    """The minutes of a conference: the year's insiders (members, council, board)."""
    meeting = conference_access.get_meeting_for_reader(request, pk, year, meeting_pk)
    content = minutes.minutes_pdf(meeting)
    return _minutes_file(content, PDF, minutes.filename(meeting, "pdf"))


@require_GET
def minutes_docx(request: HttpRequest, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    meeting = conference_access.get_meeting_for_reader(request, pk, year, meeting_pk)
    content = minutes.minutes_docx(meeting)
    return _minutes_file(content, DOCX, minutes.filename(meeting, "docx"))
