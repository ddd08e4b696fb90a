"""One browser test per persona (issue #10): each signs in (or not), starts at "/" and reaches
its tasks only by clicking — the leader unit's officer reviews a sheet, asks a query and shares
the results (the unsaved-changes guard once on the way); board staff go through the province
overview to a block and publish, then open the accounts page; a council member reads a
ranking; the public goes from the home page to a unit. (The member officer's own test is in
test_scoring_flow.py.)"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from results.models import ProvisionalRelease
from results.services import publish_term
from scoring import services
from scoring.models import Query, ScoreSheet
from tests.factories import UserFactory, make_scored_term

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def term():
    """This year, three members, every sheet verified: what each persona starts from."""
    return make_scored_term(units=3, criteria=3, year=timezone.localdate().year)


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-Thidua-123")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"  # everyone signed in lands on "/"


def _tab(page, name: str) -> None:
    page.locator("#term-tabs").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_leader_reviews_asks_a_query_and_shares(page, live_server, term):
    members = list(term.block.memberships.order_by("pk").values_list("unit", flat=True))
    leader = UserFactory(username="p-leader", unit=term.leader)
    member_id = members[2]
    UserFactory(username="p-member", unit_id=member_id)
    sheet = ScoreSheet.objects.get(term=term, unit_id=member_id)
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=ScoreSheet.Status.SUBMITTED)
    first = sheet.scale.criteria.filter(kind="scored").order_by("order").first()

    _sign_in(page, live_server, "p-leader")
    page.locator("#todo a.todo-task").first.click()  # "Thẩm định 1 bảng điểm đã nộp"
    page.locator("#review-grid").get_by_role("link", name=sheet.unit.name).click()
    page.wait_for_load_state()

    # Typing a figure and leaving by a tab asks first (the browser's own dialog), and stays.
    page.fill(f"#id_rpoints_{first.pk}", "7")
    seen = []

    def dismiss(dialog):
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    review_url = page.url
    page.locator("#term-tabs a").first.click()
    page.wait_for_timeout(500)
    assert seen == ["beforeunload"] and page.url == review_url
    page.remove_listener("dialog", dismiss)

    # A query on the first criterion (leaving the typed figure is accepted this time).
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#question-{first.pk}").locator("xpath=..").locator("summary").click()
    page.fill(f"#question-{first.pk}", "Đề nghị bổ sung biên bản họp.")
    page.locator(f"button[form=query-{first.pk}]").click()
    page.wait_for_load_state()
    query = Query.objects.get(score__sheet=sheet)
    assert query.question == "Đề nghị bổ sung biên bản họp."

    # Meanwhile the unit answers; the leader resolves and verifies (their pages are tested
    # elsewhere), so every sheet is verified again.
    services.answer_query(
        query=query, answer="Đã bổ sung.", actor=User.objects.get(username="p-member")
    )
    services.resolve_query(query=query, resolution="Đủ.", actor=leader)
    services.verify_sheet(sheet=ScoreSheet.objects.get(pk=sheet.pk), actor=leader)

    # Back to "/", the year, the Publication tab; sharing asks in a dialog (JavaScript on) and
    # goes straight through.
    page.get_by_role("link", name="Thi Đua", exact=True).first.click()
    page.locator("#todo").get_by_role("link", name=f"{term.block.name} {term.year}").click()
    _tab(page, "Công bố kết quả")
    page.fill("input[name=objection_days]", "0")
    page.locator("#share-button").click()
    page.wait_for_load_state()
    assert ProvisionalRelease.objects.filter(term=term).exists()
    assert "Đã thông báo kết quả tạm tính" in page.get_by_role("alert").first.inner_text()


def test_board_goes_through_the_overview_publishes_and_opens_the_accounts(
    page, live_server, term, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="p-board", board_province=term.block.province)
    signed = tmp_path / "quyet-dinh.pdf"
    signed.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
        b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
        b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
    )

    _sign_in(page, live_server, "p-board")
    page.locator("#province-overview-link").click()
    page.get_by_role("link", name=term.block.name, exact=True).click()
    page.wait_for_load_state()
    _tab(page, "Công bố kết quả")
    page.locator("#publish-link").click()
    page.wait_for_load_state()
    assert "3 bảng điểm" in page.locator("#consequences").inner_text()
    page.fill("input[name=decision_number]", "07/QĐ-BTĐKT")
    page.fill("input[name=decision_date]", timezone.localdate().strftime("%d/%m/%Y"))
    page.set_input_files("input[name=signed_file]", str(signed))
    page.locator("#confirm-button").click()
    page.wait_for_load_state()
    term.refresh_from_db()
    assert term.is_published

    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("link", name="Tài khoản", exact=True).click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == f"Tài khoản của {term.block.province.name}"


def test_council_member_reads_the_ranking(page, live_server, term):
    council = UserFactory(username="p-council")
    council.council_blocks.add(term.block)

    _sign_in(page, live_server, "p-council")
    page.locator("#todo").get_by_role("link", name=f"{term.block.name} {term.year}").click()
    page.wait_for_load_state()
    rows = page.locator("#ranking tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator("th a").first.inner_text() == term.leader.name


def test_the_public_goes_from_home_to_a_unit(page, live_server, term):
    publish_term(
        term=term,
        actor=UserFactory(username="p-publisher", board_province=term.block.province),
        decision_number="08/QĐ-BTĐKT",
        decision_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    page.goto(f"{live_server.url}/")
    # the home page lists provinces (with their counts), each a link to its page
    province = page.locator("#provinces .fw-semibold", has_text=term.block.province.name)
    province.first.click()
    page.locator("main").get_by_role("link", name=str(term.year), exact=True).click()
    page.wait_for_load_state()
    assert "08/QĐ-BTĐKT" in page.locator(".alert-success").inner_text()
    first = page.locator("#ranking tbody tr").nth(0).locator("th a").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == name
