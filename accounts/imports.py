"""The account list spreadsheet: its template, and reading it into `AccountData` rows."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from accounts.services import AccountData
from blocks.models import Block, Province, Unit
from emulation.spreadsheets import text_only

MAX_IMPORT_SIZE = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = ("username", "full_name", "email", "job_title", "phone", "unit", "council_blocks")


def template_workbook(province: Province) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "accounts"
    sheet.append(list(COLUMNS))
    unit = Unit.objects.filter(province=province).order_by("name").first()
    sheet.append(["nguyenvana", "Nguyễn Văn A", "", "", "", unit.name if unit else "", ""])
    notes = workbook.create_sheet("notes")
    notes.append([_("unit: the unit's exact name; council_blocks: block names separated by ';'.")])
    notes.append([_("Fill either unit or council_blocks on each row, not both.")])
    text_only(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def read_rows(upload, province: Province) -> list[AccountData]:
    """Parse the sheet; unknown units or blocks are row errors, raised all together."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(_("This is not a readable .xlsx file."), code="unreadable") from exc
    rows = list(workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 1))
    if not rows or tuple(_text(v) for v in rows[0][: len(COLUMNS)]) != COLUMNS:
        raise ValidationError(
            _("The first row must hold the template's column names."), code="bad_header"
        )
    units = {u.name.casefold(): u for u in Unit.objects.filter(province=province)}
    blocks = {b.name.casefold(): b for b in Block.objects.filter(province=province)}
    result, errors = [], []
    for number, raw in enumerate(rows[1:], start=2):
        values = [_text(v) for v in (*raw, *[None] * len(COLUMNS))[: len(COLUMNS)]]
        if not any(values):
            continue
        record = dict(zip(COLUMNS, values, strict=True))
        unit = units.get(record["unit"].casefold()) if record["unit"] else None
        if record["unit"] and unit is None:
            errors.append(
                _("Row %(number)d: unknown unit %(name)s.")
                % {"number": number, "name": record["unit"]}
            )
        names = [n.strip() for n in record["council_blocks"].split(";") if n.strip()]
        missing = [n for n in names if n.casefold() not in blocks]
        if missing:
            errors.append(
                _("Row %(number)d: unknown block %(name)s.")
                % {"number": number, "name": ", ".join(missing)}
            )
        result.append(
            AccountData(
                username=record["username"],
                full_name=record["full_name"],
                email=record["email"],
                job_title=record["job_title"],
                phone=record["phone"],
                unit=unit,
                council_blocks=[blocks[n.casefold()] for n in names if n.casefold() in blocks],
                row=number,
            )
        )
    if errors:
        raise ValidationError([ValidationError(e, code="invalid_row") for e in errors])
    return result
