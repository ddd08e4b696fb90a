"""Official documents of a block-year: .xlsx (openpyxl), PDF (WeasyPrint) and .docx (python-docx).

Every export reads the same table the ranking page shows (`selectors.RankingPage.table`: the
published snapshot, or the live results for insiders), so the numbers are the page's numbers.
PDFs use the "Noto Serif" family (Debian fonts-noto-core), falling back to "DejaVu Serif" and
"Liberation Serif"; all three carry every Vietnamese diacritic.
"""

import datetime
import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from blocks.templatetags.thidua import points as fmt_points
from emulation.spreadsheets import text_only
from results import charts

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_FORMAT = "0.00"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


# ---------------------------------------------------------------- the document's frame


def document_date(page) -> datetime.date:
    """Published: the decision's date. Otherwise today's date (a draft)."""
    return page.publication.decision_date if page.publication else timezone.localdate()


def date_line(page) -> str:
    day = document_date(page)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": page.term.block.province.name,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def frame(page) -> dict:
    """Header, issuing body, date line and signature block shared by every document."""
    term = page.term
    leader = page.table.get("leader") or term.leader.name
    return {
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "issuer_top": term.block.name.upper(),
        "issuer": leader.upper(),
        "date_line": date_line(page),
        "signature_title": _("ON BEHALF OF THE LEADER UNIT"),
        "signature_role": _("HEAD OF THE UNIT"),
        "signature_hint": _("(Signature, full name and seal)"),
        "draft": page.publication is None,
        "decision": (
            _("Decision no. %(number)s of %(date)s")
            % {
                "number": page.publication.decision_number,
                "date": page.publication.decision_date.strftime("%d/%m/%Y"),
            }
            if page.publication
            else _("DRAFT — not published")
        ),
    }


def _scored(page) -> list[dict]:
    return [c for c in page.table["criteria"] if c["kind"] == "scored"]


def _extra(page, kind: str) -> list[dict]:
    return [c for c in page.table["criteria"] if c["kind"] == kind]


def filename(page, stem: str, ext: str) -> str:
    term = page.term
    version = f"-v{page.publication.version}" if page.publication else "-tam-tinh"
    return f"{stem}-{term.block_id}-{term.year}{version}.{ext}"


# ---------------------------------------------------------------- xlsx

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _sheet_title(ws, page, title: str, width: int) -> int:
    """Rows 1-3: block, title, decision. Returns the header row index."""
    term = page.term
    ws.append([term.block.name])
    ws.append([title])
    ws.append([frame(page)["decision"]])
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=14)
    for row in (1, 2, 3):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 1))
    return 4


def _write_header(ws, row_index: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row=row_index, column=column, value=label)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.border = _BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _number(cell) -> None:
    cell.number_format = NUMBER_FORMAT
    cell.border = _BOX


def _xlsx_bytes(wb: Workbook) -> bytes:
    text_only(wb)  # names and titles typed by users never become formulas
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ranking_xlsx(page) -> bytes:
    """The ranking: rank, unit, base, bonus, deduction, total, classification, notes."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ranking")[:31]
    labels = [
        _("Rank"),
        _("Unit"),
        _("Base score"),
        _("Bonus"),
        _("Deduction"),
        _("Total"),
        _("Classification"),
        _("Notes"),
    ]
    header = _sheet_title(
        ws, page, _("Emulation results %(year)s") % {"year": page.term.year}, len(labels)
    )
    _write_header(ws, header, labels)
    for row in page.table["rows"]:
        notes = " ".join(n for n in (row.get("tie_note"), row.get("passed_over_note")) if n).strip()
        if row.get("leading"):
            notes = (_("Leading unit.") + " " + notes).strip()
        ws.append(
            [
                row["rank"],
                row["unit_name"],
                row["base"],
                row["bonus"],
                row["deduction"],
                row["total"],
                row.get("classification", ""),
                notes,
            ]
        )
        current = ws.max_row
        for column in range(3, 7):
            _number(ws.cell(row=current, column=column))
    ws.freeze_panes = ws.cell(row=header + 1, column=3)
    for column, width in zip("ABCDEFGH", (7, 42, 11, 9, 10, 10, 22, 50), strict=True):
        ws.column_dimensions[column].width = width
    return _xlsx_bytes(wb)


def matrix_xlsx(page) -> bytes:
    """The full score matrix: one row per unit, one column per criterion, bonus, deduction item."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Score matrix")[:31]
    lines = [c for c in page.table["criteria"] if c["kind"] != "group"]
    labels = [_("Rank"), _("Unit")]
    labels += [f"{c['code']}. {c['title']} (/{fmt_points(c['max_points'])})" for c in lines]
    labels += [_("Base score"), _("Bonus"), _("Deduction"), _("Total")]
    header = _sheet_title(
        ws, page, _("Score matrix %(year)s") % {"year": page.term.year}, len(labels)
    )
    _write_header(ws, header, labels)
    ws.row_dimensions[header].height = 90
    for row in page.table["rows"]:
        values = [row["rank"], row["unit_name"]]
        values += [row["points"].get(c["code"], Decimal("0")) for c in lines]
        values += [row["base"], row["bonus"], row["deduction"], row["total"]]
        ws.append(values)
        current = ws.max_row
        for column in range(3, len(values) + 1):
            _number(ws.cell(row=current, column=column))
    # Maximum points under the header, for checking.
    ws.append(["", _("Maximum")] + [c["max_points"] for c in lines])
    for column in range(3, len(lines) + 3):
        _number(ws.cell(row=ws.max_row, column=column))
    ws.freeze_panes = ws.cell(row=header + 1, column=3)
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 42
    for column in range(3, len(labels) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 12
    return _xlsx_bytes(wb)


# ---------------------------------------------------------------- PDF


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads pango at import time

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def ranking_chart_uri(page) -> str:
    svg = charts.totals_chart(
        page.table["rows"], title=_("Total points by unit"), total_label=_("Total")
    )
    return charts.as_data_uri(svg)


def ranking_pdf(page) -> bytes:
    return _pdf(
        "results/documents/ranking.html",
        {
            "page": page,
            "frame": frame(page),
            "scored": _scored(page),
            "chart": ranking_chart_uri(page) if page.table["rows"] else "",
        },
    )


def unit_lines(page, row: dict) -> list[dict]:
    """The lines of one unit's score sheet: every criterion with its maximum and final points."""
    lines = []
    for c in page.table["criteria"]:
        lines.append(
            {
                "code": c["code"],
                "title": c["title"],
                "kind": c["kind"],
                "max_points": c["max_points"],
                "points": None if c["kind"] == "group" else row["points"].get(c["code"]),
            }
        )
    return lines


def unit_sheet_pdf(page, row: dict) -> bytes:
    return _pdf(
        "results/documents/unit_sheet.html",
        {"page": page, "frame": frame(page), "row": row, "lines": unit_lines(page, row)},
    )


# ---------------------------------------------------------------- docx


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
    scored = _scored(page)
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
