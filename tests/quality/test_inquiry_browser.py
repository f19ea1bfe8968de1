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


DESKS = {
    "zh": {"office": "青岚县驻珠三角招商办事处", "team": "农业产业招商小分队", "ask": "向本窗口咨询"},
    "en": {"office": "Qinglan County Resident Investment Office in the Pearl River Delta",
           "team": "Agriculture Investment Promotion Team", "ask": "Send an inquiry to this desk"},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_names_the_desk_as_the_visitor_changes_the_project(browser, live_app, live_server, lang):
    """From the Pearl River Delta office's page the visitor picks a tea project of the agriculture
    team: at once the form says the office gets it and the team a copy; the thank-you page and
    the staff mail (to an SMTP server in-process) name the same desks."""
    from portal.outbox import send_due

    from ..lead_helpers import Mailbox, SmtpServer

    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    watch = PageWatch(page, live_server, allowed_statuses=(200, 303, 304))
    names = DESKS[lang]
    page.goto(f"{live_server}/{lang}/contact/prd-office/")
    page.locator("main a.button[href*='desk=prd-office']").click()
    page.wait_for_load_state("load")
    notice = page.locator("#route-notice")
    assert names["office"] in notice.inner_text() and names["team"] not in notice.inner_text()

    page.select_option("#item", "project:fuxi-tea-processing")
    page.wait_for_function("name => document.getElementById('route-notice').textContent.includes(name)",
                           arg=names["team"], timeout=5000)
    asked = page.request.get(f"{live_server}/{lang}/inquiry/route?item=project:fuxi-tea-processing"
                             "&desk=prd-office").json()
    assert notice.inner_text() == asked["text"]
    assert page.locator("#route_shown").input_value() == asked["fingerprint"] == "prd-office agri-team:item"
    shot(page, f"desktop-{lang}-inquiry-route-notice", full_page=False)

    page.fill("#name", "陈家豪" if lang == "zh" else "Ho Ka-ming")
    page.fill("#email", "kaming@example.com")
    page.check("#consent")
    page.wait_for_timeout(3000)
    page.get_by_role("button", name=TEXT[lang]["send"]).click()
    page.wait_for_load_state("load")
    assert "/inquiry/thanks/" in page.url  # no confirm step: the page said where it goes
    body = page.locator("main").inner_text()
    assert names["office"] in page.locator(".contact-box strong").inner_text()
    assert names["team"] in page.locator(".contact-box .copies").inner_text()
    reference = re.search(r"QL-\d{4}-\d{6}", body).group(0)

    mailbox = Mailbox()
    server = SmtpServer(mailbox)
    server.start()
    saved = live_app.config.get("SMTP_URL")
    live_app.config["SMTP_URL"] = server.url
    try:
        send_due(live_app)
    finally:
        live_app.config["SMTP_URL"] = saved
        server.stop()
    mine = [m for _, m in mailbox.received if reference in m["Subject"]]
    recipients = {m["To"].addresses[0].addr_spec: m["To"].addresses[0].display_name for m in mine}
    assert recipients["prd@qinglan.gov.cn"] == "青岚县驻珠三角招商办事处"
    assert recipients["agri-invest@qinglan.gov.cn"] == "农业产业招商小分队"
    assert watch.problems == []
    context.close()


def test_without_javascript_the_form_asks_before_sending_elsewhere(browser, live_server):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/en/inquiry/?desk=prd-office")
    page.select_option("#item", "project:fuxi-tea-processing")
    assert "Agriculture Investment" not in page.locator("#route-notice").inner_text()  # nothing runs
    page.fill("#name", "Ho Ka-ming")
    page.fill("#email", "kaming@example.com")
    page.check("#consent")
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="Send inquiry").click()
    page.wait_for_load_state("load")
    question = page.locator("#route-confirm").inner_text()
    assert "Pearl River Delta" in question and "Agriculture Investment Promotion Team" in question
    shot(page, "phone-en-inquiry-route-confirm", full_page=False)
    page.locator("button[name=confirm]").click()
    page.wait_for_load_state("load")
    assert "/inquiry/thanks/" in page.url
    assert "Agriculture Investment Promotion Team" in page.locator(".contact-box .copies").inner_text()
    context.close()
