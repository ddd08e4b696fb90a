"""The PDF documents (WeasyPrint): the ranking with its chart and one unit's score sheet.

Fonts: the "Noto Serif" family (Debian fonts-noto-core), falling back to "DejaVu Serif" and
"Liberation Serif"; all three carry every Vietnamese diacritic.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from documents.frame import frame, scored_criteria
from portal import charts


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
        "documents/ranking.html",
        {
            "page": page,
            "frame": frame(page),
            "scored": scored_criteria(page),
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
        "documents/unit_sheet.html",
        {"page": page, "frame": frame(page), "row": row, "lines": unit_lines(page, row)},
    )
