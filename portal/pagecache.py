"""Public pages are pure functions of content and URL: render each once, then serve bytes.

Two parts work together:

- ``cached`` marks a view's 200 responses as shareable: it gives them an ETag and a public
  Cache-Control, and notes in the WSGI environ the key the finished response may be kept under.
- ``PageFront``, a WSGI layer in front of Flask, keeps those finished responses (status, headers
  and body exactly as Flask sent them, security headers included) and answers later requests
  for the same key from memory without entering Flask at all, with 304 for a matching
  ``If-None-Match``. A page served this way costs a dictionary look-up, not a request cycle.

Keys hold the published generation, the date in China ("in force" and "expired" change at midnight there), the
scheme, host and mount path, and the path and query, so a content reload, another host name
or another mount never serves a stale or foreign page. Responses that set a cookie (a partner's
``?ref=``), vary, or are private are never kept.
"""

import hashlib
import threading
from collections import OrderedDict, namedtuple
from functools import wraps

from flask import current_app, make_response, request
from werkzeug.http import parse_etags

from .content import get_content
from .i18n import convert_traditional
from .content.policies import china_today
from .publish import PINNED

KEY = "portal.page_key"  # environ entry: the key a shareable response may be kept under
PageKey = namedtuple("PageKey", "version day scheme host script path query")
Entry = namedtuple("Entry", "status headers body etag")
NOT_MODIFIED_DROPS = {"content-type", "content-length"}
UNSHAREABLE = ("set-cookie", "vary")
STALE = {"date"}  # the server stamps each response with its own


class PageCache:
    """A bounded, thread-safe LRU of ``key -> value``."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def page_key(environ, version):
    return PageKey(
        version, china_today().toordinal(), environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
    )


def cached(view):
    """Mark the view's 200 responses as the same for every visitor, so PageFront keeps them."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = convert_traditional(make_response(view(*args, **kwargs)))  # zh-hant: before the ETag
        if response.status_code != 200:
            return response
        response.set_etag(hashlib.blake2b(response.get_data(), digest_size=12).hexdigest())
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["PAGE_MAX_AGE"]
        request.environ[KEY] = page_key(request.environ, get_content().version)
        return response.make_conditional(request)

    return wrapper


class PageFront:
    """WSGI middleware: serve kept pages from memory, keep new shareable ones on the way out."""

    def __init__(self, app, cache, content):
        self.app = app
        self.cache = cache
        self.content = content  # () -> the Content to serve now (the live generation)

    def __call__(self, environ, start_response):
        # The request is pinned to one generation here, before anything else looks at content.
        content = environ[PINNED] = self.content()
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or not self.cache.size:
            return self.app(environ, start_response)
        entry = None
        if not environ.get("CONTENT_LENGTH"):
            entry = self.cache.get(page_key(environ, content.version))
        if entry is not None:
            return replay(entry, environ, start_response, method)
        return self.render(environ, start_response, method)

    def render(self, environ, start_response, method):
        sent = []

        def capture(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.app(environ, capture)
        key = environ.get(KEY)
        if key is None or method != "GET" or not sent or not sent[0].startswith("200"):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()  # ends Flask's request context
        status, headers = sent
        if shareable(headers):
            etag = next((v for k, v in headers if k.lower() == "etag"), "").strip('"')
            kept = tuple(h for h in headers if h[0].lower() not in STALE)
            self.cache.put(key, Entry(status, kept, data, etag))
        return [data]


def shareable(headers):
    for name, value in headers:
        name = name.lower()
        if name in UNSHAREABLE or (name == "cache-control" and "private" in value):
            return False
    return True


def replay(entry, environ, start_response, method):
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match and entry.etag and parse_etags(match).contains_weak(entry.etag):
        start_response("304 NOT MODIFIED",
                       [h for h in entry.headers if h[0].lower() not in NOT_MODIFIED_DROPS])
        return []
    start_response(entry.status, list(entry.headers))
    return [entry.body] if method == "GET" else []


def init_app(app):
    """Put PageFront in front of the app; call before any middleware that rewrites the environ."""
    app.config.setdefault("PAGE_MAX_AGE", 0 if app.config["PREVIEW"] else 300)
    # The staff preview shows edits at once: no page cache there.
    size = 0 if app.config["PREVIEW"] else app.config["PAGE_CACHE_SIZE"]
    cache = app.extensions["pages"] = PageCache(size)
    app.wsgi_app = PageFront(app.wsgi_app, cache, lambda: app.extensions["content"].refresh())
