"""Browser flow: one block-year from an empty scale to the public ranking, by clicking.

The leader builds a 3-criterion scale and submits it; board staff approve it; the leader opens
scoring; a member self-scores typing "8,5" and submits; the leader verifies every sheet; the
board publishes; an anonymous visitor finds the ranking with 8,5 in it. Every page after the
first is reached through links and tabs, never by typing a URL: that is the point.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from blocks.models import Term
from campaigns.models import Scale
from scoring import services as scoring_services
from scoring.models import Score, ScoreSheet
from scoring.services import SelfEntry
from tests.factories import BlockFactory, MembershipFactory, ProvinceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)
CRITERIA = [("1", "Tổ chức phong trào"), ("2", "Thực hiện giao ước"), ("3", "Báo cáo đúng hạn")]


@pytest.fixture
def year(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    province = ProvinceFactory(code="CB", name="Tỉnh chu trình")
    block = BlockFactory(province=province, name="Khối thi đua chu trình")
    leader_unit, member_unit, other_unit = (
        MembershipFactory(block=block, unit__province=province, unit__name=name).unit
        for name in ("Sở Công thương", "Sở Xây dựng", "Sở Tư pháp")
    )
    term = Term.objects.create(
        block=block, year=2026, leader=leader_unit, deputy=member_unit, status=Term.Status.SETUP
    )
    UserFactory(username="cb-leader", unit=leader_unit)
    UserFactory(username="cb-member", unit=member_unit)
    UserFactory(username="cb-other", unit=other_unit)
    UserFactory(username="cb-board", board_province=province)
    return term


def _as(page, login, username):
    page.context.clear_cookies()
    login(username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _to_year(page, term):
    """From the home page to the block-year, by its links."""
    page.get_by_role("link", name="Thi Đua", exact=True).first.click()
    # The block's card among the person's own blocks (the to-do section above also links the
    # person's block-years).
    page.locator("#own-blocks a.card", has_text=term.block.name).click()
    page.locator("main").get_by_role("link", name=str(term.year), exact=True).click()


def _to_published_year(page, term):
    """Signed out: the home page lists the provinces, the province's page its blocks."""
    page.get_by_role("link", name="Thi Đua", exact=True).first.click()
    page.locator("#provinces").get_by_role("link", name=term.block.province.name).click()
    page.locator("main").get_by_role("link", name=term.block.name).click()
    page.locator("main").get_by_role("link", name=str(term.year), exact=True).click()


def _tab(page, name):
    page.locator("#term-tabs").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def _add_line(page, code, title):
    form = page.locator("#add-line form")
    form.locator("select[name=kind]").select_option("scored")
    form.locator("input[name=code]").fill(code)
    form.locator("input[name=title]").fill(title)
    form.locator("input[name=max_points]").fill("10")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _self_score(page, term, figures):
    scale = Scale.objects.get(term=term)
    for (code, _title), value in zip(CRITERIA, figures, strict=True):
        criterion = scale.criteria.get(code=code)
        page.fill(f"#id_points_{criterion.pk}", value)
    # "Lưu và nộp…" saves what is typed, then asks to confirm the submission.
    page.get_by_role("button", name="Lưu và nộp…").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Xác nhận và nộp").click()
    page.wait_for_load_state()


def test_one_year_from_scale_to_public_ranking(page, live_server, login, browser, year, tmp_path):
    term = year
    member_unit = term.deputy

    # 1. The leader builds the scale and submits it.
    _as(page, login, "cb-leader")
    _to_year(page, term)
    _tab(page, "Thang điểm")
    page.click("form[action$='/scale/create/'] button")
    for code, title in CRITERIA:
        _add_line(page, code, title)
    page.fill("#id_nominal_total", "30")
    page.click("form[action$='/scale/settings/'] button")
    page.wait_for_load_state()
    assert page.locator("#scale-valid").is_visible()
    page.click("form[action$='/scale/submit/'] button")
    page.wait_for_load_state()
    assert Scale.objects.get(term=term).status == Scale.Status.SUBMITTED

    # 2. The board approves it.
    _as(page, login, "cb-board")
    _to_year(page, term)
    _tab(page, "Thang điểm")
    page.click("form[action$='/scale/approve/'] button")
    page.wait_for_load_state()
    assert Scale.objects.get(term=term).status == Scale.Status.APPROVED

    # 3. The leader opens scoring from the Scoring tab.
    _as(page, login, "cb-leader")
    _to_year(page, term)
    _tab(page, "Chấm điểm")
    page.get_by_role("link", name="Mở chấm điểm").click()
    now = timezone.localtime()
    page.fill("input[name=opens_at]", (now - datetime.timedelta(days=1)).strftime("%d/%m/%Y %H:%M"))
    page.fill(
        "input[name=closes_at]", (now + datetime.timedelta(days=9)).strftime("%d/%m/%Y %H:%M")
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    term.refresh_from_db()
    assert term.status == Term.Status.SCORING
    assert Scale.objects.get(term=term).status == Scale.Status.LOCKED
    assert ScoreSheet.objects.filter(term=term).count() == 3
    # The leader unit scores itself too: its sheet is one click away on the progress board.
    page.locator("#own-sheet").click()
    _self_score(page, term, ["9", "9", "9"])

    # 4. A member self-scores, typing a comma, and submits.
    _as(page, login, "cb-member")
    _to_year(page, term)
    _tab(page, "Chấm điểm")  # a member lands on its own sheet
    _self_score(page, term, ["8,5", "10", "10"])
    assert ScoreSheet.objects.get(term=term, unit=member_unit).status == "submitted"
    assert Score.objects.get(
        sheet__term=term, sheet__unit=member_unit, criterion__code="1"
    ).self_points == pytest.approx(8.5)
    # The third unit is not part of this story: it scores through the service.
    other = ScoreSheet.objects.get(term=term, unit__name="Sở Tư pháp")
    scale = Scale.objects.get(term=term)
    actor = other.unit.officers.get()
    scoring_services.save_self_scores(
        sheet=other,
        entries={c.pk: SelfEntry(points=Decimal("7")) for c in scale.criteria.all()},
        version=other.version,
        actor=actor,
    )
    other.refresh_from_db()
    scoring_services.submit_sheet(sheet=other, version=other.version, actor=actor)

    # 5. The leader verifies every sheet from the Review tab.
    _as(page, login, "cb-leader")
    _to_year(page, term)
    for sheet in ScoreSheet.objects.filter(term=term).select_related("unit"):
        _tab(page, "Thẩm định")
        page.locator("#review-grid").get_by_role("link", name=sheet.unit.name).click()
        page.get_by_role("button", name="Xác nhận kết quả").click()
        page.wait_for_load_state()
    assert set(ScoreSheet.objects.filter(term=term).values_list("status", flat=True)) == {
        "verified"
    }

    # 6. The board publishes from the Publication tab.
    _as(page, login, "cb-board")
    _to_year(page, term)
    _tab(page, "Công bố kết quả")
    page.locator("#publish-link").click()  # the page that says what publishing does
    page.fill("input[name=decision_number]", "30/QĐ-BTĐKT")
    page.fill("input[name=decision_date]", timezone.localdate().strftime("%d/%m/%Y"))
    signed = tmp_path / "quyet-dinh.pdf"
    signed.write_bytes(PDF)
    page.set_input_files("input[name=signed_file]", str(signed))
    page.locator("#confirm-button").click()
    page.wait_for_load_state()
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED

    # 7. An anonymous visitor finds the ranking, with 8,5 in it.
    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + "/")
    _to_published_year(visitor, term)
    assert "30/QĐ-BTĐKT" in visitor.locator(".alert-success").inner_text()
    rows = visitor.locator("#ranking tbody tr")
    assert rows.count() == 3
    first = rows.nth(0).inner_text()
    assert member_unit.name in first  # 8,5 + 10 + 10 = 28,5
    assert "8,5" in first and "28,5" in first
    visitor.context.close()
