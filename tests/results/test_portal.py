"""The public portal: provinces → blocks → years → ranking, unit history with charts.

Only published data is ever visible to the public; every page has a pinned query count that
does not grow with units, criteria or years.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from results.services import publish_term
from scoring.models import Score
from tests.factories import (
    BlockFactory,
    CriterionFactory,
    ScaleFactory,
    ScoreSheetFactory,
    TermFactory,
    make_scored_term,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 15)


def _publish(term, board):
    publish_term(term=term, actor=board, decision_number="QĐ", decision_date=DAY)
    term.refresh_from_db()
    return term


def test_province_page_links_published_years_only(world, client):
    response = client.get(reverse("portal:province_detail", args=[world.province.pk]))
    assert response.status_code == 200
    assert reverse("portal:term_ranking", args=[world.block.pk, 2024]) in response.text
    assert reverse("portal:term_ranking", args=[world.block.pk, 2025]) not in response.text


def test_block_page_does_not_link_unpublished_years_for_the_public(world, client):
    response = client.get(reverse("portal:block_detail", args=[world.block.pk]))
    assert reverse("portal:term_ranking", args=[world.block.pk, 2025]) not in response.text
    assert reverse("portal:term_ranking", args=[world.block.pk, 2024]) in response.text


def test_published_ranking_shows_breakdown_classification_leader_and_deputy(world, client):
    response = client.get(reverse("portal:term_ranking", args=[world.block.pk, 2024]))
    text = response.text
    assert world.published_term.leader.name in text and world.published_term.deputy.name in text
    table = response.context["page"].table
    assert table["rows"][0]["classification"]
    assert "Xếp loại" in text and 'id="leading-unit"' in text
    assert "<script" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_unpublished_scores_never_reach_the_public(world, client):
    # A distinctive figure only in the unpublished year.
    Score.objects.filter(sheet__term=world.term, criterion__code="1").update(
        self_points=Decimal("7.25")
    )
    pages = [
        reverse("portal:home"),
        reverse("portal:province_detail", args=[world.province.pk]),
        reverse("portal:block_detail", args=[world.block.pk]),
        reverse("portal:unit_detail", args=[world.member_unit.pk]),
        reverse("portal:unit_detail", args=[world.leader_unit.pk]),
        reverse("portal:term_ranking", args=[world.block.pk, 2024]),
    ]
    responses = {url: client.get(url) for url in pages}
    for url, response in responses.items():
        assert "7,25" not in response.text, url
    # Not public: a signed-out visitor is asked to sign in, and sees no figure.
    url = reverse("portal:term_ranking", args=[world.block.pk, 2025])
    assertRedirects(
        client.get(url), f"{reverse('accounts:login')}?next={url}", fetch_redirect_response=False
    )
    unit_page = responses[reverse("portal:unit_detail", args=[world.member_unit.pk])]
    assert [y.term.year for y in unit_page.context["years"]] == [2024]
    assert [s["year"] for s in unit_page.context["series"]] == [2024]


def test_provisional_year_stays_private(world, client):
    from results.services import share_provisional

    share_provisional(term=world.term, actor=world.users["leader"], objection_days=0)
    for name in ("portal:term_ranking", "documents:ranking_pdf"):
        url = reverse(name, args=[world.block.pk, 2025])
        response = client.get(url)
        assertRedirects(
            response, f"{reverse('accounts:login')}?next={url}", fetch_redirect_response=False
        )


def _years_of_same_units(block, board, years, criteria=3):
    """Publish `years` for the members of `block` made by the first make_scored_term."""
    first = make_scored_term(units=3, criteria=criteria, year=years[0], block=block)
    _publish(first, board)
    units = [m.unit for m in block.memberships.select_related("unit").order_by("pk")]
    for index, year in enumerate(years[1:], start=1):
        term = TermFactory(block=block, year=year, leader=units[0], deputy=units[1])
        scale = ScaleFactory(term=term)
        rows = [CriterionFactory(scale=scale, code=str(i + 1), order=i) for i in range(criteria)]
        for position, unit in enumerate(units):
            sheet = ScoreSheetFactory(term=term, unit=unit, scale=scale)
            Score.objects.bulk_create(
                Score(sheet=sheet, criterion=c, self_points=Decimal(10 - (position + index) % 3))
                for c in rows
            )
        _publish(term, board)
    return units[0]


def test_unit_page_charts_are_svg_without_scripts_with_tables(world, client):
    block = BlockFactory(province=world.province)
    unit = _years_of_same_units(block, world.users["board"], [2019, 2020, 2021])
    response = client.get(reverse("portal:unit_detail", args=[unit.pk]))
    text = response.text
    assert text.count("<svg") == 3  # rank, total, profile
    assert "<script" not in re.sub(r"<script src=\"/static/[^\"]+\"></script>", "", text)
    assert "cdn" not in text.lower() and "kozea.github.io" not in text
    assert 'id="profile-table"' in text
    assert [s["year"] for s in response.context["series"]] == [2019, 2020, 2021]
    # The latest year (2021): the unit scored 8 of 10 on criterion 1.
    assert response.context["profile"][0]["unit_percent"] == Decimal("80.0")


def test_urls_are_stable_and_shareable(world):
    assert (
        reverse("portal:term_ranking", args=[world.block.pk, 2024])
        == f"/blocks/{world.block.pk}/2024/"
    )
    assert (
        reverse("portal:province_detail", args=[world.province.pk])
        == f"/provinces/{world.province.pk}/"
    )
    assert (
        reverse("portal:unit_detail", args=[world.member_unit.pk])
        == f"/units/{world.member_unit.pk}/"
    )


# Pinned query counts (anonymous visitor: no session or user queries).


@pytest.mark.parametrize("blocks,years", [(1, 1), (6, 4)])
def test_province_page_query_count(world, client, django_assert_num_queries, blocks, years):
    for _ in range(blocks):
        block = BlockFactory(province=world.province)
        for offset in range(years):
            make_scored_term(units=2, criteria=1, year=2000 + offset, block=block)
    # publication stamp (1), province (1), blocks (1), their terms with leader and deputy (1)
    with django_assert_num_queries(4):
        response = client.get(reverse("portal:province_detail", args=[world.province.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("years,units", [(1, 3), (6, 12)])
def test_unit_page_with_charts_query_count(world, client, django_assert_num_queries, years, units):
    # `units` sets the number of criteria here: the units of a block come from make_scored_term.
    block = BlockFactory(province=world.province)
    # years the members belong to the block (a block-year is checked when it is published)
    unit = _years_of_same_units(
        block, world.users["board"], [2016 + offset for offset in range(years)], criteria=units
    )
    # publication stamp (1), unit (1), terms (1), publications (1), award proposals (1): charts
    # are drawn from the loaded snapshots
    with django_assert_num_queries(5):
        response = client.get(reverse("portal:unit_detail", args=[unit.pk]))
    assert response.status_code == 200
    assert len(response.context["series"]) == years
    # Then from the cache: the stamp only.
    with django_assert_num_queries(1):
        assert client.get(reverse("portal:unit_detail", args=[unit.pk])).status_code == 200


@pytest.mark.parametrize("units,criteria", [(3, 3), (30, 12)])
def test_published_export_query_count(world, client, django_assert_num_queries, units, criteria):
    term = _publish(
        make_scored_term(units=units, criteria=criteria, year=2023), world.users["board"]
    )
    # The publication's task (its commit never happens in a test) stores the documents; then a
    # download reads the term (1) and the stored document (1).
    from documents.stored import store_all

    store_all(term.publications.get().pk)
    for name in ("documents:ranking_xlsx", "documents:matrix_xlsx", "documents:ranking_docx"):
        url = reverse(name, args=[term.block_id, term.year])
        with django_assert_num_queries(2):
            response = client.get(url)
        assert response.status_code == 200
