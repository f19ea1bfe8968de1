"""Nothing under /staff/ without the right role: the test walks the app's URL map, so a new
route cannot be missed, and tries every route with every role: each main role alone, and each
content role (author, reviewer, publisher) held by an account whose main role grants no content
permission, as a bureau gives them."""

from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

from portal.staff import accounts
from portal.staff.access import PUBLIC
from portal.staff.roles import CONTENT_PERMISSIONS, CONTENT_ROLES, PERMISSIONS, ROLES, VIEWER, allows_user

from ..editor.people import TEA, changed, form_of
from ..lead_helpers import Visitor, stored_leads
from .helpers import Staff, add_user, audit_rows

KNOWN = set().union(*PERMISSIONS.values(), *CONTENT_PERMISSIONS.values()) | {PUBLIC}
# An item of the fixture content and its revisions (the world below saves two drafts of it).
VALUES = {"token": "not-a-token", "year": 2026, "section": "projects", "slug": "tea-processing",
          "number": 1}
QUERIES = {"staff.compare": "?a=1&b=2"}
# Who walks the routes: ``(account name, main role, content roles)``.
ACCOUNTS = [(f"user-{role}", role, ()) for role in ROLES] + [
    (f"user-{VIEWER}-{extra}", VIEWER, (extra,)) for extra in CONTENT_ROLES]


def staff_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.")]
    assert rules, "no /staff/ routes"
    return rules


def build(rule, lead_id):
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = lead_id if name == "lead_id" else VALUES.get(
            name, 1 if isinstance(converter, IntegerConverter) else "x")
    if rule.rule.startswith("/staff/content/parks/"):  # a park's own pages (its units grid)
        values["slug"] = "materials-park"
    return rule.build(values, append_unknown=False)[1] + QUERIES.get(rule.endpoint, "")


def methods(rule):
    return sorted(m for m in rule.methods if m in ("GET", "POST"))


def test_every_staff_view_declares_a_permission_some_role_has(app):
    for rule in staff_rules(app):
        permission = getattr(app.view_functions[rule.endpoint], "permission", None)
        assert permission in KNOWN, f"{rule.rule} declares {permission!r}"


def test_the_walk_covers_every_content_route_and_permission(app):
    content = [r for r in staff_rules(app) if r.rule.startswith("/staff/content/")]
    endpoints = {r.endpoint for r in content}
    assert {"staff.content_index", "staff.edit", "staff.save", "staff.publish"} <= endpoints
    walkers = [SimpleNamespace(role=role, content_roles=frozenset(extra)) for _n, role, extra in ACCOUNTS]
    for rule in content:
        permission = app.view_functions[rule.endpoint].permission
        assert any(allows_user(w, permission) for w in walkers), f"nobody in the walk may open {rule.rule}"
        assert not all(allows_user(w, permission) for w in walkers), f"everyone may open {rule.rule}"


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_route(staff_app):
    app = staff_app()
    anonymous = Staff(app)
    for rule in staff_rules(app):
        if app.view_functions[rule.endpoint].permission == PUBLIC:
            continue
        url = build(rule, 1)
        for method in methods(rule):
            response = anonymous.get(url) if method == "GET" else anonymous.post(url, {})
            assert response.status_code == 302, f"{method} {url}: {response.status}"
            assert response.headers["Location"].startswith("/staff/login?next=")


@pytest.fixture
def world(staff_app, content_copy):
    """An app with one lead, one account per main role (desk staff on the lead's desk), one
    viewer per content role, and two saved drafts of a project (revisions 1 and 2), on a private
    copy of the content (the walk's POSTs reach the editor's views)."""
    app = staff_app(content_dir=content_copy)
    Visitor(app, "zh").submit({"industry": "agriculture", "message": "富硒茶加工厂选址"})
    lead = stored_leads(app)[0]
    for name, role, extra in ACCOUNTS:
        add_user(app, name, role, desk=lead.desk)
        with app.app_context():
            accounts.set_content_roles(name, extra)
    author = Staff(app, f"user-{VIEWER}-author")
    assert author.login().status_code == 303
    for summary in ("依托全县富硒茶园，建设茶饮料生产线。", "依托全县１２万亩富硒茶园，建设茶饮料生产线。 "):
        form = changed(form_of(author.get(TEA).get_data(as_text=True)), "zh.summary", summary)
        saved = author.client.post(TEA + "save", data=MultiDict([*form, ("csrf_token", author.token)]),
                                   environ_base=author.environ)
        assert saved.status_code == 302
    return app, lead


def refusals(app):
    """How many refusals the guard has recorded: a 403 from the guard, not from a view's own
    rule (a reviewer may not approve a draft nobody submitted, yet may open the review route)."""
    return len(audit_rows(app, "staff.access-refused"))


def test_each_role_opens_exactly_what_its_permissions_allow(world):
    app, lead = world
    walked = set()
    for name, role, extra in ACCOUNTS:
        account = SimpleNamespace(role=role, content_roles=frozenset(extra))
        staff = Staff(app, name)
        assert staff.login().status_code == 303
        for rule in staff_rules(app):
            permission = app.view_functions[rule.endpoint].permission
            if permission == PUBLIC or rule.endpoint == "staff.logout":
                continue
            url = build(rule, lead.id)
            for method in methods(rule):
                before = refusals(app)
                if method == "GET":
                    response = staff.get(url)
                else:
                    staff.get("/staff/password")  # a page of the back office: its CSRF token
                    response = staff.post(url, {})
                where = f"{name} {method} {url} ({permission})"
                refused = refusals(app) - before
                if allows_user(account, permission):
                    assert refused == 0, f"{where}: {response.status}"
                    # A 403 from the editor's own rules (a review of a draft) only answers an action.
                    assert response.status_code != 403 or method == "POST" and "/content/" in url, where
                    sent_away = response.status_code == 302 and "/staff/login" in response.headers["Location"]
                    assert not sent_away, where
                    walked.add(rule.endpoint)
                else:
                    assert response.status_code == 403 and refused == 1, f"{where}: {response.status}"
                assert response.headers["Cache-Control"] == "no-store", where
                assert "Content-Security-Policy" in response.headers, where
    content = {r.endpoint for r in staff_rules(app) if r.rule.startswith("/staff/content/")}
    assert content <= walked, f"content routes nobody opened: {content - walked}"


def test_a_refusal_is_audited(world):
    from .helpers import audit_rows

    app, lead = world
    staff = Staff(app, "user-viewer")
    staff.login()
    assert staff.get("/staff/audit/").status_code == 403
    assert [r.object for r in audit_rows(app, "staff.access-refused")] == ["/staff/audit/"]


def test_staff_pages_refuse_plain_http_in_production(staff_app):
    app = staff_app(ENV="production", SITE_URL="https://zs.qinglan.gov.cn", SECRET_KEY="x" * 32,
                    SMTP_URL="files")
    response = app.test_client().get("/staff/login")
    assert response.status_code == 308
    assert response.headers["Location"].startswith("https://")
    assert app.test_client().post("/staff/login").status_code == 403


@pytest.mark.parametrize("site, asked, expected", [
    # The site's own host, port and prefix; never the request's Host (which lacks the port).
    ("https://zs.qinglan.gov.cn:8443/zsj", "http://zs.qinglan.gov.cn/staff/login?next=%2Fstaff%2F",
     "https://zs.qinglan.gov.cn:8443/zsj/staff/login?next=%2Fstaff%2F"),
    ("https://zs.qinglan.gov.cn", "http://10.0.0.5:8000/staff/", "https://zs.qinglan.gov.cn/staff/"),
])
def test_plain_http_is_sent_to_the_sites_https_address(staff_app, site, asked, expected):
    app = staff_app(ENV="production", SITE_URL=site, SECRET_KEY="x" * 32, SMTP_URL="files")
    response = app.test_client().get(asked)
    assert response.status_code == 308
    assert response.headers["Location"] == expected


def test_a_site_served_over_plain_http_keeps_its_back_office_there(staff_app):
    app = staff_app(ENV="production", SITE_URL="http://zs.qinglan.gov.cn", SECRET_KEY="x" * 32,
                    SMTP_URL="files")
    response = app.test_client().get("/staff/login", base_url="http://zs.qinglan.gov.cn")
    assert response.status_code == 200  # no redirect to an https address that does not answer
    assert "Secure" not in response.headers.get("Set-Cookie", "")
    response = app.test_client().get("/staff/login", base_url="https://localhost")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers


def test_an_allow_list_keeps_other_networks_out(staff_app):
    app = staff_app(STAFF_ALLOW_NETWORKS="10.0.0.0/8, 2001:db8:ab::/48")
    assert Staff(app, address="10.2.3.4").get("/staff/login").status_code == 200
    assert Staff(app, address="2001:db8:ab:1::5").get("/staff/login").status_code == 200
    assert Staff(app, address="203.0.113.9").get("/staff/login").status_code == 403
    assert Staff(app, address="2001:db8:ac::5").get("/staff/login").status_code == 403
    assert app.test_client().get("/zh/").status_code == 200  # the public site is not affected
