"""A desk's staff member works a new lead in real Chromium, on a phone and on a desktop, in both
languages: logs in, finds the lead in the inbox, takes it, moves it to contacted, writes a note,
exports the month; the investor's status link (from the real acknowledgement) then says
"contacted"."""

import re
import uuid
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portal.outbox import send_due

from ..lead_helpers import stored_leads
from ..staff.helpers import PASSWORD, add_user
from .inquiries import send_quickly
from .test_browser import ARTIFACTS, VIEWPORTS
from .watch import PageWatch

LINK = re.compile(r"https?://[^/\s]+(/(?:zh|en)/status/[A-Za-z0-9_-]+/)")
CONTACTED = {"zh": "联系", "en": "has contacted you"}


def send_inquiry(app, lang):
    """An investor's inquiry through the form; the acknowledgement's status link."""
    email = f"investor-{uuid.uuid4().hex[:8]}@example.com"
    send_quickly(app, lang, {"email": email, "industry": "materials",
                             "message": "请介绍锰基电池材料项目的用电条件。"})
    send_due(app)
    for path in sorted(Path(app.instance_path, "mail").glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        if message["To"] and email in message["To"]:
            return stored_leads(app)[-1], LINK.findall(message.get_content())[0]
    raise AssertionError("no acknowledgement written")


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_desk_works_a_new_lead_and_the_investor_sees_it(browser, live_app, live_server, lang, viewport,
                                                          tmp_path):
    lead, status_path = send_inquiry(live_app, lang)
    name = f"desk-{uuid.uuid4().hex[:6]}"
    add_user(live_app, name, "desk", desk=lead.desk)

    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    context.add_cookies([{"name": "lang", "value": lang, "url": live_server}])
    page = context.new_page()
    watch = PageWatch(page, live_server, allowed_statuses=(200, 302, 303, 304))
    page.goto(f"{live_server}/staff/")
    assert "/staff/login" in page.url
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/staff/leads/")
    shot(page, f"staff-{viewport}-{lang}-1-inbox")

    page.get_by_role("link", name=lead.reference, exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/staff/leads/{lead.id}/")
    assert "请介绍锰基电池材料项目的用电条件。" in page.content()
    page.locator("form[action$='/take'] button").click()
    page.wait_for_load_state("load")
    page.locator("form[action*='/stage#'] select[name=stage]").select_option("contacted")
    page.locator("form[action*='/stage#'] button").click()
    page.wait_for_load_state("load")
    page.locator("form[action*='/note#'] textarea").fill("已电话联系，客商下周来青岚考察。")
    page.locator("form[action*='/note#'] button").click()
    page.wait_for_load_state("load")
    html = page.content()
    assert "已电话联系，客商下周来青岚考察。" in html and name in html
    assert watch.horizontal_overflow() <= 0
    shot(page, f"staff-{viewport}-{lang}-2-lead")

    page.goto(f"{live_server}/staff/reports/monthly/")
    with page.expect_download() as download:
        page.locator("a[href*='report.xlsx']").click()
    saved = tmp_path / download.value.suggested_filename
    assert saved.suffix == ".xlsx"
    download.value.save_as(saved)
    workbook = load_workbook(saved, read_only=True)
    assert workbook.sheetnames
    shot(page, f"staff-{viewport}-{lang}-3-report")
    assert watch.problems == []
    context.close()

    investor = browser.new_context(viewport=VIEWPORTS[viewport]).new_page()
    investor.goto(live_server + status_path)
    current = investor.locator("[aria-current=step]")
    assert CONTACTED[lang] in current.inner_text()
    shot(investor, f"staff-{viewport}-{lang}-4-investor-status")
    investor.context.close()
