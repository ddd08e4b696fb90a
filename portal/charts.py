"""Server-rendered SVG charts (pygal), with no JavaScript at all.

pygal links its tooltip script from a CDN unless `js=[]`, and even then writes an inline config
<script>; the CSP forbids both and the charts need neither, so every <script> element is
removed from the rendered tree. Every chart is shown next to a table with the same figures.
"""

import base64
from decimal import Decimal

import pygal
from django.utils.safestring import mark_safe
from pygal.etree import etree  # lxml when installed, else the standard library
from pygal.style import Style

STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#b3261e", "#1f5fa8", "#c9a227", "#2e7d32"),
    font_family="'Noto Sans', 'DejaVu Sans', sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    title_font_size=15,
)
_SVG_NS = "{http://www.w3.org/2000/svg}"


def _config(**kwargs) -> dict:
    return {
        "js": [],
        "style": STYLE,
        "disable_xml_declaration": True,
        "width": 640,
        "height": 320,
        "explicit_size": False,
        "print_values": False,
        "show_y_guides": True,
        "truncate_label": -1,
        **kwargs,
    }


def _render(chart, title: str) -> str:
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if child.tag in (f"{_SVG_NS}script", "script"):
                parent.remove(child)
    tree.set("role", "img")
    tree.set("aria-label", title)
    return etree.tostring(tree, encoding="unicode")


def _float(value) -> float:
    return float(Decimal(value))


def rank_chart(years: list[dict], *, title: str, rank_label: str) -> str:
    """Rank over the years (1 at the top). `years`: [{"year", "rank", "total"}], oldest first."""
    chart = pygal.Line(
        **_config(inverse_y_axis=True, show_legend=False, title=title, min_scale=1, max_scale=10)
    )
    chart.x_labels = [str(y["year"]) for y in years]
    chart.add(rank_label, [y["rank"] for y in years])
    return mark_safe(_render(chart, title))  # noqa: S308 - our own SVG, scripts removed


def total_chart(years: list[dict], *, title: str, total_label: str) -> str:
    chart = pygal.Line(**_config(show_legend=False, title=title))
    chart.x_labels = [str(y["year"]) for y in years]
    chart.add(total_label, [_float(y["total"]) for y in years])
    return mark_safe(_render(chart, title))  # noqa: S308


def profile_chart(profile: list[dict], *, title: str, unit_label: str, average_label: str) -> str:
    """Per criterion, % of its maximum: the unit against the block average."""
    chart = pygal.Bar(**_config(title=title, range=(0, 100), legend_at_bottom=True))
    chart.x_labels = [p["code"] for p in profile]
    chart.add(unit_label, [_float(p["unit_percent"]) for p in profile])
    chart.add(average_label, [_float(p["average_percent"]) for p in profile])
    return mark_safe(_render(chart, title))  # noqa: S308


def totals_chart(rows: list[dict], *, title: str, total_label: str) -> str:
    """Totals of every ranked unit, best first (for the ranking page and the PDF report)."""
    chart = pygal.HorizontalBar(
        **_config(title=title, show_legend=False, height=max(260, 34 * len(rows) + 80))
    )
    ordered = list(reversed(rows))
    chart.x_labels = [r.get("unit_short_name") or r["unit_name"] for r in ordered]
    chart.add(total_label, [_float(r["total"]) for r in ordered])
    return mark_safe(_render(chart, title))  # noqa: S308


def as_data_uri(svg: str) -> str:
    """For WeasyPrint: an <img src> holding the SVG."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
