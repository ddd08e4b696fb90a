"""Wide tables fit the page: 6, 20 and 40 criteria, long unit names; the total and
classification columns on every page of the table, read back from the PDF and the .docx."""

import io
import os

import pytest
from docx import Document
from pypdf import PdfReader

from blocks.templatetags.thidua import points
from documents import pdfs, word
from documents.frame import column_bands
from tests.documents.wide import LONG_NAMES, wide_page

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("count, parts", [(6, 1), (20, 2), (40, 4)])
def test_ranking_pdf_has_total_and_class_on_every_page(world, count, parts):
    page = wide_page(world.term, count)
    content = pdfs.ranking_pdf(page)
    if os.environ.get("THIDUA_KEEP_PDF"):  # for looking at: pdftoppm -png the file
        with open(os.path.join(os.environ["THIDUA_KEEP_PDF"], f"ranking-{count}.pdf"), "wb") as f:
            f.write(content)
    pages = [_flat(text) for text in _pages(content)]
    rows = page.table["rows"]
    # A page of the table: one that shows a unit's row (rank then name; the chart has no ranks).
    table_pages = [t for t in pages if any(f"{r['rank']} {r['unit_name']}" in t for r in rows)]
    assert len(table_pages) >= parts
    for text in table_pages:
        assert "Tổng điểm" in text and "Xếp loại" in text
        for row in rows:
            if f"{row['rank']} {row['unit_name']}" in text:
                # Its deduction, total and classification on the same page.
                assert f"−1 {points(row['total'])} {row['classification']}" in text
    joined = " ".join(pages)
    for code in range(1, count + 1):
        assert f"{code} /10" in joined  # every criterion's column is somewhere
    if parts > 1:
        assert f"Bảng, phần {parts}/{parts}" in joined


def test_long_names_are_whole_in_the_pdf(world):
    joined = " ".join(_flat(t) for t in _pages(pdfs.ranking_pdf(wide_page(world.term, 6))))
    for name in LONG_NAMES:
        assert name in joined


def test_column_bands_keep_groups_and_split_evenly(world):
    parts = column_bands(wide_page(world.term, 20), 12)
    assert [sum(len(b["criteria"]) for b in bands) for bands in parts] == [10, 10]
    assert [[b["code"] for b in bands] for bands in parts] == [["G1", "G2"], ["G3", "G4"]]
    parts = column_bands(wide_page(world.term, 13), 12)
    assert [sum(len(b["criteria"]) for b in bands) for bands in parts] == [7, 6]
    # A group cut by the split is named again at the head of the next part.
    assert [b["code"] for b in parts[1]] == ["G2", "G3"]


def test_ranking_docx_repeats_unit_total_and_class_in_every_part(world):
    doc = Document(io.BytesIO(word.ranking_docx(wide_page(world.term, 40))))
    data = [t for t in doc.tables if t.rows[0].cells[0].text == "Hạng"]
    assert len(data) == 4
    for table in data:
        header = [c.text for c in table.rows[0].cells]
        assert header[1] == "Đơn vị" and header[-2:] == ["Tổng điểm", "Xếp loại"]
        assert header[-3] == "Điểm trừ"
        assert [r.cells[-3].text for r in table.rows[1:]] == ["−1"] * len(LONG_NAMES)
        assert [r.cells[1].text for r in table.rows[1:]] == LONG_NAMES
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape


def _docx_text(content: bytes) -> list[str]:
    """Every paragraph of the document, table cells included, in order."""
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return lines


@pytest.mark.parametrize("count", [6, 40])
def test_ranking_docx_has_the_criteria_legend_of_the_pdf(world, count):
    """Issue #10: the Word ranking had no legend, so its criterion codes meant nothing."""
    page = wide_page(world.term, count)
    lines = _docx_text(word.ranking_docx(page))
    assert "Các tiêu chí (mã, tên, điểm tối đa):" in lines
    for number in (1, count):
        assert f"{number}. Tiêu chí số {number} về thực hiện nhiệm vụ (/10)" in lines
    assert "G1. Nhóm tiêu chí G1: công tác chuyên môn và phong trào thi đua" in lines
    # Bonus and deduction items have their own named columns: not in the legend.
    assert not any(line.startswith(("T1.", "D1.")) for line in lines)
    # The same lines as the PDF's legend.
    pdf = _flat(" ".join(_pages(pdfs.ranking_pdf(page))))
    assert f"{count}. Tiêu chí số {count} về thực hiện nhiệm vụ (/10)" in pdf
    if os.environ.get("THIDUA_KEEP_PDF"):
        with open(os.path.join(os.environ["THIDUA_KEEP_PDF"], f"ranking-{count}.docx"), "wb") as f:
            f.write(word.ranking_docx(page))
