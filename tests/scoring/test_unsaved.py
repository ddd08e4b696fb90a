"""Nothing typed is lost (issue #10): submission saves the form first; a conflict made by the
same person in another tab says so; the pages carry the unsaved-changes guard."""

from decimal import Decimal

import pytest
from django.urls import reverse

from scoring.models import Score, ScoreSheet

pytestmark = pytest.mark.django_db


def _url(world, name="scoring:sheet"):
    return reverse(name, args=[world.block.pk, 2026, world.member_unit.pk])


def test_save_and_submit_saves_the_typed_values_first(world, clients, open_term):
    o = open_term
    response = clients["member"].post(
        _url(world), {"version": 1, f"points_{o.scored[0].pk}": "7,5", "save_and_submit": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(world, "scoring:sheet_submit")
    score = Score.objects.get(sheet=o.member_sheet, criterion=o.scored[0])
    assert score.self_points == Decimal("7.5")
    o.member_sheet.refresh_from_db()
    assert o.member_sheet.status == ScoreSheet.Status.DRAFT  # submitted only after confirming


def test_save_and_submit_with_a_bad_value_refuses_and_says_so(world, clients, open_term):
    o = open_term
    response = clients["member"].post(
        _url(world), {"version": 1, f"points_{o.scored[0].pk}": "99", "save_and_submit": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Score.objects.get(sheet=o.member_sheet, criterion=o.scored[0]).self_points is None


def test_a_conflict_with_oneself_says_another_tab(world, clients, open_term):
    o = open_term
    first = clients["member"].post(_url(world), {"version": 1, f"points_{o.scored[0].pk}": "9"})
    assert first.status_code == 302
    response = clients["member"].post(_url(world), {"version": 1, f"points_{o.scored[0].pk}": "5"})
    assert response.status_code == 200
    assert "td-conflict-self" in response.text
    assert "bạn, ở một thẻ khác" in response.text
    assert 'value="5"' in response.text  # the typed value is kept


def test_sheet_and_review_pages_carry_the_guard(world, clients, open_term):
    page = clients["member"].get(_url(world)).text
    assert "data-td-unsaved" in page and "scoring/guard.js" in page
    assert "<script>" not in page  # no inline script: CSP script-src 'self'
