"""The scale as an Excel workbook: a template to fill in, the import parser, the export.

One sheet, one line per row, header in row 1:
code | parent code | kind | title | max points (cap) | points per occurrence | evidence | guidance

The parser reports every bad row at once (row number and what is wrong) and returns nothing
usable unless the whole file is good: the import service then replaces the scale in one
transaction.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.models import Criterion, Scale
from campaigns.selectors import MAX_DEPTH, build_tree, flatten
from emulation.l10n import parse_decimal
from emulation.spreadsheets import text_only

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 500

# Accepted spellings of each kind: the codes, and the Vietnamese and English labels.
KIND_WORDS = {
    Criterion.Kind.GROUP: {"group", "nhóm", "nhom"},
    Criterion.Kind.SCORED: {"scored", "criterion", "tiêu chí", "tieu chi"},
    Criterion.Kind.BONUS: {"bonus", "điểm thưởng", "diem thuong", "thưởng"},
    Criterion.Kind.DEDUCTION: {"deduction", "điểm trừ", "diem tru", "trừ"},
}
YES = {"x", "1", "yes", "có", "co", "true", "y"}
NO = {"", "0", "no", "không", "khong", "false", "n"}


def headers() -> list[str]:
    return [
        _("Code"),
        _("Parent code"),
        _("Kind (group, scored, bonus, deduction)"),
        _("Title"),
        _("Maximum points (cap for bonus/deduction)"),
        _("Points per occurrence"),
        _("Evidence required (x)"),
        _("Guidance"),
    ]


def _workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Scale")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFGH", (8, 12, 16, 60, 14, 14, 12, 50), strict=True):
        sheet.column_dimensions[column].width = width
    kinds = DataValidation(
        type="list", formula1='"group,scored,bonus,deduction"', allow_blank=False
    )
    sheet.add_data_validation(kinds)
    kinds.add(f"C2:C{MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"
    text_only(book)  # titles and guidance typed by users never become formulas
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_bytes() -> bytes:
    """An example to fill in: one group with two criteria, a criterion, a bonus, a deduction."""
    return _workbook(
        [
            ["I", "", "group", "Công tác tổ chức, chỉ đạo", 30, None, "", ""],
            ["1", "I", "scored", "Ban hành kế hoạch thi đua năm", 10, None, "x", "Có kế hoạch"],
            ["2", "I", "scored", "Tổ chức hội nghị sơ kết, tổng kết", 20, None, "x", ""],
            ["II", "", "scored", "Báo cáo đầy đủ, đúng hạn", 70, None, "", ""],
            ["T1", "", "bonus", "Được cấp trên khen thưởng", 10, 5, "", ""],
            ["D1", "", "deduction", "Nộp báo cáo trễ hạn (mỗi lần)", 5, 1, "", ""],
        ]
    )


def export_bytes(scale: Scale, criteria: list[Criterion]) -> bytes:
    codes = {c.pk: c.code for c in criteria}
    rows = []
    for node in flatten(build_tree(criteria)):
        c = node.criterion
        rows.append(
            [
                c.code,
                codes.get(c.parent_id, ""),
                c.kind,
                c.title,
                float(c.max_points),
                float(c.points_per_occurrence) if c.points_per_occurrence is not None else None,
                "x" if c.evidence_required else "",
                c.guidance,
            ]
        )
    return _workbook(rows)


@dataclass
class ParseResult:
    rows: list[dict]
    errors: list[str]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return parse_decimal(_text(value))


def parse(upload) -> ParseResult:
    """Read an uploaded workbook into rows for `scale_replace_criteria`, or list every error."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return ParseResult([], [_("The file is not an Excel workbook (.xlsx).")])
    sheet = book.worksheets[0]
    rows: list[dict] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = list(values[:8]) + [None] * (8 - len(values[:8]))
        if all(_text(v) == "" for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(_("The file has more than %(max)s lines.") % {"max": MAX_ROWS})
            break
        code, parent, kind_raw, title, max_raw, per_raw, evidence, guidance = values
        code, parent, title = _text(code), _text(parent), _text(title)
        problems = []
        if not code:
            problems.append(_("the code is missing"))
        elif len(code) > 20:
            problems.append(_("the code is longer than 20 characters"))
        elif code in seen:
            problems.append(
                _("code %(code)s is already used on row %(row)s")
                % {"code": code, "row": seen[code]}
            )
        if not title:
            problems.append(_("the title is missing"))
        kind = next(
            (k for k, words in KIND_WORDS.items() if _text(kind_raw).lower() in words), None
        )
        if kind is None:
            problems.append(
                _("unknown kind “%(kind)s” (use group, scored, bonus or deduction)")
                % {"kind": _text(kind_raw)}
            )
        max_points = per = None
        try:
            max_points = _number(max_raw)
            if max_points < 0:
                problems.append(_("the maximum points cannot be negative"))
        except ValueError:
            problems.append(_("the maximum points are not a number"))
        if _text(per_raw):
            try:
                per = _number(per_raw)
                if per <= 0:
                    problems.append(_("the points per occurrence must be positive"))
                elif kind not in (Criterion.Kind.BONUS, Criterion.Kind.DEDUCTION):
                    problems.append(_("only bonus and deduction lines have points per occurrence"))
                elif max_points is not None and per > max_points:
                    problems.append(_("the points per occurrence exceed the cap"))
            except ValueError:
                problems.append(_("the points per occurrence are not a number"))
        flag = _text(evidence).lower()
        if flag not in YES | NO:
            problems.append(_("write x (or leave empty) for evidence required"))
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
            continue
        seen[code] = number
        rows.append(
            {
                "row": number,
                "code": code,
                "parent_code": parent,
                "kind": kind,
                "title": title[:500],
                "max_points": max_points,
                "points_per_occurrence": per,
                "evidence_required": flag in YES,
                "guidance": _text(guidance),
            }
        )
    errors.extend(_tree_errors(rows))
    if not rows and not errors:
        errors.append(_("The file has no lines."))
    return ParseResult(rows if not errors else [], errors)


def _tree_errors(rows: list[dict]) -> list[str]:
    by_code = {r["code"]: r for r in rows}
    errors = []
    for row in rows:
        parent = row["parent_code"]
        if not parent:
            continue
        if parent not in by_code:
            errors.append(
                _("Row %(row)s: parent code %(parent)s is not in the file.")
                % {"row": row["row"], "parent": parent}
            )
            continue
        if by_code[parent]["kind"] != Criterion.Kind.GROUP:
            errors.append(
                _("Row %(row)s: its parent %(parent)s is not a group.")
                % {"row": row["row"], "parent": parent}
            )
            continue
        depth, seen, current = 1, {row["code"]}, parent
        while current:
            if current in seen:
                errors.append(_("Row %(row)s: the parents form a loop.") % {"row": row["row"]})
                break
            seen.add(current)
            depth += 1
            current = by_code.get(current, {}).get("parent_code", "")
        else:
            if depth > MAX_DEPTH:
                errors.append(
                    _("Row %(row)s: lines go at most three levels deep.") % {"row": row["row"]}
                )
    return errors
