"""The scale as an Excel workbook: a template to fill in, the import parser, the export.

One sheet, one line per row, header in row 1:
code | parent code | kind | title | max points (cap) | points per occurrence | evidence | guidance

The columns are found by their titles (in English or Vietnamese, in any order); a missing or
renamed column is reported as such, once. The parser then checks every row with the same rules
as the editor (`campaigns.rules`): each line, the tree, the groups' maxima and the nominal
total. It reports every problem at once with its row and column and returns nothing usable
unless the whole file is good: only then does the import service replace the draft's lines.
"""

import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns import rules
from campaigns.models import Criterion, Scale
from campaigns.rules import build_tree, flatten
from emulation import limits
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


# The columns, by the key the import service reads, with the short name an error names them by
# (the editor's own field labels) and whether the file must have them. Extra words in brackets
# in a title, like the template's "(x)", are ignored when columns are matched.
COLUMNS = (
    ("code", gettext_lazy("Code"), True),
    ("parent_code", gettext_lazy("Parent code"), True),
    ("kind", gettext_lazy("Kind"), True),
    ("title", gettext_lazy("Title"), True),
    ("max_points", gettext_lazy("Maximum points"), True),
    ("points_per_occurrence", gettext_lazy("Points per occurrence"), False),
    ("evidence_required", gettext_lazy("Evidence required"), False),
    ("guidance", gettext_lazy("Guidance"), False),
)
LABELS = {key: label for key, label, _required in COLUMNS}


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


def _name_key(title) -> str:
    """A column title compared loosely: case, spacing, accents' encoding, words in brackets."""
    text = unicodedata.normalize("NFC", _text(title)).split("(")[0]
    return " ".join(text.lower().split())


def _column_names() -> dict[str, str]:
    """Every accepted title of every column, in English and in Vietnamese → its key."""
    names = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for (key, label, _required), long_title in zip(COLUMNS, headers(), strict=True):
                names[_name_key(label)] = key
                names[_name_key(long_title)] = key
    return names


def _read_header(titles) -> tuple[dict[str, int], list[str]]:
    """Where each column is ({key: index}), or the errors naming missing and unknown columns."""
    known, found, errors = _column_names(), {}, []
    for index, title in enumerate(titles):
        if not _text(title):
            continue
        key = known.get(_name_key(title))
        if key is None:
            errors.append(
                _("Column %(letter)s, “%(title)s”, is not a column of the scale.")
                % {"letter": get_column_letter(index + 1), "title": _text(title)}
            )
        elif key in found:
            errors.append(_("Column “%(column)s” appears twice.") % {"column": LABELS[key]})
        else:
            found[key] = index
    for key, label, required in COLUMNS:
        if required and key not in found:
            errors.append(_("Column “%(column)s” is missing.") % {"column": label})
    return found, errors


def _cell_error(row: int, key: str, message: str) -> str:
    return _("Row %(row)s, column %(column)s: %(problem)s") % {
        "row": row,
        "column": LABELS[key],
        "problem": message,
    }


def _kind(raw) -> str | None:
    return next((k for k, words in KIND_WORDS.items() if _text(raw).lower() in words), None)


def _read_numbers(cells: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The row's points as decimals, or (column, problem) pairs for those that are not numbers."""
    numbers, problems = {"max_points": None, "points_per_occurrence": None}, []
    for key in numbers:
        if key == "points_per_occurrence" and not _text(cells.get(key)):
            continue
        try:
            numbers[key] = _number(cells.get(key))
        except (ValueError, ArithmeticError):
            problems.append((key, _("This is not a number.")))
    return numbers, problems


def _read_row(cells: dict) -> tuple[dict, list[tuple[str, str]]]:
    """One row as the import service's dict, and every (column, problem) it has on its own."""
    numbers, problems = _read_numbers(cells)
    row = {
        "code": _text(cells.get("code")),
        "parent_code": _text(cells.get("parent_code")),
        "kind": _kind(cells.get("kind")),
        "title": _text(cells.get("title")),
        **numbers,
        "evidence_required": _text(cells.get("evidence_required")).lower() in YES,
        "guidance": _text(cells.get("guidance")),
    }
    if len(row["guidance"]) > limits.NOTE:
        message = _("the guidance is longer than %(limit)s characters")
        problems.append(("guidance", message % {"limit": limits.NOTE}))
    if row["kind"] is None:
        message = _("unknown kind “%(kind)s” (use group, scored, bonus or deduction)")
        problems.append(("kind", message % {"kind": _text(cells.get("kind"))}))
    if _text(cells.get("evidence_required")).lower() not in YES | NO:
        problems.append(("evidence_required", _("write x (or leave empty) for evidence required")))
    if row["kind"] is not None and row["max_points"] is not None:
        line = rules.line_problems(
            code=row["code"],
            title=row["title"],
            kind=row["kind"],
            max_points=row["max_points"],
            per=row["points_per_occurrence"],
        )
        problems += [(p.field, p.message) for p in line]
    return row, problems


def parse(upload, *, nominal_total: Decimal) -> ParseResult:
    """Read an uploaded workbook into rows for `scale_replace_criteria`, or list every error.

    `nominal_total` is the draft's: the file's top-level lines must add up to it, as the
    editor requires before the scale is submitted."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
        lines = list(book.worksheets[0].iter_rows(values_only=True))
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return ParseResult([], [_("The file is not an Excel workbook (.xlsx).")])
    columns, errors = _read_header(lines[0] if lines else ())
    if errors or not lines:
        return ParseResult([], errors or [_("The file has no lines.")])
    rows, seen = [], {}
    for number, values in enumerate(lines[1:], start=2):
        cells = {key: values[i] if i < len(values) else None for key, i in columns.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(_("The file has more than %(max)s lines.") % {"max": MAX_ROWS})
            break
        row, problems = _read_row(cells)
        if row["code"] in seen:
            message = _("code %(code)s is already used on row %(row)s")
            problems.append(("code", message % {"code": row["code"], "row": seen[row["code"]]}))
        errors += [_cell_error(number, key, message) for key, message in problems]
        seen.setdefault(row["code"], number)
        rows.append({"row": number, **row})
    errors += _tree_errors(rows)
    if not errors:  # the totals mean something only once every line reads right
        errors = _total_errors(rows, nominal_total)
    if not rows and not errors:
        errors.append(_("The file has no lines."))
    return ParseResult(rows if not errors else [], errors)


def _tree_errors(rows: list[dict]) -> list[str]:
    """Parents that are not in the file or not groups, loops, and lines nested too deep."""
    by_code = {r["code"]: r for r in rows}
    errors = []
    for row in rows:
        parent = row["parent_code"]
        if parent and parent not in by_code:
            message = _("parent code %(parent)s is not in the file.") % {"parent": parent}
        elif parent and by_code[parent]["kind"] != Criterion.Kind.GROUP:
            message = _("its parent %(parent)s is not a group.") % {"parent": parent}
        else:
            message = _depth_error(row, by_code)
        if message:
            errors.append(_cell_error(row["row"], "parent_code", message))
    return errors


def _depth_error(row: dict, by_code: dict[str, dict]) -> str | None:
    depth, seen, current = 1, {row["code"]}, row["parent_code"]
    while current:
        if current in seen:
            return _("the parents form a loop.")
        seen.add(current)
        depth += 1
        current = by_code.get(current, {}).get("parent_code", "")
    problem = rules.depth_problem(kind=row["kind"], depth=depth)
    return problem.message if problem else None


def _total_errors(rows: list[dict], nominal_total: Decimal) -> list[str]:
    """The whole-scale rules (groups' maxima, the nominal total), on the file's lines."""
    criteria = rules.criteria_from_rows(rows)
    row_of = {c.code: r["row"] for c, r in zip(criteria, rows, strict=True)}
    errors = []
    for problem in rules.scale_findings(nominal_total, criteria):
        if problem.criterion is None:
            errors.append(problem.message)
        elif problem.field in LABELS:
            errors.append(
                _cell_error(row_of[problem.criterion.code], problem.field, problem.message)
            )
        else:
            errors.append(
                _("Row %(row)s: %(problem)s")
                % {"row": row_of[problem.criterion.code], "problem": problem.message}
            )
    return errors
