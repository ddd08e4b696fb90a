"""The PDF documents (WeasyPrint): the ranking with its chart and one unit's score sheet.

Fonts: the "Noto Serif" family (Debian fonts-noto-core), falling back to "DejaVu Serif" and
"Liberation Serif"; all three carry every Vietnamese diacritic.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from blocks.templatetags.thidua import points as fmt_points
from documents.frame import column_bands, criteria_legend, frame, names, signed_deduction
from portal import charts

# Criteria columns per table on a landscape A4 page: 10 mm each beside the fixed columns
# (rank, unit, bonus, deduction, total, classification). More criteria continue in a next part.
CRITERIA_PER_PART = 12
DENSE_FROM = 9  # criteria in a part from which the table uses smaller type


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
    parts = column_bands(page, CRITERIA_PER_PART)
    widest = max(sum(len(b["criteria"]) for b in bands) for bands in parts)
    return _pdf(
        "documents/ranking.html",
        {
            "page": page,
            "frame": frame(page),
            "names": names(page),
            "parts": parts,
            "dense": widest >= DENSE_FROM,
            "has_groups": any(band["code"] for bands in parts for band in bands),
            "rows": [
                {**row, "deduction_text": signed_deduction(row["deduction"])}
                for row in page.table["rows"]
            ],
            "chart": ranking_chart_uri(page) if page.table["rows"] else "",
            "legend": criteria_legend(page),
        },
    )


def _line_text(kind: str, value) -> str:
    if value is None:
        return ""
    return signed_deduction(value) if kind == "deduction" else fmt_points(value)


def unit_lines(page, row: dict) -> list[dict]:
    """The lines of one unit's score sheet: every criterion with its maximum and final points,
    a deduction item's points signed as on the ranking page ("−1")."""
    lines = []
    for c in page.table["criteria"]:
        value = None if c["kind"] == "group" else row["points"].get(c["code"])
        lines.append(
            {
                "code": c["code"],
                "title": c["title"],
                "kind": c["kind"],
                "max_points": c["max_points"],
                "points": value,
                "text": _line_text(c["kind"], value),
            }
        )
    return lines


def unit_sheet_pdf(page, row: dict) -> bytes:
    return _pdf(
        "documents/unit_sheet.html",
        {
            "page": page,
            "frame": frame(page),
            "names": names(page),
            "row": row,
            "deduction_text": signed_deduction(row["deduction"]),
            "lines": unit_lines(page, row),
        },
    )
