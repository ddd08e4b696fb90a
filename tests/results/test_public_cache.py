"""Published results served from the cache (issue #13, part 3): publication and correction
show at once in both languages, browsers revalidate to 304, signed-in pages never come from the
cache, and a cached hit costs one query."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from results.services import correct_publication, publish_term
from tests.factories import make_scored_term

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 2, 1)


def _visitor(language: str = "vi", **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _ranking_url(term) -> str:
    return reverse("portal:term_ranking", args=[term.block_id, term.year])


def _correct(world):
    unit_id = world.published_term.publications.get().snapshot["rows"][0]["unit_id"]
    return correct_publication(
        term=world.published_term,
        actor=world.users["board"],
        decision_number="02/QĐ-SỬA",
        decision_date=DAY,
        reason="Sai sót tổng hợp",
        adjustments={(unit_id, "1"): Decimal("0")},
    )


def _served_from_cache(client, url, django_assert_num_queries) -> str:
    with django_assert_num_queries(1):  # the publication stamp
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_correction_shows_at_once_on_the_cached_ranking_in_both_languages(
    world, django_assert_num_queries
):
    url = _ranking_url(world.published_term)
    vi, en = _visitor("vi"), _visitor("en")
    assert 'lang="vi"' in vi.get(url).text and 'lang="en"' in en.get(url).text
    assert 'lang="vi"' in _served_from_cache(vi, url, django_assert_num_queries)
    assert 'lang="en"' in _served_from_cache(en, url, django_assert_num_queries)

    _correct(world)

    for client, language in ((vi, "vi"), (en, "en")):
        text = client.get(url).text  # a miss: the stamp changed with the correction
        assert f'lang="{language}"' in text
        assert "02/QĐ-SỬA" in text and "Sai sót tổng hợp" in text
        assert 'href="?version=1"' in text
        cached = _served_from_cache(client, url, django_assert_num_queries)
        assert "02/QĐ-SỬA" in cached and f'lang="{language}"' in cached
    # The first version stays readable, cached under its own key.
    first = vi.get(url, {"version": 1}).text
    assert "01/QĐ-TEST" in first and "Sai sót tổng hợp" not in first


def test_a_publication_shows_at_once_on_the_cached_home_province_and_unit_pages(world):
    term = make_scored_term(units=3, criteria=2, year=2023, block=world.block)
    unit = term.leader
    pages = {
        "home": reverse("portal:home"),
        "province": reverse("portal:province_detail", args=[world.province.pk]),
        "unit": reverse("portal:unit_detail", args=[unit.pk]),
    }
    year_link = f'href="{_ranking_url(term)}"'
    vi, en = _visitor("vi"), _visitor("en")
    for client in (vi, en):
        before = {name: client.get(url) for name, url in pages.items()}
        assert before["home"].context["provinces"][0].published_count == 1
        assert year_link not in before["province"].text
        assert 2023 not in [y.term.year for y in before["unit"].context["years"]]
        # Cached now: the same again, without rendering.
        assert client.get(pages["province"]).context is None

    publish_term(term=term, actor=world.users["board"], decision_number="9/QĐ", decision_date=DAY)

    for client, language in ((vi, "vi"), (en, "en")):
        after = {name: client.get(url) for name, url in pages.items()}
        assert all(f'lang="{language}"' in r.text for r in after.values())
        assert after["home"].context["provinces"][0].published_count == 2
        assert year_link in after["province"].text
        assert 2023 in [y.term.year for y in after["unit"].context["years"]]


def test_a_second_visit_is_answered_304(world):
    url = _ranking_url(world.published_term)
    client = _visitor()
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]

    revalidated = client.get(url, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304

    # Another language is another page; a correction makes a new one.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    _correct(world)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_the_cached_pages_answer_304_on_home_province_and_unit_pages(world):
    client = _visitor()
    for url in (
        reverse("portal:home"),
        reverse("portal:province_detail", args=[world.province.pk]),
        reverse("portal:unit_detail", args=[world.leader_unit.pk]),
    ):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, url


def test_signed_in_pages_never_come_from_the_cache(world, clients, django_assert_num_queries):
    url = _ranking_url(world.published_term)
    anonymous = _visitor()
    anonymous.get(url)  # now cached
    board = clients["board"]
    response = board.get(url)
    assert response.context is not None  # rendered for this person
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")
    assert reverse("results:workspace", args=[world.block.pk, 2024]) in response.text
    # ... and what they saw is never served to the public.
    public = _served_from_cache(anonymous, url, django_assert_num_queries)
    assert reverse("results:workspace", args=[world.block.pk, 2024]) not in public
    assert "Đăng xuất" not in public


def test_the_language_switch_works_from_a_cached_page_without_a_token(world):
    """The cached page holds nothing of one visitor (no CSRF token, no cookie set): its only
    form, the language switch, is exempt from CSRF and works for the next visitor."""
    url = _ranking_url(world.published_term)
    first = _visitor().get(url)  # someone else's visit fills the cache
    assert not first.cookies
    visitor = _visitor(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page.context is None  # from the cache
    assert "csrfmiddlewaretoken" not in page.text and not page.cookies
    switched = visitor.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    assert 'lang="en"' in visitor.get(url).text


def test_a_cached_hit_keeps_the_headers_of_the_rendered_page(world):
    url = _ranking_url(world.published_term)
    rendered = _visitor().get(url)
    hit = _visitor().get(url)
    assert hit.context is None
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Content-Type",
    ):
        assert hit[header] == rendered[header], header
    assert hit["ETag"] == rendered["ETag"] and "Cookie" in hit["Vary"]
    assert hit["X-Content-Type-Options"] == "nosniff"  # the security middleware, outside
    head = _visitor().head(url)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(rendered.content)) and head["ETag"] == hit["ETag"]


def test_a_visitor_with_a_message_or_a_session_gets_a_rendered_page(world):
    url = _ranking_url(world.published_term)
    _visitor().get(url)  # cached
    with_message = _visitor()
    with_message.cookies["messages"] = "anything"
    assert with_message.get(url).context is not None
    with_session = _visitor()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    assert with_session.get(url).context is not None


def test_the_stamps_agree_with_the_orm(world):
    """The stamps are plain SQL (read on every hit); the ORM says the same."""
    from django.db.models import Count, Max

    from portal import stamps
    from results.models import PublishedResult

    term = world.published_term
    found = PublishedResult.objects.filter(
        term__block_id=term.block_id, term__year=term.year
    ).aggregate(latest=Max("pk"), documents=Count("documents"))
    assert stamps.term_ranking(term.block_id, term.year) == (
        f"t{found['latest']}-{found['documents']}"
    )
    assert stamps.term_ranking(term.block_id, 1990) is None
    latest = PublishedResult.objects.aggregate(latest=Max("pk"))["latest"]
    assert latest and stamps.home() == f"h{latest}"
    assert stamps.province(world.province.pk) == f"p{latest}"
    assert stamps.province(world.province.pk + 1000) == "p0"
    assert stamps.unit(world.leader_unit.pk).startswith(f"u{latest}-")
    assert stamps.unit(world.leader_unit.pk + 1000) == "u0-0"


def test_other_query_parameters_are_not_cached(world, django_assert_num_queries):
    url = _ranking_url(world.published_term)
    client = _visitor()
    client.get(url, {"utm": "x"})
    # term, versions, adoptions, documents' checksums, flag handovers: rendered every time, no
    # stamp read
    with django_assert_num_queries(5):
        assert client.get(url, {"utm": "x"}).status_code == 200
    client.get(url, {"version": "abc"})
    assert client.get(url, {"version": "abc"}).context is not None


def test_a_cached_hit_costs_one_query_whatever_the_size(world, django_assert_num_queries):
    big = make_scored_term(units=20, criteria=12, year=2022, block=world.block)
    publish_term(term=big, actor=world.users["board"], decision_number="8/QĐ", decision_date=DAY)
    client = _visitor()
    for url in (
        _ranking_url(big),
        _ranking_url(world.published_term),
        reverse("portal:home"),
        reverse("portal:province_detail", args=[world.province.pk]),
        reverse("portal:unit_detail", args=[big.leader_id]),
    ):
        client.get(url)
        _served_from_cache(client, url, django_assert_num_queries)


def test_turned_off_with_a_zero_lifetime(world, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = _ranking_url(world.published_term)
    client = _visitor()
    client.get(url)
    response = client.get(url)
    assert response.context is not None
    assert not response.has_header("ETag")
