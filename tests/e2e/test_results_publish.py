"""Browser flow: board staff publish a year; an anonymous visitor sees it and downloads the PDF."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from blocks.models import Term
from tests.factories import UserFactory, make_scored_term

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF_BYTES = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def test_board_publishes_and_the_public_downloads_the_pdf(
    page, live_server, login, browser, tmp_path
):
    term = make_scored_term(units=4, criteria=3, year=2025)
    UserFactory(username="ban_td", board_province=term.block.province)
    signed = tmp_path / "quyet-dinh.pdf"
    signed.write_bytes(PDF_BYTES)

    # The shared `login` fixture clicks the first submit button of the page, which is the
    # language switch in the navbar; log in through the form in <main> instead.
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "ban_td")
    page.fill("input[name=password]", "pw-Thidua-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(live_server.url + reverse("results:workspace", args=[term.block_id, 2025]))
    # The publication page is the confirmation: it says what publishing does, then acts.
    page.locator("#publish-link").click()
    assert "chỉ đọc" in page.locator("#consequences").inner_text()
    page.fill("input[name=decision_number]", "25/QĐ-BTĐKT")
    page.fill("input[name=decision_date]", "26/01/2026")
    page.set_input_files("input[name=signed_file]", str(signed))
    page.locator("#confirm-button").click()
    page.wait_for_url("**" + reverse("portal:term_ranking", args=[term.block_id, 2025]))
    assert "Kết quả đã được công bố." in page.get_by_role("alert").first.inner_text()
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED

    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + reverse("portal:home"))
    visitor.locator("#provinces").get_by_role("link", name=term.block.province.name).click()
    visitor.get_by_role("link", name=term.block.name).click()
    visitor.get_by_role("link", name="2025").click()
    assert "25/QĐ-BTĐKT" in visitor.locator(".alert-success").inner_text()
    rows = visitor.locator("#ranking tbody tr")
    assert rows.count() == 4
    first_unit = rows.nth(0).locator("th a").first.inner_text()
    with visitor.expect_download() as info:
        visitor.locator("#download-pdf").click()
    content = Path(info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ngày 26 tháng 01 năm 2026" in text
    assert first_unit in text
    visitor.context.close()
