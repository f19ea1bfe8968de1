"""A visitor's or staff member's browser over real HTTPS: cookies kept, redirects not followed,
each form's hidden fields (CSRF token and the like) sent back with what is typed."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base, context):
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.hidden = {}

    def open(self, path, data=None):
        """``(status, Location, body)`` of a GET, or of a POST of ``data`` with the hidden fields
        of the last page."""
        body = None if data is None else urllib.parse.urlencode({**self.hidden, **data}).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                status, location, text = response.status, response.headers["Location"], response.read()
        except urllib.error.HTTPError as error:
            status, location, text = error.code, error.headers["Location"], error.read()
        text = text.decode("utf-8", "replace")
        if data is None:
            self.hidden = {}
            for tag in HIDDEN.findall(text):
                found = dict(ATTRIBUTE.findall(tag))
                if "name" in found:
                    self.hidden.setdefault(found["name"], found.get("value", ""))
        return status, location, text


def wait_until_serving(base, context, timeout=120):
    """Wait until the site answers its home page through nginx (a restart takes seconds)."""
    browser, deadline = Browser(base, context), time.monotonic() + timeout
    while True:
        try:
            status, _, _ = browser.open("/zh/")
            if status == 200:
                return
        except OSError:
            status = None
        if time.monotonic() > deadline:
            raise AssertionError(f"{base}/zh/ did not answer 200 within {timeout} s (last: {status})")
        time.sleep(0.5)
