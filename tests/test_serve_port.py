"""``portal serve --port N`` is the address that links in mail fall back to when there is no
``PORTAL_SITE_URL`` (development): the investor's status link points at port N, not at the
default 8000 or at the ``PORTAL_PORT`` the shell happened to have."""

import http.cookiejar
import os
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .conftest import FIXTURE_CONTENT
from .lead_helpers import GOOD, HIDDEN
from .publish.live import Server, environment

UNSET = ("PORTAL_SITE_URL", "PORTAL_TRUSTED_HOSTS", "PORTAL_HOST", "PORTAL_DATABASE_URL",
         "PORTAL_ENV", "PORTAL_ENV_FILE")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def server(tmp_path):
    env = environment(FIXTURE_CONTENT, tmp_path / "instance", PORTAL_PORT="8765",
                      PORTAL_INQUIRY_MIN_FILL_SECONDS="0")
    for name in UNSET:
        env.pop(name, None)
    running = Server(env, tmp_path / "serve.log", "--no-watch")
    try:
        yield running.start()
    finally:
        running.stop()


def send_inquiry(base):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
    with opener.open(base + "/zh/inquiry/", timeout=30) as response:
        hidden = dict(HIDDEN.findall(response.read().decode()))
    data = urllib.parse.urlencode({**hidden, **GOOD, "phone": ""}).encode()
    try:
        with opener.open(base + "/zh/inquiry/", data=data, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_the_status_link_in_the_investors_mail_points_at_the_port_served(server, tmp_path):
    assert send_inquiry(server.base) == 303, server.text()
    with sqlite3.connect(tmp_path / "instance" / "portal.sqlite3") as database:
        (body,) = database.execute("SELECT body FROM outbox WHERE kind = 'acknowledgement'").fetchone()
    assert f"http://127.0.0.1:{server.port}/zh/status/" in body, body
    assert ":8765/" not in body and ":8000/" not in body
    assert os.environ.get("PORTAL_PORT") != str(server.port)  # it came from --port, not the test
