"""The administrative form of Nghị định 30/2020/NĐ-CP and deductions signed as on the page."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from documents import frame, spreadsheets, word
from tests.documents.wide import wide_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2019, 1, 5), ("05", "01")),
        (datetime.date(2019, 2, 9), ("09", "02")),
        (datetime.date(2019, 3, 22), ("22", "3")),
        (datetime.date(2019, 10, 1), ("01", "10")),
        (datetime.date(2019, 12, 31), ("31", "12")),
    ],
)
def test_decree_padding(day, expected):
    assert frame.decree_day_month(day) == expected


def _cells(content: bytes) -> list[str]:
    doc = Document(io.BytesIO(content))
    return [c.text for t in doc.tables for row in t.rows for c in row.cells]


def test_draft_date_line_and_defaults(world, monkeypatch):
    monkeypatch.setattr(frame.timezone, "localdate", lambda: datetime.date(2026, 3, 5))
    cells = _cells(word.ranking_docx(wide_page(world.term, 6)))
    province = world.term.block.province.name
    assert f"{province}, ngày 05 tháng 3 năm 2026" in cells
    assert "Số: …/…" in cells  # a draft has no number yet
    recipients = next(c for c in cells if c.startswith("Nơi nhận:"))
    assert "- Các đơn vị thành viên Khối;" in recipients and "- Lưu: VT." in recipients
    signature = next(c for c in cells if c.startswith("TM. ĐƠN VỊ KHỐI TRƯỞNG"))
    assert "THỦ TRƯỞNG ĐƠN VỊ" in signature and "(Ký, ghi rõ họ tên và đóng dấu)" in signature


def test_deductions_are_signed_in_every_output(world):
    page = wide_page(world.term, 6)
    ranking = load_workbook(io.BytesIO(spreadsheets.ranking_xlsx(page))).active
    deduction = ranking.cell(row=5, column=5)
    assert ranking.cell(row=4, column=5).value == "Điểm trừ"
    assert deduction.value == -1 and deduction.number_format == frame.SIGNED_NUMBER_FORMAT
    row = page.table["rows"][0]
    assert Decimal(str(ranking.cell(row=5, column=6).value)) == row["total"]
    matrix = load_workbook(io.BytesIO(spreadsheets.matrix_xlsx(page))).active
    header = [c.value for c in matrix[4]]
    d1 = next(i for i, h in enumerate(header, start=1) if h and h.startswith("D1."))
    assert matrix.cell(row=5, column=d1).value == -1
    assert matrix.cell(row=5, column=header.index("Điểm trừ") + 1).value == -1
    assert matrix.cell(row=5, column=3).value == Decimal("9.5")  # scored points stay positive
    sheet = Document(io.BytesIO(word.unit_sheet_docx(page, row)))
    lines = {r.cells[0].text: r.cells[3].text for r in sheet.tables[1].rows}
    assert lines["D1"] == "−1" and lines["T1"] == "2" and lines["1"] == "9,5"
    assert "điểm trừ −1;" in "\n".join(p.text for p in sheet.paragraphs)


def test_signed_deduction():
    assert frame.signed_deduction(Decimal("1")) == "−1"
    assert frame.signed_deduction(Decimal("0.50")) == "−0,5"
    assert frame.signed_deduction(Decimal("0")) == "0"
