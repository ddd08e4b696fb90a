"""Sharing the provisional results and publishing are confirmed before they act, without
JavaScript too (issue #10): the page says how many units see the ranking, who is e-mailed, how
many sheets are locked, what becomes read-only, and nothing is written until it is confirmed."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocks.models import Term
from results.models import ProvisionalRelease, PublishedResult
from scoring.models import ScoreSheet
from tests.results.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def _url(name: str, term) -> str:
    return reverse(name, args=[term.block_id, term.year])


def test_sharing_asks_first_with_its_consequences(world, clients):
    url = _url("results:share", world.term)
    response = clients["leader"].post(url, {"objection_days": "5"})
    assert response.status_code == 200
    text = response.text
    assert 'id="confirm-page"' in text
    assert "Cả 4 đơn vị thành viên" in text  # the four members of Khối A
    assert "5 ngày" in text and "được gửi thư" in text
    assert not ProvisionalRelease.objects.filter(term=world.term).exists() and not mail.outbox
    world.term.refresh_from_db()
    assert world.term.status == Term.Status.SCORING

    response = clients["leader"].post(url, {"objection_days": "5", "confirmed": "1"})
    assert response.status_code == 302
    assert ProvisionalRelease.objects.filter(term=world.term).exists()


def test_the_workspace_leads_to_the_publication_page(world, clients):
    workspace = clients["board"].get(_url("results:workspace", world.term)).text
    assert 'id="publish-link"' in workspace
    assert _url("results:publish", world.term) in workspace


def test_the_publication_page_says_what_publishing_does(world, clients):
    response = clients["board"].get(_url("results:publish", world.term))
    assert response.status_code == 200
    text = response.text
    assert 'id="confirm-page"' in text and 'enctype="multipart/form-data"' in text
    assert "4 bảng điểm" in text and "chỉ đọc" in text and "công khai" in text
    assert 'name="signed_file"' in text and 'name="confirmed" value="1"' in text


def test_the_publication_page_warns_of_unverified_sheets(world, clients):
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(
        status=ScoreSheet.Status.SUBMITTED
    )
    text = clients["board"].get(_url("results:publish", world.term)).text
    assert "1 bảng điểm chưa được xác nhận" in text


def test_an_unconfirmed_publication_writes_nothing(world, clients):
    data = {
        "decision_number": "15/QĐ",
        "decision_date": "26/01/2026",
        "signed_file": SimpleUploadedFile("qd.pdf", PDF_BYTES, "application/pdf"),
    }
    response = clients["board"].post(_url("results:publish", world.term), data)
    assert response.status_code == 200 and 'id="confirm-page"' in response.text
    assert not PublishedResult.objects.filter(term=world.term).exists()
    world.term.refresh_from_db()
    assert world.term.status == Term.Status.SCORING
