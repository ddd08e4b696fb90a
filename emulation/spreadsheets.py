"""Workbooks built from user text: every cell stays data, never a formula.

openpyxl turns any string that starts with "=" into a formula. Unit names, criterion titles,
guidance and notes are typed by users, so a title such as `=HYPERLINK("http://…")` or
`=cmd|' /C calc'!A0` would run in the spreadsheet of whoever opens the export (formula
injection). We never write formulas on purpose, so every formula cell is written as text: the
value is kept exactly as typed and Excel shows it instead of evaluating it.
"""


def text_only(workbook) -> None:
    """Call just before saving a workbook whose cells may hold user text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
