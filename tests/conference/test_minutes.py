"""The minutes (biên bản) as PDF and Word: attendance, each ballot with its method,
electorate, turnout and result, in the frame every document of the year shares."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from conference import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(conf):
    w = conf.world
    conf.attend(conf.units[:3])
    motion = conf.opened(title="Thông qua báo cáo tổng kết năm 2024")
    for unit in conf.units[:3]:
        conf.vote(motion, unit, "yes")
    services.close_ballot(ballot=motion, actor=conf.runner)
    election = conf.opened(
        subject="leader",
        title="Bầu Khối trưởng năm 2025",
        method="hands",
        base="present",
        candidates=[w.member_unit],
    )
    counts = {o.pk: (3 if o.unit_id == w.member_unit.pk else 0) for o in election.options.all()}
    services.record_counts(ballot=election, actor=conf.runner, counts=counts)
    election = services.close_ballot(ballot=election, actor=conf.runner)
    conf.meeting.refresh_from_db()
    services.record_handover(
        meeting=conf.meeting,
        actor=conf.runner,
        handed_on=conf.meeting.held_on,
        place="Hội trường Khối A",
        ballot=election,
    )
    return conf


def _url(conf, name):
    return reverse(name, args=[conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk])


def test_minutes_pdf_reads_back(held, clients):
    response = clients["member"].get(_url(held, "documents:minutes_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    w = held.world
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/BB-KA",
        "ngày 22 tháng 01 năm 2025",
        "BIÊN BẢN",
        w.leader_unit.name,
        "Thông qua báo cáo tổng kết năm 2024",
        "Bỏ phiếu kín trực tuyến",
        "Biểu quyết giơ tay",
        "3 trên 4",
        "Bầu Khối trưởng năm 2025",
        f"{w.member_unit.name} trúng cử",
        "Nguyễn Văn Chủ",
        "Trần Thị Thư",
    ):
        assert expected in text, expected
    # attendance: 3 of the 4 members present
    assert "3/4" in text or "3 trên 4 đơn vị" in text


def test_minutes_docx_has_the_same_content(held, clients):
    response = clients["council"].get(_url(held, "documents:minutes_docx"))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Số: 01/BB-KA" in cells
    assert "Bầu Khối trưởng năm 2025" in text
    assert f"{held.world.member_unit.name} trúng cử" in text
    assert held.world.member_unit.name in cells


def test_minutes_of_a_meeting_without_votes(conf, clients):
    response = clients["leader"].get(_url(conf, "documents:minutes_pdf"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "BIÊN BẢN" in text
