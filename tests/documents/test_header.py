"""The header of a block-year's documents: number, recipients, signer; editable until
publication by the leader unit or the board."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from audit.models import AuditEntry
from documents import services
from documents.models import DocumentHeader

pytestmark = pytest.mark.django_db

TYPED = {
    "number_symbol": "   /KQ-KA",
    "recipients": "UBND tỉnh;\n\nCác đơn vị thành viên Khối;\nLưu: VT, VP Khối.",
    "signer_authority": "TM. KHỐI THI ĐUA",
    "signer_position": "TRƯỞNG KHỐI",
    "signer_name": "Nguyễn Thị Hoa",
}


def _url(name, term):
    return reverse(name, args=[term.block_id, term.year])


def test_leader_sets_the_header_and_documents_carry_it(world, clients):
    response = clients["leader"].post(_url("documents:header", world.term), TYPED)
    assert response.status_code == 302
    header = DocumentHeader.objects.get(term=world.term)
    assert header.recipient_lines() == [
        "UBND tỉnh;",
        "Các đơn vị thành viên Khối;",
        "Lưu: VT, VP Khối.",
    ]
    assert header.number_symbol == "/KQ-KA"
    entry = AuditEntry.objects.get(action="documents.header.changed")
    assert entry.actor == world.users["leader"]
    doc = Document(
        io.BytesIO(clients["leader"].get(_url("documents:ranking_docx", world.term)).content)
    )
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Số: /KQ-KA" in cells
    recipients = next(c for c in cells if c.startswith("Nơi nhận:"))
    assert recipients.splitlines()[1:] == [
        "- UBND tỉnh;",
        "- Các đơn vị thành viên Khối;",
        "- Lưu: VT, VP Khối.",
    ]
    signature = next(c for c in cells if c.startswith("TM. KHỐI THI ĐUA"))
    assert "TRƯỞNG KHỐI" in signature and signature.endswith("Nguyễn Thị Hoa")
    assert "Ký, ghi rõ" not in signature  # the name replaces the hint
    pdf = clients["leader"].get(_url("documents:ranking_pdf", world.term)).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Số: /KQ-KA",
        "Nơi nhận:",
        "- UBND tỉnh;",
        "TM. KHỐI THI ĐUA",
        "Nguyễn Thị Hoa",
    ):
        assert expected in text


def test_a_published_year_refuses_and_writes_nothing(world):
    with pytest.raises(ValidationError) as refused:
        services.set_document_header(term=world.published_term, actor=world.users["board"], **TYPED)
    assert refused.value.code == "term_published"
    assert not DocumentHeader.objects.exists()
    assert not AuditEntry.objects.filter(action="documents.header.changed").exists()


def test_the_form_shows_the_refusal(world, clients):
    response = clients["board"].post(_url("documents:header", world.published_term), TYPED)
    assert response.status_code == 200
    assert "đã công bố" in response.content.decode()
    assert not DocumentHeader.objects.exists()


def test_published_documents_use_the_decision_number(world, clients):
    pdf = clients["anonymous"].get(_url("documents:ranking_pdf", world.published_term)).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Số: 01/QĐ-TEST" in text


def test_too_long_a_field_is_a_message_not_a_500(world, clients):
    response = clients["leader"].post(
        _url("documents:header", world.term), {**TYPED, "signer_name": "x" * 151}
    )
    assert response.status_code == 200
    assert not DocumentHeader.objects.exists()


def test_header_page_query_count(world, clients, django_assert_num_queries):
    services.set_document_header(term=world.term, actor=world.users["leader"], **TYPED)
    client = clients["leader"]
    client.get(_url("documents:header", world.term))  # warm the session
    # session, user (with their unit, for the menu), term (with block, province, leader; the
    # leader unit's officer: no council check), the header
    with django_assert_num_queries(4):
        response = client.get(_url("documents:header", world.term))
    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" in response.content.decode()
