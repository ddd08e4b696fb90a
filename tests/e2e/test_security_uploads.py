"""Browser: a disguised file (HTML renamed .pdf) is refused on the sheet with a message on its
field; a genuine file, once uploaded, is downloaded when clicked, never opened in the app."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from blocks.models import Term
from campaigns.models import Scale
from scoring import services
from scoring.models import Evidence
from tests.factories import (
    BlockFactory,
    CriterionFactory,
    MembershipFactory,
    ScaleFactory,
    TermFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


@pytest.fixture
def sheet_url(settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"
    block = BlockFactory(name="Khối bảo mật")
    leader_unit, member_unit = (
        MembershipFactory(block=block, unit__province=block.province).unit for _ in range(2)
    )
    term = TermFactory(block=block, year=2026, leader=leader_unit, status=Term.Status.SETUP)
    scale = ScaleFactory(term=term, status=Scale.Status.APPROVED)
    CriterionFactory(scale=scale, code="1", title="Tổ chức hoạt động")
    leader = UserFactory(username="sec-leader", unit=leader_unit)
    UserFactory(username="sec-member", unit=member_unit)
    now = timezone.now()
    services.open_scoring(
        term=term,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
        actor=leader,
    )
    path = reverse("scoring:sheet", args=[term.block_id, term.year, member_unit.pk])
    return live_server.url + path, scale.criteria.get()


def test_disguised_files_are_refused_and_files_download(page, login, sheet_url, tmp_path):
    url, criterion = sheet_url
    disguised = tmp_path / "bao-cao.pdf"
    disguised.write_bytes(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    genuine = tmp_path / "bien-ban.pdf"
    genuine.write_bytes(PDF)

    login("sec-member")
    page.goto(url)
    page.set_input_files(f"#id_evidence_{criterion.pk}", str(disguised))
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()
    assert "bao-cao.pdf" not in page.inner_text(f"#criterion-{criterion.code}")
    assert "Không chấp nhận loại tệp này" in page.inner_text("main")
    assert not Evidence.objects.exists()

    page.set_input_files(f"#id_evidence_{criterion.pk}", str(genuine))
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()
    with page.expect_download() as info:
        page.get_by_role("link", name="bien-ban.pdf").first.click()
    download = info.value
    assert download.suggested_filename == "bien-ban.pdf"
    assert page.url == url  # the file was not opened in the app's page
    assert Path(download.path()).read_bytes() == PDF
