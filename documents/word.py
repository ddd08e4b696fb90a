"""The .docx documents (python-docx): the ranking and one unit's score sheet, in the layout of
Nghị định 30/2020/NĐ-CP (see `documents.frame`)."""

import io
import math

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from blocks.templatetags.thidua import points as fmt_points
from documents.frame import column_bands, criteria_legend, frame, names, signed_deduction
from documents.pdfs import CRITERIA_PER_PART, unit_lines


def _cell_text(cell, text: str, *, bold=False, italic=False, size=None, first=True) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)


def _docx_frame(doc, page, info: dict | None = None) -> None:
    """Issuing body and number | national name, motto, place and date (two rows, no borders).

    `info`: the frame when the document has its own number and date (`frame(page, ...)`)."""
    info = info or frame(page)
    table = doc.add_table(rows=2, cols=2)
    (left, right), (number, date) = table.rows[0].cells, table.rows[1].cells
    _cell_text(left, info["issuer_top"], size=12)
    _cell_text(left, info["issuer"], bold=True, size=12, first=False)
    _cell_text(right, info["national_name"], bold=True, size=12)
    _cell_text(right, info["national_motto"], bold=True, size=13, first=False)
    _cell_text(number, info["number_line"], size=12)
    _cell_text(date, info["date_line"], italic=True, size=12)


def _docx_signature(doc, page, info: dict | None = None) -> None:
    """Recipients on the left, the signer on the right (a borderless two-column table)."""
    info = info or frame(page)
    doc.add_paragraph()
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    label = left.paragraphs[0].add_run(info["recipients_label"])
    label.bold = label.italic = True
    for line in info["recipients"]:
        left.add_paragraph().add_run(f"- {line}").font.size = Pt(11)
    _cell_text(right, info["signature_title"], bold=True)
    _cell_text(right, info["signature_role"], bold=True, first=False)
    if info["signer_name"]:
        for _blank in range(4):
            right.add_paragraph()
        _cell_text(right, info["signer_name"], bold=True, first=False)
    else:
        _cell_text(right, info["signature_hint"], italic=True, size=10, first=False)


def _new_document(landscape: bool = False):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin, section.right_margin = Cm(2), Cm(1.5)
    return doc


def _title(doc, text: str, sub: str = "") -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(14)
    if sub:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(sub).italic = True


def _docx_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _repeat_header(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _ranking_part(doc, page, criteria: list[dict], size: float) -> None:
    labels = [_("Rank"), _("Unit")]
    labels += [f"{c['code']}\n/{fmt_points(c['max_points'])}" for c in criteria]
    labels += [_("Bonus"), _("Deduction"), _("Total"), _("Classification")]
    table = doc.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    _repeat_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    for row in page.table["rows"]:
        values = [str(row["rank"]), row["unit_name"]]
        values += [fmt_points(row["points"].get(c["code"])) for c in criteria]
        values += [
            fmt_points(row["bonus"]),
            signed_deduction(row["deduction"]),
            fmt_points(row["total"]),
            row.get("classification", ""),
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(size)


def _legend(doc, page) -> None:
    """The criteria legend, as under the PDF's tables: code, title and maximum of every
    criterion, groups in bold, in two columns (a borderless table) at 9 pt."""
    lines = criteria_legend(page)
    if not lines:
        return
    title = doc.add_paragraph().add_run(_("Criteria (code, title, maximum points):"))
    title.italic = True
    title.font.size = Pt(9)
    half = math.ceil(len(lines) / 2)
    columns = doc.add_table(rows=1, cols=2).rows[0].cells
    for cell, chunk in zip(columns, (lines[:half], lines[half:]), strict=True):
        for index, line in enumerate(chunk):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            run = paragraph.add_run(line["text"])
            run.bold = line["group"]
            run.font.size = Pt(9)


def ranking_docx(page) -> bytes:
    """Landscape; wide scales continue in further tables that repeat the unit, total and
    classification columns, as in the PDF."""
    doc = _new_document(landscape=True)
    _docx_frame(doc, page)
    _title(
        doc,
        _("CONSOLIDATED SCORES AND RANKING OF THE EMULATION YEAR %(year)s")
        % {"year": page.term.year},
        f"{names(page)['block']} — {frame(page)['decision']}",
    )
    parts = column_bands(page, CRITERIA_PER_PART)
    for number, bands in enumerate(parts, start=1):
        criteria = [c for band in bands for c in band["criteria"]]
        if len(parts) > 1:
            doc.add_paragraph().add_run(
                _("Table, part %(number)s of %(count)s") % {"number": number, "count": len(parts)}
            ).italic = True
        _ranking_part(doc, page, criteria, size=9 if len(criteria) > 8 else 10)
    _legend(doc, page)
    leading = page.table.get("leading_unit")
    if leading:
        doc.add_paragraph(_("Leading unit: %(unit)s.") % {"unit": leading["unit_name"]})
    for row in page.table["rows"]:
        for note in (row.get("tie_note"), row.get("passed_over_note")):
            if note:
                doc.add_paragraph(f"{row['unit_name']}: {note}", style="List Bullet")
    if page.band_lines:
        doc.add_paragraph(_("Classification bands in force:"))
        for line in page.band_lines:
            doc.add_paragraph(line, style="List Bullet")
    _docx_signature(doc, page)
    return _docx_bytes(doc)


def unit_sheet_docx(page, row: dict) -> bytes:
    doc = _new_document()
    _docx_frame(doc, page)
    _title(
        doc,
        _("SCORE SHEET OF THE EMULATION YEAR %(year)s") % {"year": page.term.year},
        row["unit_name"],
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    _repeat_header(table.rows[0])
    for cell, label in zip(
        table.rows[0].cells, [_("Code"), _("Criterion"), _("Maximum"), _("Points")], strict=True
    ):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    for line in unit_lines(page, row):
        cells = table.add_row().cells
        cells[0].text = line["code"]
        cells[1].text = line["title"]
        cells[2].text = fmt_points(line["max_points"])
        cells[3].text = line["text"]
    doc.add_paragraph(
        _("Base score %(base)s; bonus %(bonus)s; deduction %(deduction)s; total %(total)s.")
        % {
            "base": fmt_points(row["base"]),
            "bonus": fmt_points(row["bonus"]),
            "deduction": signed_deduction(row["deduction"]),
            "total": fmt_points(row["total"]),
        }
    )
    doc.add_paragraph(
        _("Rank %(rank)s. Classification: %(label)s.")
        % {"rank": row["rank"], "label": row.get("classification") or "—"}
    )
    _docx_signature(doc, page)
    return _docx_bytes(doc)
