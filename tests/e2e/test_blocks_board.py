"""Browser flow: board staff click from "/" to a block, see its members at an earlier date, end
a membership, then the leader delegates to the deputy from the year's Leadership tab."""

import datetime

import pytest

from blocks.models import Delegation, Membership
from tests.factories import MembershipFactory, TermFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-Thidua-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_board_manages_members_and_leader_delegates(page, live_server, context):
    leader = MembershipFactory(valid_from=datetime.date(2020, 1, 1))
    block = leader.block
    deputy = MembershipFactory(block=block, unit__province=block.province)
    leaving = MembershipFactory(
        block=block, unit__province=block.province, unit__name="Sở Sắp Rời Khối"
    )
    year = datetime.date.today().year
    TermFactory(block=block, year=year, leader=leader.unit, deputy=deputy.unit, status="setup")
    UserFactory(username="ban_td", board_province=block.province)
    UserFactory(username="khoi_truong", unit=leader.unit)

    _sign_in(page, live_server, "ban_td")
    page.click("#province-blocks-link")
    page.click(f"#province-blocks a:has-text('{block.name}')")
    assert page.locator("#block-members").get_by_text("Sở Sắp Rời Khối").is_visible()
    page.fill("#id_on", "01/01/2010")
    page.click("#members-on-form button")
    assert page.locator("#block-members").get_by_text("Sở Sắp Rời Khối").count() == 0
    page.click("#members-on-form a")  # back to today
    row = page.locator("#block-members tr", has_text="Sở Sắp Rời Khối")
    row.get_by_role("link").last.click()
    page.fill("input[name=valid_to]", f"31/12/{year}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/manage/"))
    leaving.refresh_from_db()
    assert leaving.valid_to == datetime.date(year, 12, 31)

    context.clear_cookies()
    _sign_in(page, live_server, "khoi_truong")
    page.goto(f"{live_server.url}/")
    page.click(f"a[href='/blocks/{block.pk}/']")
    page.click(f"a[href='/blocks/{block.pk}/{year}/']")
    page.click("#term-tabs a[href$='/leadership/']")
    page.click("#delegate-link")
    page.fill("input[name=reason]", "Khối trưởng đi công tác")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#acting-now .text-success")
    assert Delegation.objects.get().deputy_id == deputy.unit_id
    assert Membership.objects.filter(block=block).count() == 3
