"""Exports: the numbers of the page, Vietnamese administrative form, access like the pages."""

import io
import itertools
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from pytest_django.asserts import assertRedirects

from blocks.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Term.objects.get(block__name="Khối thi đua Kinh tế - Kỹ thuật", year=2018)


def assert_asks_to_sign_in(response, url: str) -> None:
    assertRedirects(
        response, f"{reverse('accounts:login')}?next={url}", fetch_redirect_response=False
    )


def _get(client, name, term, *extra):
    response = client.get(reverse(name, args=[term.block_id, term.year, *extra]))
    assert response.status_code == 200, response.status_code
    return response


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_ranking_xlsx_matches_the_page(demo, client):
    page = client.get(reverse("portal:term_ranking", args=[demo.block_id, 2018])).context["page"]
    response = _get(client, "documents:ranking_xlsx", demo)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "Khối thi đua Kinh tế - Kỹ thuật"
    assert "05/QĐ-KTKT" in ws["A3"].value
    assert ws["A4"].value == "Hạng" and ws["B4"].value == "Đơn vị"
    assert ws.freeze_panes == "C5"
    # The ranking rows, down to the blank row above the classification bands in force.
    below = list(ws.iter_rows(min_row=5, values_only=True))
    rows = list(itertools.takewhile(lambda values: values[0] is not None, below))
    assert len(rows) == len(page.table["rows"]) == 8
    assert [values[1] for values in below[len(rows) + 2 :]] == page.band_lines
    for values, row in zip(rows, page.table["rows"], strict=True):
        assert values[0] == row["rank"] and values[1] == row["unit_name"]
        assert Decimal(str(values[5])) == row["total"]
    assert rows[0][1] == "Sở Công thương" and rows[0][5] == 107
    assert ws["F5"].number_format == "0.00"
    # The classification column: the page's, five units "excellent" then three "good".
    assert [values[6] for values in rows] == [
        str(row["classification"]) for row in page.table["rows"]
    ]
    assert [values[6] for values in rows] == ["Hoàn thành xuất sắc"] * 5 + ["Hoàn thành tốt"] * 3


def test_matrix_xlsx_has_every_criterion_and_item(demo, client):
    ws = load_workbook(io.BytesIO(_get(client, "documents:matrix_xlsx", demo).content)).active
    header = [c.value for c in ws[4]]
    assert header[2].startswith("1. Tổ chức hoạt động của Khối")
    assert any(h and h.startswith("T1.") for h in header)
    assert any(h and h.startswith("D1.") for h in header)
    first = [c.value for c in ws[5]]
    assert first[1] == "Sở Công thương"
    assert first[-1] == 107  # total
    assert ws.freeze_panes == "C5"
    assert ws.cell(row=5, column=3).number_format == "0.00"


def test_ranking_pdf_is_vietnamese_administrative_form(demo, client):
    response = _get(client, "documents:ranking_pdf", demo)
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Tây Ninh, ngày 22 tháng 01 năm 2019" in text
    assert "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" in text  # the issuing leader unit
    assert "Sở Khoa học và Công nghệ" in text
    assert "107" in text and "95,5" in text
    assert "Hoàn thành xuất sắc" in text
    assert "Các mức xếp loại áp dụng:" in text  # the bands in force, under the ranking


def test_unit_sheet_pdf_and_docx(demo, client):
    unit = demo.block.memberships.get(unit__name="Sở Xây dựng").unit
    text = _pdf_text(_get(client, "documents:unit_pdf", demo, unit.pk).content)
    assert "Sở Xây dựng" in text and "92,5" in text and "18,5" in text
    assert "Cải cách hành chính và ứng dụng công nghệ thông tin" in text
    doc = Document(io.BytesIO(_get(client, "documents:unit_docx", demo, unit.pk).content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in cells
    assert "18,5" in cells
    assert "Tây Ninh, ngày 22 tháng 01 năm 2019" in cells  # beside the number, as in the decree
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "92,5" in paragraphs


def test_ranking_docx(demo, client):
    doc = Document(io.BytesIO(_get(client, "documents:ranking_docx", demo).content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in cells
    assert "Sở Công thương" in cells and "107" in cells and "95,5" in cells
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Đơn vị dẫn đầu: Sở Công thương." in text


def test_unpublished_exports_are_for_insiders_only(world, clients):
    for name in ("documents:ranking_pdf", "documents:matrix_xlsx"):
        url = reverse(name, args=[world.block.pk, world.term.year])
        assert_asks_to_sign_in(clients["anonymous"].get(url), url)
        assert clients["outsider"].get(url).status_code == 404
        assert clients["member"].get(url).status_code == 403  # not shared with members yet
        assert clients["deputy"].get(url).status_code == 200
    text = _pdf_text(
        clients["deputy"]
        .get(reverse("documents:ranking_pdf", args=[world.block.pk, world.term.year]))
        .content
    )
    assert "DỰ THẢO — chưa công bố" in text
    assert "Kết quả tạm tính, chưa công bố." in text


def test_an_earlier_version_can_be_exported(world, client):
    import datetime

    from results.services import correct_publication

    correct_publication(
        term=world.published_term,
        actor=world.users["board"],
        decision_number="02/QĐ",
        decision_date=datetime.date(2025, 2, 1),
        reason="Sai sót",
        adjustments={(world.member_unit.pk, "1"): Decimal("0")},
    )
    args = [world.block.pk, world.published_term.year]
    latest = client.get(reverse("documents:ranking_xlsx", args=args))
    first = client.get(reverse("documents:ranking_xlsx", args=args) + "?version=1")
    latest_ws = load_workbook(io.BytesIO(latest.content)).active
    first_ws = load_workbook(io.BytesIO(first.content)).active
    assert "02/QĐ" in latest_ws["A3"].value and "01/QĐ-TEST" in first_ws["A3"].value
