"""Uploads are checked by structure: polyglots and broken files are refused by name."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from emulation.uploads import validate_upload
from tests.security.conftest import PDF


def _docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _refused(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content))
    return exc.value.code


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", PDF), ("a.docx", _docx()), ("a.xlsx", _xlsx()), ("a.png", _png())],
)
def test_genuine_files_of_every_kind_pass(name, content):
    assert validate_upload(SimpleUploadedFile(name, content))


def test_a_pdf_header_followed_by_html_is_refused_with_its_own_message():
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    assert _refused("evidence.pdf", polyglot) == "file_pdf_html"
    # Even with a real PDF's tail appended, the HTML in front is what a browser would render.
    assert _refused("evidence.pdf", polyglot + PDF) == "file_pdf_html"


def test_a_pdf_that_does_not_parse_is_refused():
    assert _refused("a.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") == (
        "file_pdf_broken"
    )
    assert _refused("a.pdf", PDF[: len(PDF) // 2]) == "file_pdf_broken"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # A plain zip renamed: no [Content_Types].xml.
        ("a.docx", _zip({"readme.txt": b"hello"})),
        # A spreadsheet renamed as a Word document: the wrong main part.
        ("a.docx", _xlsx()),
        ("a.xlsx", _docx()),
        # A zip whose content-types entry claims Word but carries an HTML page.
        (
            "a.docx",
            _zip({"[Content_Types].xml": b"<Types/>", "index.html": b"<html><script></script>"}),
        ),
    ],
    ids=["plain zip", "xlsx as docx", "docx as xlsx", "html in a zip"],
)
def test_office_files_must_be_the_right_package(name, content):
    # A swapped package may already be told apart by its bytes (file_type): refused either way.
    assert _refused(name, content) in {"file_office_broken", "file_type"}


def test_a_truncated_office_file_is_refused():
    content = _docx()
    assert _refused("a.docx", content[: len(content) - 200]) in {"file_office_broken", "file_type"}


def test_an_image_that_does_not_decode_is_refused():
    png = _png()
    assert _refused("a.png", png[:40] + b"\x00" * 40) == "file_image_broken"
    # A PNG header in front of an HTML page.
    assert _refused("a.png", png[:16] + b"<html><script>alert(1)</script></html>") == (
        "file_image_broken"
    )
