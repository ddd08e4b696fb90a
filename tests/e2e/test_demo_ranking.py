import pytest
from django.core.management import call_command
from django.urls import reverse

from blocks.models import Term

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_ranking_shows_the_seed_top_three_in_vietnamese(page, live_server):
    call_command("seed_demo")
    term = Term.objects.get(block__name="Khối thi đua Kinh tế - Kỹ thuật", year=2018)

    page.goto(live_server.url + reverse("portal:home"))
    # Signed out, the home page lists the provinces; a province's page lists its blocks.
    page.locator("#provinces").get_by_role("link", name="Tây Ninh").click()
    page.get_by_role("link", name="Khối thi đua Kinh tế - Kỹ thuật").click()
    page.get_by_role("link", name="2018").click()
    assert page.url.endswith(reverse("portal:term_ranking", args=[term.block_id, 2018]))

    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Kết quả thi đua năm 2018"
    headers = page.locator("#ranking thead th").all_inner_texts()
    assert headers[0] == "Hạng" and headers[1] == "Đơn vị"
    rows = page.locator("#ranking tbody tr")
    top3 = [rows.nth(i).locator("th a").first.inner_text() for i in range(3)]
    assert top3 == ["Sở Công thương", "Sở Khoa học và Công nghệ", "Sở Xây dựng"]
    assert rows.nth(0).locator("td.total").inner_text() == "107"
    assert "Đã công bố" in page.locator(".alert-success").inner_text()
    assert page.locator("#leading-unit").inner_text() == "Sở Công thương"
