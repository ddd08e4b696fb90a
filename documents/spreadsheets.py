"""The .xlsx documents (openpyxl): the ranking and the full score matrix."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from blocks.templatetags.thidua import points as fmt_points
from documents.frame import NUMBER_FORMAT, SIGNED_NUMBER_FORMAT, decision
from emulation.spreadsheets import text_only

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _sheet_title(ws, page, title: str, width: int) -> int:
    """Rows 1-3: block, title, decision. Returns the header row index."""
    ws.append([page.names["block"]])
    ws.append([title])
    ws.append([decision(page)])
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
    cell.number_format = SIGNED_NUMBER_FORMAT if _negative(cell.value) else NUMBER_FORMAT
    cell.border = _BOX


def _negative(value) -> bool:
    return isinstance(value, int | float | Decimal) and value < 0


def _minus(value: Decimal) -> Decimal:
    """A deduction as the page shows it: negative ("−1"), so a row adds up to its total."""
    return -value if value else value


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
                _minus(row["deduction"]),
                row["total"],
                row.get("classification", ""),
                notes,
            ]
        )
        current = ws.max_row
        for column in range(3, 7):
            _number(ws.cell(row=current, column=column))
    if page.band_lines:
        ws.append([])
        ws.append(["", _("Classification bands in force:")])
        for line in page.band_lines:
            ws.append(["", line])
    ws.freeze_panes = ws.cell(row=header + 1, column=3)
    for column, width in zip("ABCDEFGH", (7, 42, 11, 9, 10, 10, 22, 50), strict=True):
        ws.column_dimensions[column].width = width
    return _xlsx_bytes(wb)


def _matrix_value(row: dict, criterion: dict) -> Decimal:
    value = row["points"].get(criterion["code"], Decimal("0"))
    return _minus(value) if criterion["kind"] == "deduction" else value


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
        values += [_matrix_value(row, c) for c in lines]
        values += [row["base"], row["bonus"], _minus(row["deduction"]), row["total"]]
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
