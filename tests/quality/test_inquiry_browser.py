"""An investor sends an inquiry in real Chromium, on a phone and on a desktop, in both languages:
from a project page to the form (pre-filled), through a refused first try, to the thank-you page."""

import re

import pytest

from .test_browser import ARTIFACTS, VIEWPORTS
from .watch import PageWatch

TEXT = {
    "zh": {"send": "提交咨询", "error": "请填写您的姓名", "thanks": "谢谢！我们已收到您的咨询",
           "promise": "2个工作日"},
    "en": {"send": "Send inquiry", "error": "Please enter your name", "thanks": "Thank you: we have received",
           "promise": "2 working days"},
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_investor_sends_an_inquiry(browser, live_server, lang, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    watch = PageWatch(page, live_server, allowed_statuses=(200, 303, 304, 422))
    text = TEXT[lang]

    page.goto(f"{live_server}/{lang}/projects/manganese-deep-processing/?ref=shenzhen-chamber")
    page.locator(".contact-box a.button").click()
    page.wait_for_load_state("load")
    assert "/inquiry/?project=manganese-deep-processing" in page.url
    assert page.locator("#item").input_value() == "project:manganese-deep-processing"
    assert page.locator("#industry").input_value() == "materials"
    assert not page.locator("#consent").is_checked()
    shot(page, f"{viewport}-{lang}-inquiry-1-form")

    page.get_by_role("button", name=text["send"]).click()  # nothing filled in yet
    page.wait_for_load_state("load")
    assert text["error"] in page.locator("#name-error").inner_text()
    assert page.locator(".form-problems").is_visible()
    assert watch.horizontal_overflow() <= 0
    shot(page, f"{viewport}-{lang}-inquiry-2-errors", full_page=False)

    page.fill("#name", "欧阳 娜娜" if lang == "zh" else "Anna Müller")
    page.fill("#company", "青岚锰业（深圳）有限公司")
    page.fill("#email", "anna@example.com")
    page.fill("#phone", "+852 2123 4567")
    page.select_option("#region", "HK")
    page.fill("#message", "想了解标准化厂房的电力容量。" if lang == "zh" else "What power can a unit get?")
    page.check("#channel-0")
    page.check("#consent")
    page.wait_for_timeout(3000)  # a person takes longer than the minimum fill time
    page.get_by_role("button", name=text["send"]).click()
    page.wait_for_load_state("load")
    assert "/inquiry/thanks/" in page.url
    body = page.locator("main").inner_text()
    assert text["thanks"] in body and text["promise"] in body
    assert re.search(r"QL-\d{4}-\d{6}", body)
    assert "0915-8826018" in body  # the materials team, the project's desk
    assert watch.horizontal_overflow() <= 0
    shot(page, f"{viewport}-{lang}-inquiry-3-thanks")
    # The refused first try is answered 422, which Chromium reports on the console; nothing else.
    assert [p for p in watch.problems if "status of 422" not in p] == []
    context.close()


def shot(page, name, full_page=True):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)
