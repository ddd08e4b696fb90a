"""Uploaded files: checked by content and size, served only through permission-checked views.

Uploads live under MEDIA_ROOT, which no URL serves. A view first gets the owning object
through its access helper, then returns `protected_file_response(...)`.
"""

import io
import logging
import re
import zipfile
from pathlib import Path

import filetype
import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image

# Kind name → (MIME types recognised from the file's own bytes, allowed extensions).
KINDS = {
    "pdf": ({"application/pdf"}, {".pdf"}),
    "docx": (
        {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/zip",
        },
        {".docx"},
    ),
    "xlsx": (
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
        {".xlsx"},
    ),
    "image": ({"image/jpeg", "image/png", "image/webp"}, {".jpg", ".jpeg", ".png", ".webp"}),
}
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "image")


def _sizes(size: int, limit: int) -> dict:
    """The two sizes of the oversize message, never shown equal ("20,0 MB; the limit is
    20,0 MB" for a file a few bytes over): in bytes when the rounded sizes agree."""
    shown, allowed = filesizeformat(size), filesizeformat(limit)
    if shown == allowed:
        shown = _("%(count)s bytes") % {"count": number_format(size, force_grouping=True)}
        allowed = _("%(count)s bytes") % {"count": number_format(limit, force_grouping=True)}
    return {"size": shown, "limit": allowed}


def validate_upload(upload, *, kinds=DOCUMENT_KINDS, max_size: int | None = None) -> str:
    """Check an uploaded file by its content, extension and size. Returns the detected MIME type.

    The extension alone proves nothing (a renamed .exe is not a PDF), so the file's leading bytes
    must match one of the allowed kinds, and the extension must agree with it. Leading bytes
    prove little more (a PDF header can front an HTML page), so the file must then parse as
    that kind: a PDF with pypdf, an office file as a zip package declaring the right main part,
    an image by decoding it with Pillow.
    """
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    if upload.size > max_size:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params=_sizes(upload.size, max_size),
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    extension = Path(upload.name or "").suffix.lower()
    for kind in kinds:
        mimes, extensions = KINDS[kind]
        if mime in mimes and extension in extensions:
            STRUCTURE_CHECKS[kind](upload)
            upload.seek(0)
            return mime
    allowed = ", ".join(sorted({e for k in kinds for e in KINDS[k][1]}))
    raise ValidationError(
        _("This type of file is not accepted. Allowed: %(allowed)s."),
        code="file_type",
        params={"allowed": allowed},
    )


# The main part each office format must declare in its [Content_Types].xml.
OFFICE_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
# A zip that inflates past this, or holds more entries, is refused before anyone opens it.
MAX_UNPACKED_SIZE = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
_HTML = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|object)\b", re.IGNORECASE)


def _refuse(message, code: str):
    return ValidationError(message, code=code)


def _check_pdf(upload) -> None:
    """The PDF must parse (pypdf) and have a page; a PDF header in front of HTML is refused
    by name, because that is the polyglot a browser would render as a page."""
    head = upload.read(4096)
    upload.seek(0)
    if _HTML.search(head):
        raise _refuse(
            _("This file starts like a PDF but contains a web page (HTML). Save it again as PDF."),
            "file_pdf_html",
        )
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(upload, strict=False)
        if len(reader.pages) < 1:
            raise ValueError("no pages")
    except Exception as exc:  # pypdf raises many kinds on a broken file
        raise _refuse(
            _("This PDF cannot be read: it is damaged or not really a PDF."), "file_pdf_broken"
        ) from exc


def _office_checker(kind: str):
    def check(upload) -> None:
        bad = _refuse(
            _("This file is not a valid %(kind)s document.") % {"kind": kind.upper()},
            "file_office_broken",
        )
        try:
            with zipfile.ZipFile(upload) as package:
                entries = package.infolist()
                if len(entries) > MAX_ZIP_ENTRIES or (
                    sum(e.file_size for e in entries) > MAX_UNPACKED_SIZE
                ):
                    raise bad
                if package.testzip() is not None:
                    raise bad
                with package.open("[Content_Types].xml") as types:
                    content_types = types.read(1024 * 1024)
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError) as exc:
            raise bad from exc
        if OFFICE_MAIN_TYPES[kind].encode() not in content_types:
            raise bad

    return check


def _check_image(upload) -> None:
    try:
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(io.BytesIO(upload.read())) as image:
            image.load()
    except Exception as exc:  # Pillow raises many kinds, including DecompressionBombError
        raise _refuse(_("This image cannot be read: it is damaged."), "file_image_broken") from exc


STRUCTURE_CHECKS = {
    "pdf": _check_pdf,
    "docx": _office_checker("docx"),
    "xlsx": _office_checker("xlsx"),
    "image": _check_image,
}


def protected_file_response(fieldfile, *, download_name: str | None = None):
    """Stream a stored file. Call only after the access helper has allowed the request.

    Files come from users, so they are never rendered in the app's origin: always an attachment,
    with nosniff, and a CSP sandbox so that even a browser that opens the file itself runs
    nothing from it with our cookies.
    """
    name = download_name or Path(fieldfile.name).name
    response = FileResponse(fieldfile.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
