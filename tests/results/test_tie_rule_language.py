"""Tie-break rules are stored as codes and named when a page is shown: a ranking published in
Vietnamese reads in English in English mode, and the other way round (issue #10)."""

import copy
import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from results import selectors, services
from results.models import TiePolicy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VI_RULE = "nhiều tiêu chí đạt điểm tối đa hơn"
EN_RULE = "more criteria at full marks"


def _published_tie(build_term, language: str):
    # Both 27: A has two criteria at full marks, C none.
    term = build_term({"A": {"1": "10", "2": "10", "3": "7"}, "C": {"1": "9", "2": "9", "3": "9"}})
    TiePolicy.objects.create(term=term, rules=["full_marks", "group:G"])
    with translation.override(language):
        publication = services.publish_term(
            term=term,
            actor=UserFactory(),
            decision_number="1/QĐ",
            decision_date=datetime.date(2026, 1, 20),
        )
    return term, publication


def _ranking_text(client, term, language: str) -> str:
    client.post(reverse("set_language"), {"language": language})
    response = client.get(reverse("portal:term_ranking", args=[term.block_id, term.year]))
    assert response.status_code == 200
    return response.text


def test_the_snapshot_keeps_codes_not_words(build_term):
    _term, publication = _published_tie(build_term, "vi")
    rows = {r["unit_name"]: r for r in publication.snapshot["rows"]}
    assert rows["A"]["tie_rules"] == ["full_marks"]
    assert rows["C"]["tie_rules"] == ["full_marks"]


def test_published_in_vietnamese_reads_in_english(build_term, client):
    term, _publication = _published_tie(build_term, "vi")
    text = _ranking_text(client, term, "en")
    assert EN_RULE in text and "higher score in group Nhóm G" in text
    assert "Tie on total broken by: more criteria at full marks." in text
    assert VI_RULE not in text


def test_published_in_english_reads_in_vietnamese(build_term, client):
    term, _publication = _published_tie(build_term, "en")
    text = _ranking_text(client, term, "vi")
    assert VI_RULE in text
    assert EN_RULE not in text


def test_a_snapshot_from_before_the_codes_is_worded_again(build_term):
    """Years published before `tie_rules` existed: the note is worked out from the figures."""
    _term, publication = _published_tie(build_term, "vi")
    # Published rows are never updated: the old shape is read from a copy.
    snapshot = copy.deepcopy(publication.snapshot)
    for row in snapshot["rows"]:
        del row["tie_rules"]
    snapshot["tie_policy_labels"] = ["nhiều tiêu chí", "nhóm G"]
    with translation.override("en"):
        table = selectors.as_decimals(snapshot)
    notes = {r["unit_name"]: r["tie_note"] for r in table["rows"]}
    assert notes == {
        "A": "Tie on total broken by: more criteria at full marks.",
        "C": "Tie on total broken by: more criteria at full marks.",
    }
    assert table["tie_policy_labels"] == [EN_RULE, "higher score in group Nhóm G"]


def test_a_shared_rank_is_worded_in_the_page_language(build_term):
    term = build_term({"A": {"1": "9"}, "C": {"1": "9"}})
    TiePolicy.objects.create(term=term, rules=["full_marks"])
    with translation.override("en"):
        en = selectors.ranking_page(term).table["rows"][0]["tie_note"]
    with translation.override("vi"):
        vi = selectors.ranking_page(term).table["rows"][0]["tie_note"]
    assert en == "Tied on every rule: rank shared."
    assert vi != en and vi
