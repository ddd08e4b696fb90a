"""Browser flow: a member self-scores with evidence and submits; the leader rescores one
criterion with a reason and verifies; the member sees the change and its reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blocks.models import Term
from campaigns.models import Criterion, Scale
from scoring import services
from scoring.models import Score, ScoreSheet
from tests.factories import (
    BlockFactory,
    CriterionFactory,
    MembershipFactory,
    ScaleFactory,
    TermFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


@pytest.fixture
def year(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    block = BlockFactory(name="Khối thi đua E2E")
    leader_unit, member_unit = (
        MembershipFactory(block=block, unit__province=block.province).unit for _ in range(2)
    )
    term = TermFactory(block=block, year=2026, leader=leader_unit, status=Term.Status.SETUP)
    scale = ScaleFactory(term=term, status=Scale.Status.APPROVED)
    CriterionFactory(scale=scale, code="1", title="Tổ chức hoạt động", evidence_required=True)
    CriterionFactory(scale=scale, code="2", title="Báo cáo đúng hạn", max_points=20)
    CriterionFactory(
        scale=scale,
        code="T",
        title="Được khen thưởng",
        kind=Criterion.Kind.BONUS,
        max_points=5,
        points_per_occurrence=2,
    )
    leader = UserFactory(username="e2e-leader", unit=leader_unit)
    UserFactory(username="e2e-member", unit=member_unit)
    now = timezone.now()
    services.open_scoring(
        term=term,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
        actor=leader,
    )
    return term, member_unit


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-Thidua-123")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _logout(page):
    page.context.clear_cookies()


def test_self_score_submit_review_verify(page, live_server, year, tmp_path):
    term, member_unit = year
    sheet_url = live_server.url + reverse(
        "scoring:sheet", args=[term.block_id, term.year, member_unit.pk]
    )
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(PDF)
    c1, c2, bonus = term.scales.get().criteria.order_by("order")

    # The member officer self-scores, with a comma, a count and a file.
    _login(page, live_server, "e2e-member")
    page.goto(live_server.url + reverse("scoring:home", args=[term.block_id, term.year]))
    assert page.url == sheet_url
    page.fill(f"#id_points_{c1.pk}", "8,5")
    page.fill(f"#id_points_{c2.pk}", "18")
    page.fill(f"#id_occ_{bonus.pk}", "1")
    # The running total follows the typing: 8,5 + 18 + 2.
    assert page.inner_text("#total-total") == "28,5"
    page.set_input_files(f"#id_evidence_{c1.pk}", str(evidence))
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()
    assert "bien-ban.pdf" in page.inner_text(f"#criterion-{c1.code}")
    assert page.inner_text("#total-total") == "28,5"
    page.get_by_role("button", name="Lưu và nộp…").click()
    page.get_by_role("button", name="Xác nhận và nộp").click()
    page.wait_for_load_state()
    assert ScoreSheet.objects.get(term=term, unit=member_unit).status == "submitted"
    _logout(page)

    # The leader rescores criterion 2 with a reason and verifies.
    _login(page, live_server, "e2e-leader")
    page.goto(live_server.url + reverse("scoring:review", args=[term.block_id, term.year]))
    page.get_by_role("link", name=member_unit.name).click()
    page.fill(f"#id_rpoints_{c2.pk}", "16,5")
    page.get_by_role("button", name="Lưu kết quả thẩm định").click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() == 1  # a reason is required
    page.fill(f"#id_reason_{c2.pk}", "Báo cáo quý III nộp trễ.")
    page.get_by_role("button", name="Lưu kết quả thẩm định").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Xác nhận kết quả").click()
    page.wait_for_load_state()
    assert ScoreSheet.objects.get(term=term, unit=member_unit).status == "verified"
    _logout(page)

    # The member sees the reviewed figure and the reason.
    _login(page, live_server, "e2e-member")
    page.goto(sheet_url)
    row = page.locator(f"#criterion-{c2.code}")
    assert "16,5" in row.inner_text()
    assert "Báo cáo quý III nộp trễ." in row.inner_text()
    assert Score.objects.get(sheet__unit=member_unit, criterion=c2).reviewed_points == 16.5


def test_member_reaches_its_sheet_from_home_and_is_warned_before_losing_typing(
    page, live_server, year
):
    """Issue #10: from "/" by clicking only; leaving with unsaved typing asks first; "Lưu và
    nộp…" saves the typed value before the confirmation."""
    term, member_unit = year
    c1 = term.scales.get().criteria.order_by("order").first()
    _login(page, live_server, "e2e-member")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Tự chấm điểm và nộp bảng điểm của đơn vị").click()
    page.wait_for_load_state()
    assert page.url.endswith(
        reverse("scoring:sheet", args=[term.block_id, term.year, member_unit.pk])
    )
    page.fill(f"#id_points_{c1.pk}", "7")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator("#term-tabs a").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(
        reverse("scoring:sheet", args=[term.block_id, term.year, member_unit.pk])
    )
    page.remove_listener("dialog", dismiss)
    page.get_by_role("button", name="Lưu và nộp…").click()
    page.wait_for_load_state()
    assert page.url.endswith(
        reverse("scoring:sheet_submit", args=[term.block_id, term.year, member_unit.pk])
    )
    assert Score.objects.get(sheet__unit=member_unit, criterion=c1).self_points == 7
