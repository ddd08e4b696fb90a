"""Published means as published (issue #14 item 4): the snapshot freezes every name a document
prints (province, block, leader and deputy units, issuing body, signer). After a province
merger and a block rename, the 2018 PDF reads exactly as it did, while the portal shows
today's name beside the published one ("nay là …")."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from blocks.models import Block, Province, Term
from results.models import PublishedResult

pytestmark = pytest.mark.django_db

BLOCK = "Khối thi đua Kinh tế - Kỹ thuật"


@pytest.fixture
def demo_2018(db) -> Term:
    call_command("seed_demo", stdout=io.StringIO())
    return Term.objects.select_related("block__province", "leader").get(
        block__name=BLOCK, year=2018
    )


def _pdf_text(client, term: Term) -> str:
    response = client.get(reverse("documents:ranking_pdf", args=[term.block_id, term.year]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _merge_and_rename(term: Term) -> Province:
    """The block's province merges into a new one, which takes the block over; the block and
    the leader unit are renamed."""
    old = term.block.province
    merged = Province.objects.create(code="99", name="Tỉnh Hợp Nhất")
    Province.objects.filter(pk=old.pk).update(successor=merged)
    Block.objects.filter(pk=term.block_id).update(province=merged, name="Khối Kinh tế mới")
    type(term.leader).objects.filter(pk=term.leader_id).update(name="Sở Mới Sau Sáp Nhập")
    return merged


def test_the_snapshot_freezes_the_names_a_document_prints(demo_2018):
    names = PublishedResult.objects.filter(term=demo_2018).latest().snapshot["names"]
    assert names["province"] == demo_2018.block.province.name
    assert names["block"] == names["issuer_top"] == BLOCK
    assert names["leader"] == names["issuer"] == demo_2018.leader.name
    assert set(names) >= {"deputy", "signer"}


def test_a_merger_and_a_rename_leave_the_2018_pdf_unchanged(demo_2018, client):
    before = _pdf_text(client, demo_2018)
    old_province, old_leader = demo_2018.block.province.name, demo_2018.leader.name
    assert BLOCK in before and old_province in before

    _merge_and_rename(demo_2018)
    after = _pdf_text(client, Term.objects.get(pk=demo_2018.pk))

    assert after == before
    assert "Tỉnh Hợp Nhất" not in after and "Khối Kinh tế mới" not in after
    assert old_leader.upper() in after


def test_the_portal_shows_the_name_of_today_beside_the_published_one(demo_2018, client):
    old_province = demo_2018.block.province.name
    _merge_and_rename(demo_2018)

    response = client.get(reverse("portal:term_ranking", args=[demo_2018.block_id, 2018]))

    assert response.status_code == 200
    page = response.context["page"]
    pairs = {(n["then"], n["now"]) for n in page.renamed}
    assert (old_province, "Tỉnh Hợp Nhất") in pairs
    assert (BLOCK, "Khối Kinh tế mới") in pairs
    assert f"{BLOCK} (nay là Khối Kinh tế mới)" in response.text
    assert f"{old_province} (nay là Tỉnh Hợp Nhất)" in response.text


def test_nothing_is_shown_beside_unchanged_names(demo_2018, client):
    response = client.get(reverse("portal:term_ranking", args=[demo_2018.block_id, 2018]))
    assert response.context["page"].renamed == []
    assert "names-as-published" not in response.text
