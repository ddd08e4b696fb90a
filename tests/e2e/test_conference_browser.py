"""Browser flow: three unit officers cast a secret ballot from their to-do lists, the leader
unit closes it, and the minutes (PDF) show the result. Every page is reached by clicking from
"/"."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from conference.models import Ballot, Cast
from tests.conference.conftest import make_conf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
QUESTION = "Thông qua báo cáo tổng kết năm 2024"


def _sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/")
    page.locator("nav").get_by_role("link", name="Đăng nhập").click()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-Thidua-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_three_units_vote_in_secret_the_leader_closes_and_the_minutes_show_it(
    live_server, browser, world
):
    conf = make_conf(world)
    ballot = conf.opened(title=QUESTION)
    voters = [world.users["member"], world.users["deputy"], conf.officers[conf.units[3].pk]]

    for user in voters:
        context = browser.new_context()
        page = context.new_page()
        _sign_in(page, live_server, user.username)
        page.locator("#todo").get_by_role("link", name=f"Biểu quyết: {QUESTION}").click()
        page.get_by_label("Đồng ý", exact=True).check()
        page.locator("#vote").get_by_role("button", name="Biểu quyết").click()
        page.locator("#confirm-vote").click()
        assert "Đơn vị của bạn đã biểu quyết." in page.locator("#voted").inner_text()
        assert "Đồng ý" not in page.locator("#voted").inner_text()
        context.close()
    assert Cast.objects.filter(elector__ballot=ballot).count() == 3

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    _sign_in(page, live_server, world.users["leader"].username)
    page.locator("#todo").get_by_role("link", name=f"Biểu quyết: {QUESTION}").click()
    assert "3/4 đơn vị đã biểu quyết" in page.locator("body").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())  # "the result can no longer change"
    page.locator("#close-ballot").click()
    page.wait_for_selector("#result")
    assert "Được thông qua" in page.locator("#result").inner_text()
    ballot.refresh_from_db()
    assert (ballot.status, ballot.outcome) == (Ballot.Status.CLOSED, Ballot.Outcome.CARRIED)

    page.locator(".breadcrumb").get_by_role("link", name="Hội nghị tổng kết").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF", exact=True).click()
    content = Path(info.value.path()).read_bytes()
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "BIÊN BẢN" in text
    assert QUESTION in text
    assert "Số phiếu: 3 trên 4 đơn vị" in text
    assert "Kết quả: thông qua" in text
    context.close()
