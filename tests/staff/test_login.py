"""Logging in and out, as the 等保 2.0 level-2 controls ask: one generic error, lockout after
5 wrong passwords, a throttle per source network, a first password that must be changed,
sessions that end after 15 idle minutes, after 12 hours, and at logout on the server."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.db import transaction, utcnow
from portal.db.schema import staff_sessions, staff_users

from .helpers import PASSWORD, Staff, add_user, audit_rows

GENERIC = "The user name or password is wrong, or the account is locked for a while."


def test_login_lands_on_the_roles_work_and_logout_ends_the_session_on_the_server(staff_app):
    app = staff_app()
    add_user(app, "wang.fang", "auditor")
    staff = Staff(app, "wang.fang")
    response = staff.login()
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff/audit/")
    assert staff.get("/staff/audit/").status_code == 200
    stolen = staff.client.get_cookie("portal_session").value  # a copy of the cookie, taken before logout
    assert staff.logout().status_code == 303
    thief = Staff(app)
    thief.client.set_cookie("portal_session", stolen)
    response = thief.get("/staff/audit/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    events = [(row.event, row.result, row.user_name) for row in audit_rows(app)]
    assert ("staff.login", "ok", "wang.fang") in events
    assert ("staff.logout", "ok", "wang.fang") in events


@pytest.mark.parametrize("lang, message", [("en", GENERIC), ("zh", "用户名或密码不正确")])
def test_every_failed_login_gets_the_same_message(staff_app, lang, message):
    app = staff_app()
    add_user(app, "wang.fang", "auditor")
    add_user(app, "zhao.lei", "viewer")
    with transaction(app) as connection:
        connection.execute(staff_users.update().where(staff_users.c.name == "zhao.lei")
                           .values(disabled_at=utcnow()))
    bodies = []
    for name, password in [("wang.fang", "wrong-Password-1"), ("nobody", PASSWORD), ("zhao.lei", PASSWORD)]:
        response = Staff(app, name, password, lang=lang).login()
        assert response.status_code == 401
        text = response.get_data(as_text=True)
        assert message in text
        bodies.append(text.count(message))
    assert bodies == [1, 1, 1]
    reasons = [row.detail["reason"] for row in audit_rows(app, "staff.login")]
    assert reasons == ["wrong password", "unknown user", "disabled"]


def test_five_wrong_passwords_lock_the_account_for_ten_minutes(staff_app):
    app = staff_app()
    add_user(app, "wang.fang", "auditor")
    for _ in range(5):
        assert Staff(app, "wang.fang", "wrong-Password-1").login().status_code == 401
    assert Staff(app, "wang.fang").login().status_code == 401  # the right password, but locked
    with transaction(app) as connection:  # ten minutes pass
        connection.execute(staff_users.update().values(locked_until=utcnow() - timedelta(seconds=1)))
    assert Staff(app, "wang.fang").login().status_code == 303
    assert [r.detail["reason"] for r in audit_rows(app, "staff.login") if r.detail][-2:] == [
        "locked now", "locked"]


def test_one_network_may_fail_only_so_often_whatever_names_it_tries(staff_app):
    app = staff_app(STAFF_LOGIN_LIMIT=4)
    add_user(app, "wang.fang", "auditor")
    for n in range(4):
        Staff(app, f"guess{n}", "wrong-Password-1", address="2001:db8:1:2::7").login()
    # Another address in the same IPv6 /64 is the same network: refused with the right password.
    assert Staff(app, "wang.fang", address="2001:db8:1:2::99").login().status_code == 401
    assert audit_rows(app, "staff.login")[-1].detail["reason"] == "throttled"
    # Another network is not affected.
    assert Staff(app, "wang.fang", address="2001:db8:1:3::7").login().status_code == 303


def test_the_first_password_must_be_changed_and_meet_the_rules(staff_app):
    app = staff_app()
    add_user(app, "li.na", "auditor", must_change=True)
    staff = Staff(app, "li.na")
    response = staff.login()
    assert response.headers["Location"].endswith("/staff/password")
    assert staff.get("/staff/audit/").headers.get("Location", "").endswith("/staff/password")
    staff.get("/staff/password")
    for new, problem in [("Short-1", "at least 12 characters"),
                         ("alllowercaseletters", "at least 3 of"),
                         ("li.na-Qinglan-2026", "user name"),
                         (PASSWORD, "different from the current one")]:
        response = staff.post("/staff/password", {"current": PASSWORD, "new": new, "repeat": new})
        assert response.status_code == 422 and problem in response.get_data(as_text=True), new
    response = staff.post("/staff/password", {"current": PASSWORD, "new": "Fresh-Tea-Leaves-9",
                                              "repeat": "Fresh-Tea-Leaves-9"})
    assert response.status_code == 303
    with transaction(app) as connection:
        row = connection.execute(sa.select(staff_users)).one()
    assert not row.must_change_password
    assert not row.password_hash.startswith("Fresh") and row.password_hash.startswith("$argon2id$")
    assert Staff(app, "li.na", "Fresh-Tea-Leaves-9").login().headers["Location"].endswith("/staff/audit/")
    assert audit_rows(app, "staff.password-changed")


@pytest.mark.parametrize("column, age", [("seen_at", timedelta(minutes=16)),
                                         ("created_at", timedelta(hours=12, minutes=1))])
def test_sessions_end_after_15_idle_minutes_and_after_12_hours(staff_app, column, age):
    app = staff_app()
    add_user(app, "wang.fang", "auditor")
    staff = Staff(app, "wang.fang")
    staff.login()
    assert staff.get("/staff/audit/").status_code == 200
    with transaction(app) as connection:
        values = {column: utcnow() - age}
        if column == "created_at":
            values["seen_at"] = utcnow()  # active all along: the 12 hours still end it
        connection.execute(staff_sessions.update().values(values))
    response = staff.get("/staff/audit/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    with transaction(app) as connection:
        assert connection.execute(sa.select(staff_sessions.c.ended_at)).scalar_one() is not None


def test_an_action_without_the_csrf_token_is_refused_and_audited(staff_app):
    app = staff_app()
    add_user(app, "wang.fang", "auditor")
    staff = Staff(app, "wang.fang")
    staff.login()
    response = staff.post("/staff/logout", csrf=False)
    assert response.status_code == 400
    assert staff.get("/staff/audit/").status_code == 200  # still logged in
    assert audit_rows(app, "staff.csrf-refused")
    response = Staff(app, "wang.fang").post("/staff/login", {"name": "wang.fang", "password": PASSWORD},
                                            csrf=False)
    assert response.status_code == 400


def test_disabling_an_account_ends_its_sessions_at_once(staff_app):
    from portal.staff import accounts

    app = staff_app()
    add_user(app, "wang.fang", "auditor")
    staff = Staff(app, "wang.fang")
    staff.login()
    with app.app_context():
        accounts.disable("wang.fang")
    assert staff.get("/staff/audit/").status_code == 302


def test_login_redirects_only_into_the_back_office(staff_app):
    app = staff_app()
    add_user(app, "wang.fang", "auditor")
    staff = Staff(app, "wang.fang")
    staff.get("/staff/login?next=https://evil.example/")
    response = staff.client.post("/staff/login?next=https://evil.example/", environ_base=staff.environ,
                                 data={"name": "wang.fang", "password": PASSWORD, "csrf_token": staff.token})
    assert response.headers["Location"].endswith("/staff/audit/")
    staff = Staff(app, "wang.fang")
    target = "/staff/login?next=/staff/audit/%3Fevent%3Dstaff"
    staff.get(target)
    response = staff.client.post(target, environ_base=staff.environ,
                                 data={"name": "wang.fang", "password": PASSWORD, "csrf_token": staff.token})
    assert response.headers["Location"] == "/staff/audit/?event=staff"
