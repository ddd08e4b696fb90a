"""The .docx documents (python-docx): the ranking and one unit's score sheet."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from blocks.templatetags.thidua import points as fmt_points
from documents.frame import frame, scored_criteria
from documents.pdfs import unit_lines


def _docx_frame(doc, page) -> None:
    """The two-column administrative header: issuing body | national name and motto."""
    info = frame(page)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(info["issuer_top"]).font.size = Pt(11)
    issuer = left.add_paragraph().add_run(info["issuer"])
    issuer.bold = True
    issuer.font.size = Pt(11)
    national = right.paragraphs[0].add_run(info["national_name"])
    national.bold = True
    national.font.size = Pt(11)
    motto = right.add_paragraph().add_run(info["national_motto"])
    motto.bold = True
    motto.font.size = Pt(12)
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = doc.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date.add_run(info["date_line"]).italic = True


def _docx_signature(doc, page) -> None:
    info = frame(page)
    for text, bold in (
        (info["signature_title"], True),
        (info["signature_role"], True),
        (info["signature_hint"], False),
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = not bold


def _new_document(landscape: bool = False):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
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


def ranking_docx(page) -> bytes:
    scored = scored_criteria(page)
    doc = _new_document(landscape=len(scored) > 6)
    _docx_frame(doc, page)
    _title(
        doc,
        _("CONSOLIDATED SCORES AND RANKING OF THE EMULATION YEAR %(year)s")
        % {"year": page.term.year},
        frame(page)["decision"],
    )
    labels = [_("Rank"), _("Unit")] + [c["code"] for c in scored]
    labels += [_("Bonus"), _("Deduction"), _("Total"), _("Classification")]
    table = doc.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    for row in page.table["rows"]:
        values = [str(row["rank"]), row["unit_name"]]
        values += [fmt_points(row["points"].get(c["code"])) for c in scored]
        values += [
            fmt_points(row["bonus"]),
            fmt_points(row["deduction"]),
            fmt_points(row["total"]),
            row.get("classification", ""),
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
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
        cells[3].text = "" if line["points"] is None else fmt_points(line["points"])
    doc.add_paragraph(
        _("Base score %(base)s; bonus %(bonus)s; deduction %(deduction)s; total %(total)s.")
        % {
            "base": fmt_points(row["base"]),
            "bonus": fmt_points(row["bonus"]),
            "deduction": fmt_points(row["deduction"]),
            "total": fmt_points(row["total"]),
        }
    )
    doc.add_paragraph(
        _("Rank %(rank)s. Classification: %(label)s.")
        % {"rank": row["rank"], "label": row.get("classification") or "—"}
    )
    _docx_signature(doc, page)
    return _docx_bytes(doc)
