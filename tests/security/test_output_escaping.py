"""User text never becomes markup: unit names, criterion codes and titles holding HTML come out
escaped on the pages and inside the server-rendered SVG charts (which are marked safe)."""

import pytest
from django.urls import reverse

from campaigns.models import Criterion

pytestmark = pytest.mark.django_db

NAME = '<script>alert("u")</script>"><img src=x onerror=alert(1)>'
CODE = '"><svg/onload=x>'  # codes hold 20 characters


@pytest.fixture
def hostile(world):
    assert len(NAME) <= 60 and len(CODE) <= 20  # the fields' limits (PostgreSQL enforces them)
    for index, unit in enumerate((world.member_unit, world.leader_unit)):
        unit.name = f"{NAME} {index}"
        unit.short_name = NAME
        unit.save()
    Criterion.objects.filter(scale__term=world.term, code="1").update(code=CODE, title=NAME)
    return world


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered
    assert "<svg/onload" not in lowered
    assert "onerror=alert" not in lowered.replace("onerror=alert(1)&gt;", "")


def test_the_ranking_page_and_its_chart_escape_names(hostile, clients):
    term = hostile.term
    response = clients["leader"].get(
        reverse("portal:term_ranking", args=[term.block_id, term.year])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html  # the chart is there, with the names in it
    assert "&lt;script&gt;" in html
    _assert_inert(html)


def test_the_unit_page_charts_escape_names(hostile, clients):
    response = clients["anonymous"].get(
        reverse("portal:unit_detail", args=[hostile.member_unit.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "&lt;script&gt;" in html  # the legend holds the short name
    _assert_inert(html)


@pytest.mark.parametrize("name", ["scoring:sheet", "scoring:sheet_review"])
def test_sheet_pages_escape_titles(hostile, clients, name):
    term = hostile.term
    url = reverse(name, args=[term.block_id, term.year, hostile.member_unit.pk])
    response = clients["leader"].get(url)
    assert response.status_code == 200
    _assert_inert(response.content.decode())


def test_the_scale_editor_escapes_titles(hostile, clients):
    term = hostile.term
    response = clients["leader"].get(
        reverse("campaigns:scale_editor", args=[term.block_id, term.year])
    )
    assert response.status_code == 200
    _assert_inert(response.content.decode())
