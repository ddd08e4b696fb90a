"""The scale editor on a phone (issue #15): at 390 px every line's buttons are on screen and the
titles read in full. Fails when a button lies outside the viewport."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from blocks.models import Term
from campaigns import services
from tests.factories import BlockFactory, MembershipFactory, ProvinceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 390
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/thidua-e2e"))


def _scale(term, leader):
    scale = services.scale_create(term=term, actor=leader)
    group = services.criterion_create(
        scale=scale,
        actor=leader,
        code="I",
        title="Công tác chỉ đạo, tổ chức phong trào thi đua và khen thưởng",
        kind="group",
        max_points=Decimal("100"),
    )
    for index, points in enumerate(["60", "40"], start=1):
        services.criterion_create(
            scale=scale,
            actor=leader,
            parent=group,
            code=f"1.{index}",
            title="Ban hành kế hoạch, hướng dẫn tổ chức phong trào thi đua thường xuyên",
            kind="scored",
            max_points=Decimal(points),
            evidence_required=index == 1,
        )
    return scale


def test_the_scale_editor_fits_a_390px_screen(page, live_server, login):
    province = ProvinceFactory(code="TN", name="Tây Ninh")
    block = BlockFactory(province=province, name="Khối Kinh tế - Kỹ thuật")
    units = [MembershipFactory(block=block, unit__province=province).unit for _ in range(3)]
    term = Term.objects.create(block=block, year=2026, leader=units[0], status=Term.Status.SETUP)
    leader = UserFactory(username="truongkhoi", unit=units[0])
    _scale(term, leader)

    page.set_viewport_size({"width": WIDTH, "height": 844})
    login("truongkhoi")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + reverse("campaigns:scale_editor", args=[block.pk, 2026]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "scale-editor-390.png"), full_page=True)

    buttons = page.locator("#scale-lines button, #scale-lines a.btn, #scale-actions button")
    assert buttons.count() >= 3 * 4 + 1  # up, down, edit, delete on each line; submit
    outside = []
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > WIDTH:
            outside.append((buttons.nth(index).get_attribute("aria-label"), box))
    assert outside == []
    # No sideways scrolling of the page, and a title is not squeezed to a word or two a line.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    title = page.locator("#scale-lines td.td-title").first.bounding_box()
    assert title["width"] >= WIDTH * 0.6
