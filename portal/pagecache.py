"""Public pages are pure functions of content and URL: render each once, then serve bytes.

Entries are keyed by content version, mount path and full URL, so a content reload or a
different mount never serves a stale page. Every page carries an ETag; a matching
``If-None-Match`` gets 304 without a body.
"""

import hashlib
import threading
from collections import OrderedDict
from datetime import date
from functools import wraps

from flask import current_app, make_response, request

from .content import get_content


class PageCache:
    """A bounded, thread-safe LRU of ``key -> (body, mimetype, etag)``."""

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


def cached(view):
    """Serve the view's 200 responses from memory after the first render."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        cache = current_app.extensions["pages"]
        # The date is part of the key: "in force" and "expired" change at midnight.
        key = (get_content().version, date.today(), request.script_root, request.full_path)
        entry = cache.get(key)
        if entry is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or not cache.size:
                return response
            body = response.get_data()
            entry = (body, response.mimetype, hashlib.blake2b(body, digest_size=12).hexdigest())
            cache.put(key, entry)
        body, mimetype, etag = entry
        response = current_app.response_class(body, mimetype=mimetype)
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["PAGE_MAX_AGE"]
        return response.make_conditional(request)

    return wrapper


def init_app(app):
    app.config.setdefault("PAGE_MAX_AGE", 0 if app.config["CONTENT_RELOAD"] else 300)
    # The staff preview shows edits at once: no page cache there.
    size = 0 if app.config["CONTENT_RELOAD"] else app.config["PAGE_CACHE_SIZE"]
    app.extensions["pages"] = PageCache(size)
