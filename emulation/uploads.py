"""Uploaded files: checked by content and size, served only through permission-checked views.

Uploads live under MEDIA_ROOT, which no URL serves. A view first gets the owning object
through its access helper, then returns `protected_file_response(...)`.
"""

from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
    must match one of the allowed kinds, and the extension must agree with it.
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
            return mime
    allowed = ", ".join(sorted({e for k in kinds for e in KINDS[k][1]}))
    raise ValidationError(
        _("This type of file is not accepted. Allowed: %(allowed)s."),
        code="file_type",
        params={"allowed": allowed},
    )


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
