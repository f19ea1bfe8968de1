"""The content store on the app: load at start-up, reload when files change (preview)."""

import threading
import time

from flask import current_app, g

from .store import load_content, snapshot


class ContentStore:
    """Holds the current Content and the problems found when it was loaded."""

    def __init__(self, root, reload_interval=None):
        self.root = root
        self.reload_interval = reload_interval
        self.checked = time.monotonic()
        self.lock = threading.Lock()
        self.current, self.problems = load_content(root)

    def reload(self):
        """Load again, keeping the last good version of every file that became invalid."""
        with self.lock:
            self.current, self.problems = load_content(self.root, previous=self.current)

    def refresh(self):
        """In preview, reload when a file has changed since the last look (at most once a second)."""
        if self.reload_interval is None or time.monotonic() - self.checked < self.reload_interval:
            return
        self.checked = time.monotonic()
        if snapshot(self.root) != self.current.version:
            self.reload()


def init_app(app):
    interval = 1.0 if app.config["CONTENT_RELOAD"] else None
    app.extensions["content"] = ContentStore(app.config["CONTENT_DIR"], interval)

    @app.before_request
    def pin_content():
        # One request sees one version of the content, even if a reload happens meanwhile.
        store = app.extensions["content"]
        store.refresh()
        g.content = store.current


def get_content():
    """The Content the current request works with."""
    return g.get("content") or current_app.extensions["content"].current
