"""Returning and reopening a sheet are confirmed before they act, without JavaScript too: the
first POST answers a page saying what will happen (who is e-mailed, what the unit can do) and
writes nothing; the page's own POST (`confirmed=1`) acts (issue #10)."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry
from scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db
S = ScoreSheet.Status


def _sheet(world) -> ScoreSheet:
    return ScoreSheet.objects.get(term=world.term, unit=world.member_unit)


def _url(world, name: str) -> str:
    return reverse(name, args=[world.block.pk, world.term.year, world.member_unit.pk])


def test_returning_asks_first_and_says_who_is_told(world, clients):
    ScoreSheet.objects.filter(pk=_sheet(world).pk).update(status=S.SUBMITTED)
    entries = AuditEntry.objects.count()
    url = _url(world, "scoring:sheet_return")
    response = clients["leader"].post(url, {"reason": "Thiếu minh chứng tiêu chí 2"})
    assert response.status_code == 200
    text = response.text
    assert 'id="confirm-page"' in text and world.member_unit.name in text
    # The member persona has an e-mail address and has not opted out.
    assert "1 cán bộ" in text and "kèm lý do" in text
    # The reason stays editable on the page, and the page posts it back confirmed.
    assert "Thiếu minh chứng tiêu chí 2" in text
    assert 'name="confirmed" value="1"' in text
    assert f'action="{url}"' in text
    assert _sheet(world).status == S.SUBMITTED
    assert AuditEntry.objects.count() == entries and not mail.outbox

    response = clients["leader"].post(
        url, {"reason": "Thiếu minh chứng tiêu chí 2", "confirmed": "1"}
    )
    assert response.status_code == 302
    assert _sheet(world).status == S.DRAFT


def test_returning_without_a_reason_is_refused_before_any_confirmation(world, clients):
    ScoreSheet.objects.filter(pk=_sheet(world).pk).update(status=S.SUBMITTED)
    response = clients["leader"].post(_url(world, "scoring:sheet_return"), {"reason": ""})
    assert response.status_code == 302  # back to the review page with the refusal
    assert _sheet(world).status == S.SUBMITTED


def test_reopening_asks_first_and_says_the_sheet_stops_counting(world, clients):
    url = _url(world, "scoring:sheet_reopen")
    response = clients["leader"].post(url, {"reason": "Kiến nghị được chấp nhận"})
    assert response.status_code == 200 and 'id="confirm-page"' in response.text
    assert "không còn được tính" in response.text
    assert _sheet(world).status == S.VERIFIED
    response = clients["leader"].post(url, {"reason": "Kiến nghị được chấp nhận", "confirmed": "1"})
    assert response.status_code == 302
    assert _sheet(world).status == S.UNDER_REVIEW


def test_the_review_page_forms_ask_in_the_browser_too(world, clients):
    """With JavaScript, guard.js asks in a dialog and adds `confirmed=1` (one click)."""
    ScoreSheet.objects.filter(pk=_sheet(world).pk).update(status=S.SUBMITTED)
    page = clients["leader"].get(_url(world, "scoring:sheet_review")).text
    assert "data-td-confirm" in page and "scoring/guard.js" in page
