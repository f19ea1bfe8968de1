"""Every back-office page passes the Nu HTML checker and axe-core, in both languages: the pages
are found by walking the app's URL map, each opened by a role that may open it."""

import pytest
from werkzeug.routing import IntegerConverter

from portal.staff.access import PUBLIC
from portal.staff.roles import ROLES, allows

from ..lead_helpers import stored_leads
from ..staff.helpers import PASSWORD, Staff, add_user
from .components import AXE_JS, require_axe
from .inquiries import send_quickly
from .test_html_validity import validate

LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def staff_world(live_app):
    """The live app with one lead (sent through the form) and one account per role."""
    send_quickly(live_app, "en", {"industry": "materials", "message": "Power for a 5,000 ㎡ unit?"})
    lead = stored_leads(live_app)[-1]
    for role in ROLES:
        try:
            add_user(live_app, f"gate-{role}", role, desk=lead.desk)
        except Exception:  # noqa: BLE001  (the module ran before in this session)
            pass
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
        context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "lang", "value": lang, "url": live_server}])
        page = context.new_page()
        if role:
            page.goto(f"{live_server}/staff/login")
            page.fill("#name", f"gate-{role}")
            page.fill("#password", PASSWORD)
            page.locator("form button[type=submit]").click()
            page.wait_for_load_state("load")
        page.goto(live_server + url)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        if violations:
            found[page_id] = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
                              for v in violations]
        context.close()
    assert found == {}
