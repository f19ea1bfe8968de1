"""Every back-office page passes the Nu HTML checker and axe-core, in both languages, and works
on a phone (390 × 844) without scrolling sideways, nothing hidden: the pages are found by walking
the app's URL map, each opened by a role that may open it."""

import pytest
from werkzeug.routing import IntegerConverter

from portal.outbox import send_due
from portal.staff.access import PUBLIC
from portal.staff.roles import ROLES, allows

from ..lead_helpers import stored_leads
from ..staff.helpers import PASSWORD, Staff, add_user
from .components import AXE_JS, require_axe
from .inquiries import send_quickly
from .test_html_validity import validate

LANGS = ("zh", "en")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def staff_world(live_app):
    """The live app with one lead (sent through the form), one account per role, the lead taken
    by its desk and its mail sent: every column filled, every "send again" button shown."""
    send_quickly(live_app, "en", {"industry": "materials", "message": "Power for a 5,000 ㎡ unit?"})
    lead = stored_leads(live_app)[-1]
    for role in ROLES:
        try:
            add_user(live_app, f"gate-{role}", role, desk=lead.desk)
        except Exception:  # noqa: BLE001  (the module ran before in this session)
            pass
    send_due(live_app)
    desk = Staff(live_app, "gate-desk", PASSWORD)
    desk.login()
    desk.get(f"/staff/leads/{lead.id}/")
    assert desk.post(f"/staff/leads/{lead.id}/take").status_code == 303
    return live_app, lead


def staff_pages(app, lead):
    """``(id, url, role)`` for every GET page under /staff/ that answers HTML."""
    pages = [("login", "/staff/login", None)]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods:
            continue
        if rule.rule.endswith((".csv", ".xlsx", ".json")) or rule.endpoint in ("staff.home", "staff.login"):
            continue
        permission = app.view_functions[rule.endpoint].permission
        if permission == PUBLIC:
            continue
        role = next(r for r in ("leader", "desk", "admin", "auditor", "viewer") if allows(r, permission))
        values = {n: lead.id if n == "lead_id" else (1 if isinstance(rule._converters[n], IntegerConverter)
                                                      else "x") for n in rule.arguments}
        pages.append((rule.endpoint.removeprefix("staff."), rule.build(values)[1], role))
    return pages


def fetch(app, url, role, lang):
    staff = Staff(app, f"gate-{role}" if role else None, PASSWORD, lang=lang)
    if role:
        assert staff.login().status_code == 303
    response = staff.get(url)
    return response


def test_every_staff_page_is_valid_html(staff_world, tmp_path):
    app, lead = staff_world
    paths = []
    for lang in LANGS:
        for page_id, url, role in staff_pages(app, lead):
            response = fetch(app, url, role, lang)
            if response.mimetype != "text/html":
                continue
            assert response.status_code == 200, f"{url} as {role}: {response.status}"
            path = tmp_path / f"staff-{page_id}-{lang}.html"
            path.write_bytes(response.data)
            paths.append(path)
    assert len(paths) >= 10
    assert validate(paths) == {}


@pytest.mark.parametrize("lang", LANGS)
def test_every_staff_page_has_no_accessibility_violations(staff_world, browser, live_server, lang):
    require_axe()
    app, lead = staff_world
    found = {}
    for page_id, url, role in staff_pages(app, lead):
        page = signed_in_page(browser, live_server, role, lang, bypass_csp=True)
        page.goto(live_server + url)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        if violations:
            found[page_id] = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
                              for v in violations]
        page.context.close()
    assert found == {}


def signed_in_page(browser, live_server, role, lang, viewport=PHONE, bypass_csp=False):
    context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
    context.add_cookies([{"name": "lang", "value": lang, "url": live_server}])
    page = context.new_page()
    if role:
        page.goto(f"{live_server}/staff/login")
        page.fill("#name", f"gate-{role}")
        page.fill("#password", PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_load_state("load")
    return page


# Every cell, button and field of the page's content that lies beyond the screen's edges (the
# headers of a table shown as cards are hidden on purpose, like visually hidden labels).
OUTSIDE = """() => [...document.querySelectorAll(
    'main td, main th, main button, main input, main select, main textarea, main a, main h1, main h2')]
  .filter(e => !e.closest('thead, .visually-hidden') && e.getClientRects().length)
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5); })
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 30)}`)"""


def on_screen(page, selector):
    """The element is shown and lies within the screen's width (not in a sideways scroll)."""
    box = page.locator(selector).first.bounding_box()
    return page.locator(selector).first.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390.5


@pytest.mark.parametrize("lang", LANGS)
def test_every_staff_page_works_on_a_phone(staff_world, browser, live_server, lang):
    app, lead = staff_world
    wide, hidden, pages = {}, {}, {}
    by_role = {}
    for page_id, url, role in staff_pages(app, lead):
        by_role.setdefault(role, []).append((page_id, url))
    for role, urls in by_role.items():
        page = signed_in_page(browser, live_server, role, lang)
        for page_id, url in urls:
            response = page.goto(live_server + url)
            assert response.status == 200, f"{url} as {role}: {response.status}"
            pages[page_id] = True
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > PHONE["width"]:
                wide[page_id] = width
            outside = page.evaluate(OUTSIDE)
            if outside:
                hidden[page_id] = outside[:5]
            if page_id == "inbox":  # what a desk works by: each lead's stage, owner and reply-by
                row = f"tr:has(a[href$='/leads/{lead.id}/'])"
                for cell in ("td.stage", "td.owner", "td.reply-by"):
                    assert on_screen(page, f"{row} {cell}"), cell
                assert "gate-desk" in page.locator(f"{row} td.owner").inner_text()
            if page_id == "lead":
                assert page.locator("form[action*='/resend'] button").count() >= 3  # every message
                for button in page.locator("form[action*='/resend'] button").all():
                    box = button.bounding_box()
                    assert button.is_visible() and box["x"] + box["width"] <= 390.5
            if page_id == "dashboard":  # each tile's label under its number, the overdue one too
                for tile in page.locator(".key-figures li").all():
                    number = tile.locator(".figure").bounding_box()
                    label = tile.locator(".figure-label").bounding_box()
                    assert label["y"] >= number["y"] + number["height"] - 1, tile.inner_text()
            if page_id == "monthly_report":  # 统计口径 shows it opens
                summary = page.locator("details.definitions > summary")
                assert summary.evaluate("e => getComputedStyle(e).display") == "list-item"
        page.context.close()
    assert {"inbox", "lead", "status_link", "users", "targets", "monthly_report", "dashboard"} <= set(pages)
    assert wide == {} and hidden == {}


@pytest.mark.parametrize("lang", LANGS)
def test_a_refused_stage_change_returns_to_the_form_with_the_reason(staff_world, browser, live_server, lang):
    app, lead = staff_world
    page = signed_in_page(browser, live_server, "desk", lang)
    page.goto(f"{live_server}/staff/leads/{lead.id}/")
    form = page.locator("form[action*='/stage#']")
    form.locator("select[name=stage]").select_option("signed")
    form.locator("input[name=amount]").fill("８０００万")
    form.locator("button").click()  # no date of signing
    page.wait_for_load_state("load")
    assert page.url.endswith("/stage#stage-title")
    error = page.locator("#stage-signed-on-error")
    box = error.bounding_box()
    assert page.evaluate("window.scrollY") > 0  # not at the top of the page, but
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]  # the field's message on screen
    alert = page.locator("main [role=alert]").first
    assert error.inner_text() in alert.inner_text()  # and at the top of the page, as a message
    assert form.locator("input[name=amount]").input_value() == "８０００万"
    page.context.close()
