"""Every back-office page passes the Nu HTML checker and axe-core, in both languages, and works
on a phone (390 × 844) without scrolling sideways, nothing hidden: the pages are found by walking
the app's URL map, each opened by an account that may open it (the editor's pages by one holding
a content role), the editor's edit form once per content type, its preview and its review form."""

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

from portal.outbox import send_due
from portal.staff import accounts
from portal.staff.access import PUBLIC
from portal.staff.roles import CONTENT_PERMISSIONS, CONTENT_ROLES, ROLES, allows

from ..editor.people import changed, form_of
from ..lead_helpers import stored_leads
from ..staff.helpers import PASSWORD, Staff, add_user
from .components import AXE_JS, require_axe
from .inquiries import send_quickly
from .test_html_validity import validate

LANGS = ("zh", "en")
PHONE = {"width": 390, "height": 844}
# The sample content's items the editor's pages open (the live app serves content/).
ITEM = ("projects", "fuxi-tea-processing")
SUBMITTED = ("projects", "ancient-town-tourism")  # submitted for review: the reviewer's form
OTHER_TYPES = {"parks": "new-materials-park", "policies": "industrial-land-support", "desks": "bureau",
               "news": "2026-03-18-shenzhen-roadshow", "pages": "about"}
PREVIEW = "preview:"  # a page reached by the edit form's preview button (a POST), not by its address


def content_url(section, slug, tail=""):
    return f"/staff/content/{section}/{slug}/{tail}"


def send(staff, url, pairs):
    return staff.client.post(url, data=MultiDict([*pairs, ("csrf_token", staff.token)]),
                             environ_base=staff.environ)


@pytest.fixture(scope="module")
def staff_world(live_app):
    """The live app with one lead (sent through the form), one account per role, the lead taken
    by its desk and its mail sent: every column filled, every "send again" button shown; a viewer
    per content role, two saved drafts of a project (revisions 1 and 2) and another submitted."""
    send_quickly(live_app, "en", {"industry": "materials", "message": "Power for a 5,000 ㎡ unit?"})
    lead = stored_leads(live_app)[-1]
    for role in [*ROLES, *CONTENT_ROLES]:
        try:
            add_user(live_app, f"gate-{role}", role if role in ROLES else "viewer", desk=lead.desk)
        except Exception:  # noqa: BLE001  (the module ran before in this session)
            pass
        if role in CONTENT_ROLES:
            with live_app.app_context():
                accounts.set_content_roles(f"gate-{role}", (role,))
    send_due(live_app)
    desk = Staff(live_app, "gate-desk", PASSWORD)
    desk.login()
    desk.get(f"/staff/leads/{lead.id}/")
    assert desk.post(f"/staff/leads/{lead.id}/take").status_code == 303
    author = Staff(live_app, "gate-author", PASSWORD, lang="zh")
    assert author.login().status_code == 303
    for summary in ("依托伏羲山富硒茶园，建设茶饮料生产线。", "依托１２万亩富硒茶园，建设茶饮料生产线。 "):
        form = changed(form_of(author.get(content_url(*ITEM)).get_data(as_text=True)), "zh.summary", summary)
        assert send(author, content_url(*ITEM, "save"), form).status_code == 302
    form = form_of(author.get(content_url(*SUBMITTED)).get_data(as_text=True))
    submitted = send(author, content_url(*SUBMITTED, "submit"), form)
    assert submitted.status_code in (302, 403), submitted.status  # 403: submitted when the module ran before
    return live_app, lead


def may(role, permission):
    """A main role's permissions, or a content role's (held by a viewer)."""
    return permission in CONTENT_PERMISSIONS[role] if role in CONTENT_ROLES else allows(role, permission)


def staff_pages(app, lead):
    """``(id, url, role)`` for every GET page under /staff/ that answers HTML, and the editor's
    pages that a route's address alone does not show."""
    pages = [("login", "/staff/login", None)]
    values = {"lead_id": lead.id, "section": ITEM[0], "slug": ITEM[1], "number": 1}
    queries = {"staff.compare": "?a=1&b=2"}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods:
            continue
        if rule.rule.endswith((".csv", ".xlsx", ".json")) or rule.endpoint in ("staff.home", "staff.login"):
            continue
        permission = app.view_functions[rule.endpoint].permission
        if permission == PUBLIC:
            continue
        role = next(r for r in ("leader", "desk", "admin", "auditor", "viewer", *CONTENT_ROLES)
                    if may(r, permission))
        built = {n: values.get(n, 1 if isinstance(rule._converters[n], IntegerConverter) else "x")
                 for n in rule.arguments}
        if rule.rule.startswith("/staff/content/parks/"):  # a park's own pages (its units grid)
            built["slug"] = OTHER_TYPES["parks"]
        url = rule.build(built)[1] + queries.get(rule.endpoint, "")
        pages.append((rule.endpoint.removeprefix("staff."), url, role))
    pages += [(f"edit-{section}", content_url(section, slug), "author")
              for section, slug in OTHER_TYPES.items()]
    pages += [("edit-review", content_url(*SUBMITTED), "reviewer"),
              ("edit-publisher", content_url(*ITEM), "publisher"),
              ("preview", PREVIEW + content_url(*ITEM), "author")]
    return pages


def open_page(page, live_server, url):
    """Open ``url`` in the browser; a preview through the edit form's button, in the same tab."""
    if not url.startswith(PREVIEW):
        return page.goto(live_server + url)
    page.goto(live_server + url.removeprefix(PREVIEW))
    button = page.locator("#editor-form button[formaction$='/preview']")
    button.evaluate("b => b.removeAttribute('formtarget')")
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value


def fetch(app, url, role, lang):
    staff = Staff(app, f"gate-{role}" if role else None, PASSWORD, lang=lang)
    if role:
        assert staff.login().status_code == 303
    if url.startswith(PREVIEW):  # the edit form sent to its preview, as the button does
        edit_url = url.removeprefix(PREVIEW)
        return send(staff, edit_url + "preview", form_of(staff.get(edit_url).get_data(as_text=True)))
    return staff.get(url)


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
        open_page(page, live_server, url)
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
# headers of a table shown as cards are hidden on purpose, like visually hidden labels). The units
# grid is a spreadsheet: it scrolls sideways in a region of its own, named and reachable by keyboard
# (the data-table exception of WCAG 1.4.10); the page around it does not.
OUTSIDE = """() => [...document.querySelectorAll(
    'main td, main th, main button, main input, main select, main textarea, main a, main h1, main h2')]
  .filter(e => !e.closest('thead, .visually-hidden, .units-grid [role=region]') && e.getClientRects().length)
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
            response = open_page(page, live_server, url)
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
    assert {"inbox", "lead", "status_link", "users", "targets", "monthly_report", "dashboard",
            "content_index", "edit", "new_item", "history", "compare", "review_sheet", "edit-parks",
            "edit-review", "preview"} <= set(pages)
    assert wide == {} and hidden == {}, f"wider than the phone: {wide}; beyond its edges: {hidden}"


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
