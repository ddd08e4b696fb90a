"""Browser flow: the leader builds a 3-group scale and submits it; board staff approve it."""

import pytest
from django.urls import reverse

from blocks.models import Term
from campaigns.models import Scale
from tests.factories import BlockFactory, MembershipFactory, ProvinceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GROUPS = [
    # code, title, max, [(code, title, max)]
    ("I", "Công tác tổ chức", "30", [("1", "Kế hoạch thi đua", "10"), ("2", "Hội nghị", "20")]),
    (
        "II",
        "Thực hiện giao ước",
        "40",
        [("3", "Giao ước", "15,5"), ("4", "Hoạt động chung", "24,5")],
    ),
    ("III", "Báo cáo", "30", [("5", "Báo cáo đúng hạn", "30")]),
]


def _sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-Thidua-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _add_line(page, *, kind, code, title, points, parent_label=None):
    form = page.locator("#add-line form")
    if parent_label:
        form.locator("select[name=parent]").select_option(label=parent_label)
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=code]").fill(code)
    form.locator("input[name=title]").fill(title)
    form.locator("input[name=max_points]").fill(points)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_leader_builds_and_submits_board_approves(page, live_server):
    province = ProvinceFactory(code="TN", name="Tây Ninh")
    block = BlockFactory(province=province, name="Khối Kinh tế - Kỹ thuật")
    units = [MembershipFactory(block=block, unit__province=province).unit for _ in range(3)]
    term = Term.objects.create(block=block, year=2026, leader=units[0], status=Term.Status.SETUP)
    UserFactory(username="truongkhoi", unit=units[0])
    UserFactory(username="bantd", board_province=province)
    editor = live_server.url + reverse("campaigns:scale_editor", args=[block.pk, 2026])

    _sign_in(page, live_server, "truongkhoi")
    page.goto(editor)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.click("form[action$='/scale/create/'] button")
    for code, title, points, children in GROUPS:
        _add_line(page, kind="group", code=code, title=title, points=points)
        for child_code, child_title, child_points in children:
            _add_line(
                page,
                kind="scored",
                code=child_code,
                title=child_title,
                points=child_points,
                parent_label=f"{code}. {title}",
            )
    _add_line(page, kind="bonus", code="T1", title="Điểm thưởng", points="10")
    assert page.locator("#computed-total").inner_text() == "100"
    assert page.locator("#scale-valid").is_visible()
    rows = page.locator("#scale-lines tbody tr")
    assert rows.count() == 9
    assert rows.nth(4).get_attribute("data-depth") == "2"  # "3" under group II

    page.click("form[action$='/scale/submit/'] button")
    page.wait_for_load_state()
    scale = Scale.objects.get(term=term)
    assert scale.status == Scale.Status.SUBMITTED
    assert page.locator("#add-line").count() == 0  # no longer editable

    _sign_in(page, live_server, "bantd")
    page.goto(editor)
    page.click("form[action$='/scale/approve/'] button")
    page.wait_for_load_state()
    scale.refresh_from_db()
    assert scale.status == Scale.Status.APPROVED
    assert page.locator("#scale-status").inner_text() == "Đã phê duyệt"
    assert page.locator(".alert-success").count() == 1
