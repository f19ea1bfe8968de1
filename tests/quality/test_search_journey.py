"""Real Chromium on a phone: an investor types an unspaced Chinese query into the header search box
and opens the project from the first result (issue 10). Here, not in tests/search, so that it
shares the session's one browser: a second Playwright instance cannot run beside it."""

import pytest

from .watch import PageWatch

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_unspaced_chinese_in_the_header_box_leads_to_the_tea_project(phone, live_server):
    watch = PageWatch(phone, live_server)
    phone.goto(f"{live_server}/zh/")
    box = phone.locator("form.site-search input[name=q]")
    box.fill("富硒茶加工")
    box.press("Enter")
    phone.wait_for_load_state("load")
    assert "/zh/search?q=" in phone.url
    assert "没有同时包含所有词语的结果" not in phone.locator("main").inner_text()
    first = phone.locator("ol.hits li.hit h2 a").first
    assert "富硒茶" in first.inner_text()
    first.click()
    phone.wait_for_load_state("load")
    assert phone.url == f"{live_server}/zh/projects/fuxi-tea-processing/"
    assert "富硒茶精深加工项目" in phone.locator("h1").inner_text()
    assert watch.problems == []
