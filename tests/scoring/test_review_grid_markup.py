"""The review grid's header and rows are written in Python (`scoring.templatetags.grid`): the
markup must be exactly what the template loops they replace wrote, escaping included, and the
totals the same as `Totals.add` gives."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from campaigns.models import Criterion
from scoring.models import Query, Score, ScoreSheet
from scoring.selectors import Totals, review_grid
from tests.factories import UserFactory, make_scored_term

pytestmark = pytest.mark.django_db

# The loops of scoring/templates/scoring/review_grid.html before issue #13's rewrite.
OLD = (
    "{% load i18n thidua scoring_tags %}"
    '{% for c in grid.criteria %}<th scope="col" class="text-end td-criterion-head" '
    'title="{{ c.title }}"><abbr title="{{ c.title }}">{{ c.code }}</abbr><br>'
    '<span class="text-muted fw-normal">/{{ c.max_points|points }}</span></th>{% endfor %}'
    "|"
    "{% for row in grid.rows %}\n      <tr>\n"
    '        <th scope="row" class="fw-normal text-nowrap">{% if can_manage %}'
    "<a href=\"{% url 'scoring:sheet_review' term.block_id term.year row.sheet.unit_id %}\">"
    "{{ row.sheet.unit.name }}</a>{% else %}"
    "<a href=\"{% url 'scoring:sheet' term.block_id term.year row.sheet.unit_id %}\">"
    "{{ row.sheet.unit.name }}</a>{% endif %}\n"
    '          {% if row.open_queries %}<span class="badge text-bg-warning" '
    "title=\"{% translate 'open queries' %}\">?{{ row.open_queries }}</span>{% endif %}</th>\n"
    '        <td>{% include "scoring/_status.html" with status=row.sheet.status '
    "label=row.sheet.get_status_display %}</td>\n"
    "        {% for cell in row.cells %}"
    '<td class="text-end {% if cell.differs %}table-warning td-differs{% endif %}"'
    '{% if cell.differs %} title="{{ cell.reason }}"{% endif %}>'
    '{{ cell.self_points|points|default:"—" }}{% if cell.reviewed_points is not None %}<br>'
    '<span class="{% if cell.differs %}fw-bold{% else %}text-muted{% endif %}">'
    "{{ cell.reviewed_points|points }}</span>{% endif %}</td>{% endfor %}\n"
    '        <td class="text-end fw-bold">{{ row.self_totals.total|points }}'
    "{% if row.final_totals.total != row.self_totals.total %}<br>"
    '<span class="text-danger">{{ row.final_totals.total|points }}</span>{% endif %}</td>\n'
    "      </tr>\n      {% endfor %}"
)
NEW = "{% load grid %}{% review_grid_head grid %}|{% review_grid_rows grid can_manage %}"


@pytest.fixture
def grid(world):
    term = make_scored_term(units=4, criteria=3, year=2031, status=ScoreSheet.Status.SUBMITTED)
    sheets = list(ScoreSheet.objects.filter(term=term).select_related("unit").order_by("pk"))
    sheets[1].unit.name = 'Sở "Tài chính" <b>& Kế hoạch</b>'
    sheets[1].unit.save()
    sheets[2].status = ScoreSheet.Status.VERIFIED
    sheets[2].save()
    Criterion.objects.filter(scale__term=term, code="1").update(
        title='Tiêu chí "một" <i>&</i>', code="1<a>"
    )
    scores = Score.objects.filter(sheet__term=term).order_by("pk")
    first = scores.filter(sheet=sheets[0]).first()
    Score.objects.filter(pk=first.pk).update(
        reviewed_points=Decimal("6.50"), review_reason='Thiếu "biên bản" <họp> & ký'
    )
    # Reviewed, but unchanged: shown muted, the totals stay equal.
    second = scores.filter(sheet=sheets[1]).first()
    Score.objects.filter(pk=second.pk).update(reviewed_points=second.self_points)
    # A cell without any score, and open queries on one sheet (one resolved, not counted).
    scores.filter(sheet=sheets[3]).last().delete()
    leader = UserFactory(username="grid-leader", unit=term.leader)
    for score in scores.filter(sheet=sheets[0])[:3]:
        Query.objects.create(score=score, question="?", raised_by=leader)
    Query.objects.filter(pk=Query.objects.order_by("pk").last().pk).update(
        resolved_at=timezone.now()
    )
    return review_grid(term)


def _render(source: str, grid, can_manage: bool) -> str:
    context = {"grid": grid, "term": grid.term, "can_manage": can_manage}
    return Template(source).render(Context(context))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("can_manage", [True, False])
def test_same_markup_as_the_template_loops(grid, language, can_manage):
    with translation.override(language):
        old, ours = _render(OLD, grid, can_manage), _render(NEW, grid, can_manage)
    assert ours == old
    assert "&quot;biên bản&quot; &lt;họp&gt; &amp; ký" in ours
    assert "Sở &quot;Tài chính&quot; &lt;b&gt;&amp; Kế hoạch&lt;/b&gt;" in ours
    assert "1&lt;a&gt;" in ours and "?2</span>" in ours and "td-status-verified" in ours
    assert ("/review/" in ours) == can_manage


def test_totals_are_those_of_totals_add(grid):
    for row in grid.rows:
        own, final = Totals(), Totals()
        for criterion, cell in zip(grid.criteria, row.cells, strict=True):
            own.add(criterion.kind, cell.self_points)
            reviewed = cell.reviewed_points
            final.add(criterion.kind, reviewed if reviewed is not None else cell.self_points)
        assert (row.self_totals, row.final_totals) == (own, final)
    assert any(r.self_totals.total != r.final_totals.total for r in grid.rows)


def test_figures_kept_between_pages_follow_the_language_and_the_settings(settings):
    """The formatted figures are kept per language between requests: a change of language or of
    a setting that formats numbers shows the figure as `points` writes it then."""
    from blocks.templatetags.thidua import points
    from scoring.templatetags.grid import page_figures

    value = Decimal("1234.50")
    with translation.override("vi"):
        vietnamese = page_figures()[value]
    with translation.override("en"):
        english = page_figures()[value]
    assert vietnamese != english
    settings.USE_THOUSAND_SEPARATOR = not settings.USE_THOUSAND_SEPARATOR
    with translation.override("vi"):
        assert page_figures()[value] == points(value) != vietnamese
