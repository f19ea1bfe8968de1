"""The shipped nginx configuration (deploy/nginx/) in front of a real ``portal serve`` in
production: ``nginx -t``, plain HTTP sent to HTTPS with its host and port, pages at the root and
under /zsj/, an inquiry over HTTPS, secret links kept out of the access log in every language,
and slow request bodies that never reach the workers."""

import email
import http.client
import http.cookiejar
import os
import re
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email.policy import default as default_policy
from pathlib import Path

import pytest

from ..conftest import FIXTURE_CONTENT
from ..helpers import Page
from ..lead_helpers import GOOD, HIDDEN
from ..publish.live import PORTAL, Server
from .nginx import HOST, PREFIX, Site, require_nginx

LANGUAGES = ("zh", "en", "zh-hant")
VARIANTS = ("root", "prefix")


@pytest.fixture(scope="module", autouse=True)
def nginx_installed():
    require_nginx()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """``{variant: (portal serve, nginx)}``: production as the README sets it up, at the host's
    root and under /zsj/ (a server each: the mount is the site URL's path)."""
    running = {}
    try:
        for variant in VARIANTS:
            folder = tmp_path_factory.mktemp(variant)
            server = Server({}, folder / "serve.log")
            site = Site(folder / "nginx", variant, server.port)
            (folder / "portal.env").write_text("")  # not this machine's /etc/portal/portal.env
            server.env = {**{k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")},
                          "PORTAL_ENV": "production", "PORTAL_ENV_FILE": str(folder / "portal.env"),
                          "PORTAL_SITE_URL": site.base, "PORTAL_SECRET_KEY": "k" * 64,
                          "PORTAL_SMTP_URL": "files", "PORTAL_PROXY_COUNT": "1",
                          "PORTAL_INSTANCE_DIR": str(folder / "instance"),
                          "PORTAL_CONTENT_DIR": str(FIXTURE_CONTENT), "PORTAL_INQUIRY_MIN_FILL_SECONDS": "0"}
            subprocess.run([PORTAL, "db", "upgrade"], env=server.env, check=True, capture_output=True,
                           timeout=120)
            running[variant] = (server, site)
            server.start()
            site.install().start()
        yield running
    finally:
        for server, site in running.values():
            site.stop()
            server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor's browser over HTTPS: keeps cookies (Secure ones only over HTTPS, as browsers
    do), follows no redirect by itself."""

    def __init__(self, site):
        self.site = site
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=site.context), urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect())

    def open(self, url, data=None, headers=None):
        """``(status, headers, text)``; ``url`` may be a path of the site."""
        if url.startswith("/"):
            url = f"https://{HOST}:{self.site.ports['https']}{url}"
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read().decode("utf-8", "replace")


def paths_of(site, text):
    """The paths on this site of every URL ``text`` (a page) points at, query included."""
    found = []
    for url in Page(text).urls():
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(site.base + "/", url))
        if parts.netloc == f"{HOST}:{site.ports['https']}":
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def plain(port, path, host, context=None):
    """A GET by hand (``Host`` exactly as given): ``(status, Location)``."""
    connection = (http.client.HTTPSConnection(HOST, port, context=context, timeout=10) if context
                  else http.client.HTTPConnection(HOST, port, timeout=10))
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


@pytest.mark.parametrize("variant", VARIANTS)
def test_nginx_t_passes_without_a_warning(tmp_path, variant):
    result = Site(tmp_path, variant, upstream=8000).install().check()
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_plain_http_goes_to_https_keeping_the_host_and_the_port(stack):
    site = stack["root"][1]
    http_port, https_port = site.ports["http"], site.ports["https"]
    for host in (f"{HOST}:{http_port}", f"127.0.0.1:{http_port}", HOST):
        status, location = plain(http_port, "/zh/projects/?industry=new-materials", host)
        assert status == 301
        assert location == f"https://{host.split(':')[0]}:{https_port}/zh/projects/?industry=new-materials"
    # Plain HTTP sent to the HTTPS port itself: the same address, over HTTPS.
    assert plain(https_port, "/en/", f"{HOST}:{https_port}") == (301, f"https://{HOST}:{https_port}/en/")


def test_pages_over_https_at_the_root(stack):
    site = stack["root"][1]
    browser = Browser(site)
    status, headers, text = browser.open("/zh/", headers={"X-Forwarded-Prefix": "/evil"})
    assert status == 200
    assert headers["Server"] == "nginx"  # no version
    assert headers["Strict-Transport-Security"] == "max-age=31536000"  # the portal's, over HTTPS
    paths = paths_of(site, text)
    assert paths and all(p.startswith("/") and not p.startswith(("/evil", PREFIX + "/")) for p in paths)
    assert browser.open("/static/css/site.css")[0] == 200


def test_a_body_larger_than_the_portal_takes_is_refused_unread(stack):
    site = stack["root"][1]
    connection = http.client.HTTPSConnection(HOST, site.ports["https"], context=site.context, timeout=10)
    try:
        connection.putrequest("POST", "/zh/inquiry/")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(1024 * 1024 + 1))  # MAX_CONTENT_LENGTH + 1
        connection.endheaders()  # and no body: nginx answers before reading one
        response = connection.getresponse()
        response.read()
        assert response.status == 413
    finally:
        connection.close()


def test_pages_under_the_prefix_link_under_it(stack):
    site = stack["prefix"][1]
    browser = Browser(site)
    status, _, text = browser.open(PREFIX + "/zh/")
    assert status == 200
    paths = paths_of(site, text)
    assert len(paths) > 20 and all(p.startswith(PREFIX + "/") for p in paths), paths
    # The county's regex location for its own static files does not take the portal's.
    status, headers, _ = browser.open(PREFIX + "/static/css/site.css")
    assert (status, headers.get_content_type()) == (200, "text/css")
    assert browser.open("/")[2] == "county portal\n"
    status, headers, _ = browser.open(PREFIX)
    assert (status, headers["Location"]) == (301, f"{site.base}/")
    status, headers, _ = browser.open(PREFIX + "/")
    assert (status, headers["Location"]) == (302, PREFIX + "/zh/")


def send_inquiry(site):
    """An investor's inquiry over HTTPS, as a browser sends it: the thank-you page's path."""
    browser = Browser(site)
    form = site.base + "/en/inquiry/"
    status, headers, text = browser.open(form, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert "Content-Encoding" not in headers  # nginx compresses nothing: BREACH on the CSRF token
    assert all(cookie.secure for cookie in browser.jar)
    hidden = {k: v for k, v in HIDDEN.findall(text)}
    data = urllib.parse.urlencode({**hidden, **GOOD, "email": "investor@example.com"}).encode()
    status, headers, text = browser.open(form, data=data, headers={"Referer": form})
    assert status == 303, text[-2000:]
    thanks = headers["Location"]
    status, _, text = browser.open(thanks)
    assert status == 200 and "we have received your inquiry" in text
    return urllib.parse.urlsplit(thanks).path


@pytest.fixture(scope="module")
def inquiries(stack):
    """``{variant: (thank-you path, status token)}``: an inquiry through each, and the token of
    the status link its acknowledgement gives the investor (mail written to a file)."""
    sent = {}
    for variant, (server, site) in stack.items():
        thanks = send_inquiry(site)
        subprocess.run([PORTAL, "outbox", "send"], env=server.env, check=True, capture_output=True,
                       timeout=120)
        mails = Path(server.env["PORTAL_INSTANCE_DIR"], "mail").glob("*.eml")
        texts = [email.message_from_bytes(m.read_bytes(), policy=default_policy).get_body(("plain",))
                 .get_content() for m in mails]
        tokens = {m for text in texts for m in re.findall(r"/status/([^/\s]+)/", text)}
        assert len(tokens) == 1, texts
        sent[variant] = (thanks, tokens.pop())
    return sent


def test_an_inquiry_over_https_is_received(inquiries):
    assert inquiries["root"][0].startswith("/en/inquiry/thanks/")
    assert inquiries["prefix"][0].startswith(PREFIX + "/en/inquiry/thanks/")


@pytest.mark.parametrize("variant", VARIANTS)
def test_secret_links_stay_out_of_the_access_log(stack, inquiries, variant):
    site = stack[variant][1]
    thanks, token = inquiries[variant]
    mount = PREFIX if variant == "prefix" else ""
    browser = Browser(site)
    for lang in LANGUAGES:
        status, _, text = browser.open(f"{mount}/{lang}/status/{token}/")
        assert status == 200, text[-2000:]
        # The language and display switches of the status page carry its address in ?next=.
        switches = [p for p in paths_of(site, text) if "next=" in p]
        assert any("language" in p for p in switches) and any("display" in p for p in switches)
        for path in switches:
            assert browser.open(path)[0] in (302, 303)
        assert browser.open(f"{mount}/{lang}/partners/credit/not-a-real-token-{lang}/")[0] == 404
        assert browser.open(f"{mount}/{lang}/projects/")[0] == 200
    assert browser.open(thanks)[0] == 200
    # A browser that ignores the status page's Referrer-Policy: its stylesheet is not logged either.
    referrer = {"Referer": f"https://{HOST}:{site.ports['https']}{mount}/zh-hant/status/{token}/"}
    assert browser.open(f"{mount}/static/css/site.css?from-status", headers=referrer)[0] == 200
    log = site.access_log.read_text()
    for lang in LANGUAGES:
        assert f"GET {mount}/{lang}/projects/ HTTP/1.1\" 200" in log
        assert f"not-a-real-token-{lang}" not in log
    assert token not in log and thanks not in log and "/status/" not in log and "from-status" not in log
    assert "status%2F" not in log.lower()


@pytest.mark.parametrize("variant", VARIANTS)
def test_portal_doctor_finds_nginx_as_shipped(stack, variant):
    """``portal doctor``'s look from outside (proxy headers, certificate, the plain-HTTP
    redirect) finds nothing wrong; mail written to files is the one warning, as chosen."""
    server, site = stack[variant]
    result = subprocess.run([PORTAL, "doctor"], env={**server.env, "SSL_CERT_FILE": str(site.cert),
                                                     "PORTAL_DOCTOR_HTTP_PORT": str(site.ports["http"])},
                            capture_output=True, text=True, timeout=120)
    wrong = [line for line in result.stdout.splitlines()
             if line.startswith(("PROBLEM", "WARNING")) and "PORTAL_SMTP_URL" not in line]
    assert wrong == [], result.stdout + result.stderr
    assert "1 proxy in front" in result.stdout


def slow_post(site, stop):
    """Send a POST's headers, then its body one byte a second until ``stop`` is set. The body
    is declared under the inquiry's 64 KiB, so portal serve would wait for it, not refuse it."""
    raw = socket.create_connection(("127.0.0.1", site.ports["https"]), timeout=10)
    connection = site.context.wrap_socket(raw, server_hostname=HOST)
    try:
        connection.sendall(f"POST /zh/inquiry/ HTTP/1.1\r\nHost: {HOST}:{site.ports['https']}\r\n"
                           "Content-Type: application/x-www-form-urlencoded\r\n"
                           "Content-Length: 10000\r\n\r\n".encode())
        while not stop.wait(1):
            connection.sendall(b"a")
    except OSError:
        pass  # dropped: the test sees the thread gone
    finally:
        connection.close()


def timed_get(site, path):
    """Seconds for a GET of ``path`` on a new connection, as a new visitor's; inf if it fails."""
    started = time.perf_counter()
    connection = http.client.HTTPSConnection(HOST, site.ports["https"], context=site.context, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return time.perf_counter() - started if response.status == 200 else float("inf")
    except OSError:
        return float("inf")
    finally:
        connection.close()


@pytest.mark.slow
def test_fifty_slow_request_bodies_leave_pages_fast(stack):
    """Issue 20, item 8: while 50 connections each send a POST body a byte a second, /zh/
    answers as fast as ever: nginx holds the bodies, portal serve's workers never wait on them.
    (With proxy_request_buffering off, every GET times out.)"""
    site = stack["root"][1]
    stop = threading.Event()
    senders = [threading.Thread(target=slow_post, args=(site, stop)) for _ in range(50)]
    for sender in senders:
        sender.start()
    try:
        time.sleep(3)  # every connection open and sending
        times = sorted(timed_get(site, "/zh/") for _ in range(40))
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"\n/zh/ through nginx with 50 slow bodies: p95 {p95 * 1000:.1f} ms, "
              f"median {times[len(times) // 2] * 1000:.1f} ms")
        assert p95 < 0.1, f"p95 {p95 * 1000:.0f} ms"
        assert all(sender.is_alive() for sender in senders)  # all held open by nginx all along
    finally:
        stop.set()
        for sender in senders:
            sender.join(timeout=15)


def test_tls_is_1_2_or_1_3_only(stack):
    site = stack["root"][1]
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        context = site.context
        context.minimum_version = context.maximum_version = version
        with socket.create_connection(("127.0.0.1", site.ports["https"]), timeout=10) as raw, \
                context.wrap_socket(raw, server_hostname=HOST) as connection:
            assert connection.version() == {ssl.TLSVersion.TLSv1_2: "TLSv1.2",
                                            ssl.TLSVersion.TLSv1_3: "TLSv1.3"}[version]
