"""Nothing under /staff/ without the right role: the test walks the app's URL map, so a new
route cannot be missed, and tries every route with every role."""

import pytest
from werkzeug.routing import IntegerConverter

from portal.staff.access import PUBLIC
from portal.staff.roles import PERMISSIONS, ROLES, allows

from ..lead_helpers import Visitor, stored_leads
from .helpers import Staff, add_user

KNOWN = set().union(*PERMISSIONS.values()) | {PUBLIC}
VALUES = {"token": "not-a-token", "year": 2026}


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
    return rule.build(values, append_unknown=False)[1]


def methods(rule):
    return sorted(m for m in rule.methods if m in ("GET", "POST"))


def test_every_staff_view_declares_a_permission_some_role_has(app):
    for rule in staff_rules(app):
        permission = getattr(app.view_functions[rule.endpoint], "permission", None)
        assert permission in KNOWN, f"{rule.rule} declares {permission!r}"


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
def world(staff_app):
    """An app with one lead, and one account per role (desk staff on the lead's desk)."""
    app = staff_app()
    Visitor(app, "zh").submit({"industry": "agriculture", "message": "富硒茶加工厂选址"})
    lead = stored_leads(app)[0]
    for role in ROLES:
        add_user(app, f"user-{role}", role, desk=lead.desk)
    return app, lead


def test_each_role_opens_exactly_what_its_permissions_allow(world):
    app, lead = world
    for role in ROLES:
        staff = Staff(app, f"user-{role}")
        assert staff.login().status_code == 303
        for rule in staff_rules(app):
            permission = app.view_functions[rule.endpoint].permission
            if permission == PUBLIC or rule.endpoint == "staff.logout":
                continue
            url = build(rule, lead.id)
            for method in methods(rule):
                if method == "GET":
                    response = staff.get(url)
                else:
                    staff.get("/staff/password")  # a page of the back office: its CSRF token
                    response = staff.post(url, {})
                where = f"{role} {method} {url} ({permission})"
                if allows(role, permission):
                    assert response.status_code != 403, where
                    sent_away = response.status_code == 302 and "/staff/login" in response.headers["Location"]
                    assert not sent_away, where
                else:
                    assert response.status_code == 403, f"{where}: {response.status}"
                assert response.headers["Cache-Control"] == "no-store", where
                assert "Content-Security-Policy" in response.headers, where


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
