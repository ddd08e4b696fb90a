"""The foundation's pages: content, language, and pinned query counts."""

import pytest
from django.urls import reverse

from results.services import publish_term
from tests.factories import make_scored_term

pytestmark = pytest.mark.django_db


def test_home_lists_provinces_with_their_published_years_not_the_blocks(world, client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Tây Ninh test" in response.text
    # Two blocks, one published block-year (2024): counted, not listed.
    assert "2 khối · 1 bảng xếp hạng đã công bố · mới nhất 2024" in response.text
    assert "Khối A" not in response.text and "Khối B" not in response.text
    assert 'id="own-blocks"' not in response.text


def test_home_shows_a_signed_in_person_their_own_blocks(world, clients):
    response = clients["leader"].get(reverse("portal:home"))
    own = response.context["own_blocks"]
    assert [b.name for b in own] == ["Khối A"]
    assert "Tây Ninh test" in response.text
    # Board staff: the blocks of their province; council members: the blocks assigned to them.
    board = clients["board"].get(reverse("portal:home")).context["own_blocks"]
    assert [b.name for b in board] == ["Khối A", "Khối B"]
    council = clients["council"].get(reverse("portal:home")).context["own_blocks"]
    assert [b.name for b in council] == ["Khối A"]
    outsider = clients["outsider"].get(reverse("portal:home")).context["own_blocks"]
    assert [b.name for b in outsider] == ["Khối B"]


def test_pages_are_vietnamese_by_default(world, client):
    response = client.get(reverse("portal:block_detail", args=[world.block.pk]))
    assert 'lang="vi"' in response.text
    # The header the English test below reads as "Leader unit".
    assert '<th scope="col">Khối trưởng</th>' in response.text
    assert "Leader unit" not in response.text


def test_english_is_selectable(world, client):
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("portal:block_detail", args=[world.block.pk]))
    assert 'lang="en"' in response.text
    assert "Leader unit" in response.text


def test_published_ranking_shows_decision_and_ranks(world, client):
    url = reverse("portal:term_ranking", args=[world.block.pk, world.published_term.year])
    response = client.get(url)
    assert response.status_code == 200
    assert "01/QĐ-TEST" in response.text
    ranks = [row["rank"] for row in response.context["page"].table["rows"]]
    assert ranks == [1, 2, 3, 4]


def test_scores_are_shown_with_a_decimal_comma(world, client):
    from decimal import Decimal

    from scoring.models import Score

    Score.objects.filter(sheet__term=world.term, criterion__code="1").update(
        self_points=Decimal("8.5")
    )
    client.force_login(world.users["board"])
    response = client.get(reverse("portal:term_ranking", args=[world.block.pk, world.term.year]))
    assert response.status_code == 200
    rows = response.context["page"].table["rows"]
    assert [row["points"]["1"] for row in rows] == [Decimal("8.5")] * 4
    # Criterion 1's cell of each of the four rows, and nowhere a decimal point.
    assert response.text.count('<td class="num">8,5</td>') == 4
    assert '<td class="num">8.5</td>' not in response.text


def test_members_see_the_ranking_once_shared_as_provisional(world, clients):
    from results.services import share_provisional

    url = reverse("portal:term_ranking", args=[world.block.pk, 2025])
    # Before sharing: the member sees the year's stage, not the ranking (issue #10).
    before = clients["member"].get(url)
    assert before.status_code == 200 and "page" not in before.context
    assert "term-stage-note" in before.text
    assert clients["deputy"].get(url).status_code == 200
    share_provisional(term=world.term, actor=world.users["leader"], objection_days=3)
    response = clients["member"].get(url)
    assert response.status_code == 200
    assert response.context["page"].publication is None


def test_unit_page_hides_unpublished_years_from_the_public(world, client):
    response = client.get(reverse("portal:unit_detail", args=[world.member_unit.pk]))
    years = [item.term.year for item in response.context["years"]]
    assert years == [2024]


def test_unit_page_shows_own_unpublished_years(world, clients):
    response = clients["member"].get(reverse("portal:unit_detail", args=[world.member_unit.pk]))
    assert [item.term.year for item in response.context["years"]] == [2025, 2024]


# Pinned query counts. Anonymous requests: no session or user queries.


def _published(units: int, criteria: int, year: int, board):
    term = make_scored_term(units=units, criteria=criteria, year=year)
    publish_term(term=term, actor=board, decision_number="X", decision_date=term_date())
    term.refresh_from_db()
    return term


def term_date():
    import datetime

    return datetime.date(2026, 1, 15)


@pytest.mark.parametrize("units,criteria", [(3, 3), (30, 12)])
def test_published_ranking_query_count(world, client, django_assert_num_queries, units, criteria):
    term = _published(units, criteria, 2023, world.users["board"])
    url = reverse("portal:term_ranking", args=[term.block_id, term.year])
    # publication stamp (1), term with block/province/leader/deputy (1), published versions (1),
    # adoptions (1), stored documents' checksums (1), flag handovers with their deciding votes (1)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    # Then from the cache: the stamp only.
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("units,criteria", [(3, 3), (30, 12)])
def test_live_ranking_query_count(world, django_assert_num_queries, client, units, criteria):
    term = make_scored_term(units=units, criteria=criteria, year=2022)
    client.force_login(world.users["superuser"])
    url = reverse("portal:term_ranking", args=[term.block_id, term.year])
    # session (1), user (1), term (1), tie policy (1), classification bands (1), incidents (1),
    # ranking: criteria, sheets, counted scores (3), adoptions (1), flag handovers (1)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("provinces,blocks", [(1, 1), (6, 8)])
def test_home_query_count(db, client, django_assert_num_queries, provinces, blocks):
    """Constant with the number of provinces, blocks and years (issue #13: national size)."""
    from tests.factories import BlockFactory, ProvinceFactory, TermFactory

    for _ in range(provinces):
        province = ProvinceFactory()
        for _ in range(blocks):
            TermFactory(block=BlockFactory(province=province))
    # publication stamp (1), provinces with their counts (1)
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert len(response.context["provinces"]) == provinces


@pytest.mark.parametrize("blocks", [1, 8])
def test_home_query_count_signed_in(world, clients, django_assert_num_queries, blocks):
    from tests.factories import BlockFactory, MembershipFactory

    for _ in range(blocks):
        MembershipFactory(block=BlockFactory(province=world.province), unit=world.leader_unit)
    client = clients["leader"]
    client.get(reverse("portal:home"))
    # session (1), user (1), the worklist's years (1) and its tasks of this world (3), award
    # tasks (1), open ballots (1), own blocks (1), provinces (1); the user's unit in the
    # navigation bar comes with the user
    with django_assert_num_queries(10):
        response = client.get(reverse("portal:home"))
    assert len(response.context["own_blocks"]) == blocks + 1


@pytest.mark.parametrize("units,years", [(3, 1), (20, 4)])
def test_block_page_query_count(world, client, django_assert_num_queries, units, years):
    from tests.factories import BlockFactory

    block = BlockFactory(province=world.province)
    for offset in range(years):
        make_scored_term(units=units, criteria=2, year=2010 + offset, block=block)
    # block (1), memberships (1), terms (1), campaigns (1)
    with django_assert_num_queries(4):
        response = client.get(reverse("portal:block_detail", args=[block.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("years", [1, 6])
def test_unit_page_query_count(world, client, django_assert_num_queries, years):
    from tests.factories import BlockFactory

    block = BlockFactory(province=world.province)
    unit = None
    # years the members belong to the block (a block-year is checked when it is published)
    for offset in range(years):
        term = make_scored_term(units=3, criteria=2, year=2016 + offset, block=block)
        publish_term(
            term=term, actor=world.users["board"], decision_number="Y", decision_date=term_date()
        )
        unit = term.leader if unit is None else unit
    # publication stamp (1), unit (1), terms (1), publications (1), award proposals (1)
    with django_assert_num_queries(5):
        response = client.get(reverse("portal:unit_detail", args=[unit.pk]))
    assert response.status_code == 200


def test_a_member_waiting_for_the_results_is_told_why(world, clients):
    """Instead of a refusal the member sees the year's stage, its own sheet and why the
    ranking is not there yet (issue #10)."""
    response = clients["member"].get(reverse("portal:term_ranking", args=[world.block.pk, 2025]))
    assert response.status_code == 200
    assert "term-stage-note" in response.text
    assert 'id="ranking"' not in response.text
    own = reverse("scoring:sheet", args=[world.block.pk, 2025, world.member_unit.pk])
    assert own in response.text
