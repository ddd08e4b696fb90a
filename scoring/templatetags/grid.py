"""The review grid's header and rows, written in Python: `{% load grid %}`.

A 15 × 32 grid has 480 cells and 15 rows; through template tags each row costs a URL
reversal, an include, a translation and dozens of variable lookups, and each cell two `points`
filters: most of the page's CPU (issue #13). These helpers write the same markup as the
template loops they replace (compared in tests/scoring/test_review_grid_markup.py), with:

- each figure formatted once per process and language (`Figures`): scores repeat across the
  grid and from one page to the next;
- each row's link reversed once per page (through the chrome's cache of reversed URLs), with
  the unit's id put in its place;
- fixed words (the status labels, "open queries") translated once per page.

Everything a user typed (unit names, criterion titles and codes, reasons) is escaped as `{{ }}`
would (`_escape`, `conditional_escape` without its lazy-string wrapper for plain strings).
"""

from html import escape as html_escape

from django import template
from django.core.signals import setting_changed
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from blocks.templatetags.chrome import reverse
from blocks.templatetags.thidua import points
from scoring.selectors.totals import ZERO

register = template.Library()


def _escape(text) -> str:
    """`conditional_escape(text)`: a plain `str` goes straight to `html.escape`, which is what
    Django's `escape` runs (`&`, `<`, `>`, `"`, `'`); anything else (safe strings, lazy
    translations, numbers) through Django."""
    if type(text) is str:
        return html_escape(text)
    return conditional_escape(text)


class Figures(dict):
    """`points`, escaped, of each figure shown, computed once per distinct value."""

    def __missing__(self, value) -> str:
        shown = self[value] = _escape(points(value))
        return shown


# `Figures` per language, kept between requests: `points` depends on the value and the active
# language's number format only. Scores have two decimals and bounded maxima, so few values
# recur; the bound only guards against an unusual spread of totals.
_FIGURES: dict = {}
_FIGURES_BOUND = 5000


def page_figures() -> Figures:
    """The figures of the active language."""
    language = get_language()
    figures = _FIGURES.get(language)
    if figures is None or len(figures) > _FIGURES_BOUND:
        figures = _FIGURES[language] = Figures()
    return figures


def _forget_figures(**kwargs) -> None:
    # Number formats follow settings (USE_THOUSAND_SEPARATOR, FORMAT_MODULE_PATH, ...).
    _FIGURES.clear()


setting_changed.connect(_forget_figures)

# A primary key no row has: reversed in place of each row's own, then replaced.
_ROW_PLACEHOLDER = 2147483646


def _row_url(name: str, block: int, year: int) -> tuple[str, str]:
    """`chrome.url_around_key(name, (block, year))` through the chrome's cache of reversed URLs:
    the URL of a row, escaped, split around the row's key."""
    url = reverse(name, args=(block, year, _ROW_PLACEHOLDER))
    before, _, after = url.rpartition(str(_ROW_PLACEHOLDER))
    return conditional_escape(before), conditional_escape(after)


def grid_cells(cells, figures: Figures | None = None) -> SafeString:
    """The cells of one review-grid row: the unit's points, and below them the reviewed points,
    highlighted with the reviewer's reason as a tooltip when they differ."""
    figures = page_figures() if figures is None else figures
    out = []
    for own, reviewed_points, reason in cells:
        if reviewed_points is None:
            differs, reviewed = False, ""
        else:
            # GridCell.differs, inlined: 480 property calls per page.
            differs = reviewed_points != (own or ZERO)
            style = "fw-bold" if differs else "text-muted"
            reviewed = f'<br><span class="{style}">{figures[reviewed_points]}</span>'
        own = figures[own] or "—"
        if differs:
            out.append(
                f'<td class="text-end table-warning td-differs" '
                f'title="{_escape(reason)}">{own}{reviewed}</td>'
            )
        else:
            out.append(f'<td class="text-end ">{own}{reviewed}</td>')
    return mark_safe("".join(out))


@register.simple_tag
def review_grid_head(grid) -> SafeString:
    """The criteria's header cells: code, full title as tooltip, maximum."""
    figures = page_figures()
    out = []
    for c in grid.criteria:
        title = _escape(c.title)
        out.append(
            f'<th scope="col" class="text-end td-criterion-head" title="{title}">'
            f'<abbr title="{title}">{_escape(c.code)}</abbr><br>'
            f'<span class="text-muted fw-normal">/{figures[c.max_points]}</span></th>'
        )
    return mark_safe("".join(out))


@register.simple_tag
def review_grid_rows(grid, can_manage) -> SafeString:
    """One `<tr>` per sheet: the unit with its link (the review page for those who manage the
    year, the sheet for the others) and its open queries, the status, the cells, the total
    (and the reviewed total below it when it differs)."""
    figures = page_figures()
    name = "scoring:sheet_review" if can_manage else "scoring:sheet"
    before, after = _row_url(name, grid.term.block_id, grid.term.year)
    open_queries = conditional_escape(gettext("open queries"))
    labels: dict = {}
    out = []
    for row in grid.rows:
        sheet = row.sheet
        status = sheet.status
        if status not in labels:
            labels[status] = (
                f'<span class="badge td-status td-status-{conditional_escape(status)}">'
                f"{conditional_escape(sheet.get_status_display())}</span>\n"
            )
        queries = (
            f'<span class="badge text-bg-warning" title="{open_queries}">?{row.open_queries}</span>'
            if row.open_queries
            else ""
        )
        own, final = row.self_totals.total, row.final_totals.total
        total = figures[own]
        if final != own:
            total += f'<br><span class="text-danger">{figures[final]}</span>'
        out.append(
            "\n      <tr>\n"
            f'        <th scope="row" class="fw-normal text-nowrap">'
            f'<a href="{before}{sheet.unit_id}{after}">{_escape(sheet.unit.name)}</a>\n'
            f"          {queries}</th>\n"
            f"        <td>{labels[status]}</td>\n"
            f"        {grid_cells(row.cells, figures)}\n"
            f'        <td class="text-end fw-bold">{total}</td>\n'
            "      </tr>\n      "
        )
    return mark_safe("".join(out))
