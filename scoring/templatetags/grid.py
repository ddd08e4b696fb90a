"""The review grid's header and rows, written in Python: `{% load grid %}`.

A 15 × 32 grid has 480 cells and 15 rows; through template tags each row costs a URL
reversal, an include, a translation and dozens of variable lookups, and each cell two `points`
filters: most of the page's CPU (issue #13). These helpers write the same markup as the
template loops they replace (compared in tests/scoring/test_review_grid_markup.py), with:

- each figure formatted once per page (`Figures`): scores repeat across the grid;
- each row's link reversed once per page, with the unit's id put in its place;
- fixed words (the status labels, "open queries") translated once per page.

Everything a user typed (unit names, criterion titles and codes, reasons) goes through
`conditional_escape`, as `{{ }}` would.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from blocks.templatetags.chrome import url_around_key
from blocks.templatetags.thidua import points
from scoring.selectors.totals import ZERO

register = template.Library()


class Figures(dict):
    """`points`, escaped, of each figure the page shows, computed once per distinct value."""

    def __missing__(self, value) -> str:
        shown = self[value] = conditional_escape(points(value))
        return shown


def grid_cells(cells, figures: Figures | None = None) -> SafeString:
    """The cells of one review-grid row: the unit's points, and below them the reviewed points,
    highlighted with the reviewer's reason as a tooltip when they differ."""
    figures = Figures() if figures is None else figures
    out = []
    for cell in cells:
        own, reviewed_points = cell.self_points, cell.reviewed_points
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
                f'title="{conditional_escape(cell.reason)}">{own}{reviewed}</td>'
            )
        else:
            out.append(f'<td class="text-end ">{own}{reviewed}</td>')
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def review_grid_head(context, grid) -> SafeString:
    """The criteria's header cells: code, full title as tooltip, maximum."""
    figures = context.render_context.setdefault("review_grid_figures", Figures())
    out = []
    for c in grid.criteria:
        title = conditional_escape(c.title)
        out.append(
            f'<th scope="col" class="text-end td-criterion-head" title="{title}">'
            f'<abbr title="{title}">{conditional_escape(c.code)}</abbr><br>'
            f'<span class="text-muted fw-normal">/{figures[c.max_points]}</span></th>'
        )
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def review_grid_rows(context, grid, can_manage) -> SafeString:
    """One `<tr>` per sheet: the unit with its link (the review page for those who manage the
    year, the sheet for the others) and its open queries, the status, the cells, the total
    (and the reviewed total below it when it differs)."""
    figures = context.render_context.setdefault("review_grid_figures", Figures())
    name = "scoring:sheet_review" if can_manage else "scoring:sheet"
    before, after = url_around_key(name, (grid.term.block_id, grid.term.year))
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
            f'<a href="{before}{sheet.unit_id}{after}">{conditional_escape(sheet.unit.name)}</a>\n'
            f"          {queries}</th>\n"
            f"        <td>{labels[status]}</td>\n"
            f"        {grid_cells(row.cells, figures)}\n"
            f'        <td class="text-end fw-bold">{total}</td>\n'
            "      </tr>\n      "
        )
    return mark_safe("".join(out))
