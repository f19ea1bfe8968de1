"""The back office as staff meet it: accounts made as ``portal staff add`` makes them, a browser
session that logs in through the login form (CSRF included), and leads sent through the form."""

import re

import pytest
import sqlalchemy as sa

from portal.db import engine, transaction
from portal.db.schema import audit_log, staff_users
from portal.staff import accounts

PASSWORD = "Qinglan-2026-zhaoshang"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
ROLE_DESK = {"desk": "agri-team"}  # the fixture content's desks: bureau, agri-team, materials-team


def add_user(app, name, role, desk=None, password=PASSWORD, must_change=False):
    """An account as the CLI creates it; ``must_change=False`` as if its first login were done."""
    with app.app_context():
        accounts.add(name, role, password, desk=desk if role == "desk" else None)
        if not must_change:
            with transaction() as connection:
                connection.execute(staff_users.update().where(staff_users.c.name == name)
                                   .values(must_change_password=False))
    return name


def csrf_of(html):
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1) or found.group(2)


class Staff:
    """One staff member's browser: ``login()``, then ``get``/``post`` (a POST carries the CSRF
    token of the last page seen, as the page's form would)."""

    def __init__(self, app, name=None, password=PASSWORD, lang="en", address="192.0.2.10"):
        self.app = app
        self.client = app.test_client()
        self.name = name
        self.password = password
        self.client.set_cookie("lang", lang)
        self.environ = {"REMOTE_ADDR": address}
        self.token = None

    def get(self, url, **kwargs):
        response = self.client.get(url, environ_base=self.environ, **kwargs)
        if response.mimetype == "text/html":
            found = CSRF.search(response.get_data(as_text=True))
            if found:
                self.token = found.group(1) or found.group(2)
        return response

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/staff/login")
            data.setdefault("csrf_token", self.token)
        return self.client.post(url, data=data, environ_base=self.environ, **kwargs)

    def login(self, name=None, password=None, follow=False):
        self.get("/staff/login")
        response = self.post("/staff/login", {"name": name or self.name,
                                              "password": password or self.password})
        if follow and response.status_code in (302, 303):
            return self.get(response.headers["Location"])
        return response

    def logout(self):
        self.get("/staff/password")
        return self.post("/staff/logout")


def audit_rows(app, event=None):
    with engine(app).connect() as connection:
        query = sa.select(audit_log).order_by(audit_log.c.id)
        if event:
            query = query.where(audit_log.c.event == event)
        return connection.execute(query).all()


@pytest.fixture
def staff_app(lead_app):
    """``make(**config)``: an app on the parametrized database (SQLite, PostgreSQL), tables empty."""
    return lead_app
