"""Uploaded files: the type is read from the content (a renamed .exe, .html or .svg is refused),
the stored name never comes from the uploader, and every file goes out through a checked view
as an attachment, with nosniff and a sandboxing CSP, never rendered in the app's origin."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.uploads import validate_upload
from results.services import answer_objection, publish_term
from tests.security.conftest import PDF

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(  # a real 1×1 PNG: images must decode
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c6338c1c00000025c00c943c812460000000049454e44ae426082"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("page.png", b"<html><body onload=alert(1)></body></html>"),
        ("chart.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>'),
        ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("real.html", PDF),  # a real PDF with the wrong extension
        ("photo.png.html", PNG),
    ],
)
def test_disguised_files_are_refused(name, content):
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content))
    assert exc.value.code == "file_type"


def test_genuine_files_are_accepted():
    assert validate_upload(SimpleUploadedFile("a.pdf", PDF)) == "application/pdf"
    assert validate_upload(SimpleUploadedFile("a.png", PNG)) == "image/png"


def _assert_safe_download(response, content: bytes) -> None:
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_evidence_goes_out_as_an_attachment(world, foreign, clients):
    old = world.published_term
    url = reverse(
        "scoring:evidence",
        args=[old.block_id, old.year, world.member_unit.pk, foreign.old_evidence.pk],
    )
    _assert_safe_download(clients["member"].get(url), PDF)


def test_campaign_documents_go_out_as_attachments(world, foreign, clients):
    term = foreign.term
    url = reverse(
        "campaigns:campaign_document_download", args=[term.block_id, term.year, foreign.document.pk]
    )
    _assert_safe_download(clients["board"].get(url), PDF)


def test_the_signed_decision_goes_out_as_an_attachment(world, foreign, client):
    answer_objection(objection=foreign.objection, actor=world.users["board"], answer="Đúng")
    publish_term(
        term=foreign.term,
        actor=world.users["board"],
        decision_number="09/QĐ",
        decision_date=datetime.date(2026, 1, 20),
        signed_file=SimpleUploadedFile("qd.png", PNG),
    )
    term = foreign.term
    response = client.get(reverse("documents:decision_file", args=[term.block_id, term.year, 1]))
    _assert_safe_download(response, PNG)


def test_stored_names_cannot_climb_out_of_the_media_folder(world, foreign):
    path = Path(foreign.evidence.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    upload = SimpleUploadedFile("../../../../etc/passwd.pdf", PDF)
    assert "/" not in upload.name and ".." not in upload.name


def test_static_files_hold_no_uploads(world, foreign):
    assert (
        not Path(foreign.evidence.file.path)
        .resolve()
        .is_relative_to(Path(settings.STATIC_ROOT).resolve())
    )
    for folder in settings.STATICFILES_DIRS:
        folder = folder[1] if isinstance(folder, tuple) else folder
        assert not Path(settings.MEDIA_ROOT).resolve().is_relative_to(Path(folder).resolve())
