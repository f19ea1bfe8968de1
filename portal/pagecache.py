"""Public pages are pure functions of content and URL: render each once, then serve bytes.

Two parts work together:

- ``cached`` marks a view's 200 responses as shareable: it gives them an ETag and a public
  Cache-Control, and notes in the WSGI environ the key the finished response may be kept under.
- ``PageFront``, a WSGI layer in front of Flask, keeps those finished responses (status, headers
  and body exactly as Flask sent them, security headers included) and answers later requests
  for the same key from memory without entering Flask at all, with 304 for a matching
  ``If-None-Match``. A page served this way costs a dictionary look-up, not a request cycle.
  Kept pages (and the static stylesheets and scripts) go out compressed, Brotli or gzip as the
  client accepts (see ``portal.encoding``), each coding made once per kept entry on its first
  request and kept beside the identity bytes; each coding has its own ETag (``-br``, ``-gz``),
  and ``If-None-Match`` with any of them answers 304.

Keys hold the published generation, the date in China ("in force" and "expired" change at midnight there), the
scheme, host and mount path, and the path and query, so a content reload, another host name
or another mount never serves a stale or foreign page. Responses that set a cookie (a partner's
``?ref=``), vary (on anything but Accept-Encoding), or are private are never kept. Responses
not kept (the inquiry form, the back office, errors) are sent uncompressed: they may carry a
CSRF token beside what the visitor typed, which compression would leak (BREACH).
"""

import hashlib
import threading
from collections import OrderedDict, namedtuple
from functools import wraps

from flask import current_app, make_response, request
from werkzeug.http import parse_etags, quote_etag, unquote_etag

from . import encoding
from .clock import china_today
from .content import PINNED, get_content
from .i18n import convert_traditional

KEY = "portal.page_key"  # environ entry: the key a shareable response may be kept under
PageKey = namedtuple("PageKey", "version day scheme host script path query")
NOT_MODIFIED_DROPS = {"content-type", "content-length", "content-encoding"}
UNSHAREABLE = ("set-cookie",)
STALE = {"date"}  # the server stamps each response with its own
REPLACED = {"content-length", "etag", "vary", "content-encoding"}  # set per coding
STATIC_VERSION = "static"  # static files change with a deploy (a restart), not with a publish
STATIC_TYPES = (".css", ".js", ".svg")


class Entry:
    """A kept response: status, headers and identity body as Flask sent them, and the variant
    of each coding (headers and body), made on first demand, once."""

    def __init__(self, status, headers, body, kind="page"):
        self.status, self.body, self.kind = status, body, kind
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        self.etag, self.weak = unquote_etag(etag) if etag else (None, False)
        self.headers = tuple(h for h in headers if h[0].lower() not in STALE | REPLACED)
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        self.codings = encoding.offered(content_type, len(body))
        self.tags = {self.etag + encoding.ETAG_SUFFIX[c] for c in (*self.codings, "identity")} \
            if self.etag else set()
        self.variants = {}
        self.lock = threading.Lock()

    def variant(self, coding):
        """``(headers, body, not_modified_headers)`` of the response in ``coding``."""
        found = self.variants.get(coding)
        if found is None:
            with self.lock:  # one thread compresses; the others wait for its bytes
                found = self.variants.get(coding) or self.make(coding)
                self.variants[coding] = found
        return found

    def make(self, coding):
        body = encoding.compress(self.body, coding, self.kind)
        headers = [*self.headers, ("Content-Length", str(len(body)))]
        if self.etag:
            headers.append(("ETag", quote_etag(self.etag + encoding.ETAG_SUFFIX[coding], self.weak)))
        if self.codings:
            headers.append(("Vary", "Accept-Encoding"))
        if coding != "identity":
            headers.append(("Content-Encoding", coding))
        return headers, body, [h for h in headers if h[0].lower() not in NOT_MODIFIED_DROPS]


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

    def __init__(self, app, cache, content, static=None):
        self.app = app
        self.cache = cache
        self.content = content  # () -> the Content to serve now (the live generation)
        self.static = static  # the static files' path prefix ("/static/"): kept compressed too

    def __call__(self, environ, start_response):
        # The request is pinned to one generation here, before anything else looks at content.
        content = environ[PINNED] = self.content()
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or not self.cache.size:
            return self.app(environ, start_response)
        path = environ.get("PATH_INFO", "")
        static = bool(self.static) and path.startswith(self.static) and path.endswith(STATIC_TYPES)
        version = STATIC_VERSION if static else content.version
        entry = None
        if not environ.get("CONTENT_LENGTH"):
            entry = self.cache.get(page_key(environ, version))
        if entry is not None:
            return replay(entry, environ, start_response, method)
        if static:
            environ[KEY] = page_key(environ, version)
        return self.render(environ, start_response, method, "static" if static else "page")

    def render(self, environ, start_response, method, kind):
        sent = []

        def capture(status, headers, exc_info=None):
            # A response that may be kept starts only once it is whole, in the client's coding.
            if method == "GET" and environ.get(KEY) is not None and status.startswith("200") \
                    and exc_info is None:
                sent[:] = [status, headers]
                return deferred_write
            return start_response(status, headers, exc_info)

        body = self.app(environ, capture)
        if not sent:
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()  # ends Flask's request context
        status, headers = sent
        if not shareable(headers):
            start_response(status, headers)
            return [data]
        entry = Entry(status, headers, data, kind)
        self.cache.put(environ[KEY], entry)
        return replay(entry, environ, start_response, method)


def deferred_write(data):
    raise RuntimeError("the page cache buffers responses: write() is not supported")


def shareable(headers):
    for name, value in headers:
        name = name.lower()
        if name in UNSHAREABLE or (name == "cache-control" and "private" in value):
            return False
        if name == "vary" and any(v.strip().lower() != "accept-encoding" for v in value.split(",")):
            return False
    return True


def replay(entry, environ, start_response, method):
    coding = encoding.choose(environ.get("HTTP_ACCEPT_ENCODING", ""), entry.codings)
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match and entry.tags:
        tags = parse_etags(match)
        if any(tags.contains_weak(tag) for tag in entry.tags):
            start_response("304 NOT MODIFIED", list(entry.variant(coding)[2]))
            return []
    headers, body, _ = entry.variant(coding)
    start_response(entry.status, list(headers))
    return [body] if method == "GET" else []


def init_app(app):
    """Put PageFront in front of the app; call before any middleware that rewrites the environ."""
    app.config.setdefault("PAGE_MAX_AGE", 0 if app.config["PREVIEW"] else 300)
    # The staff preview shows edits at once: no page cache there.
    size = 0 if app.config["PREVIEW"] else app.config["PAGE_CACHE_SIZE"]
    cache = app.extensions["pages"] = PageCache(size)
    app.wsgi_app = PageFront(app.wsgi_app, cache, lambda: app.extensions["content"].refresh(),
                             static=app.static_url_path.rstrip("/") + "/")
