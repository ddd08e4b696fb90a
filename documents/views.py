"""Downloads of a block-year's official documents: public once published, insiders before.

Each view reads the table the ranking page shows, so a document never disagrees with the page.
A published version's ranking documents are served from the storage, as rendered once at
publication (`documents.stored`); drafts and the per-unit sheets are rendered on request.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards import selectors as award_selectors
from blocks import access
from conference import access as conference_access
from documents import award_letter, minutes, pdfs, services, stored, word
from documents.forms import DocumentHeaderForm
from documents.frame import DOCX, PDF, filename, header_of
from emulation.forms import FORM_ERROR_STATUS, apply_service_error
from emulation.uploads import protected_file_response
from results import access as results_access
from results.models import PublishedDocument
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


def _stored_file(request: HttpRequest, term, document: PublishedDocument) -> HttpResponse:
    """The stored bytes, named as always; a browser holding them already gets a 304."""
    etag = quote_etag(document.sha256)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=stored.download_name(term, document.publication.version, document.kind),
            content_type=stored.RENDERERS[document.kind].content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    return response


def _document(request: HttpRequest, pk: int, year: int, kind: str) -> HttpResponse:
    """A published version's document from the storage; a draft, rendered for the insiders who
    may see it.

    A published document not stored yet (a year published before documents were stored, or
    the publication's task still queued) is rendered for this download, and the storing of
    the version's documents is queued: a GET writes nothing itself (tests/security/test_http).
    """
    term = access.get_term_for_reader(request, pk, year)
    version, language = requested_version(request), get_language()
    if term.is_published:
        document = stored.find(term, version, kind, language)
        if document is not None:
            return _stored_file(request, term, document)
    page = ranking_page(term, version=version)
    if page.publication is not None:
        stored.queue_missing(page.publication)
    renderer = stored.RENDERERS[kind]
    name = filename(page, renderer.stem, renderer.ext)
    return _file(page, renderer.render(page), renderer.content_type, name)


@require_GET
def ranking_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _document(request, pk, year, PublishedDocument.Kind.RANKING_XLSX)


@require_GET
def matrix_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _document(request, pk, year, PublishedDocument.Kind.MATRIX_XLSX)


@require_GET
def ranking_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _document(request, pk, year, PublishedDocument.Kind.RANKING_PDF)


@require_GET
def ranking_docx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _document(request, pk, year, PublishedDocument.Kind.RANKING_DOCX)


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


def _award_letter(request: HttpRequest, pk: int, year: int):
    """The block's award proposal letter: for the year's insiders (members, council, board)."""
    term = access.get_term_for_member(request, pk, year)
    return award_selectors.letter(term)


def _letter_file(letter, content: bytes, content_type: str, ext: str) -> HttpResponse:
    response = _file(letter.page, content, content_type, filename(letter.page, "to-trinh", ext))
    response["Cache-Control"] = "private, no-store"  # never public, whatever the year
    return response


@require_GET
def award_letter_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    letter = _award_letter(request, pk, year)
    return _letter_file(letter, award_letter.letter_pdf(letter), PDF, "pdf")


@require_GET
def award_letter_docx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    letter = _award_letter(request, pk, year)
    return _letter_file(letter, award_letter.letter_docx(letter), DOCX, "docx")


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
