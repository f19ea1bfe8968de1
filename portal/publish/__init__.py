"""Publishing: the working copy in ``content/`` becomes a published generation the site serves.

``portal publish`` (and, while the site runs, a watcher of ``content/``) builds a complete new
generation in the instance folder and makes it live atomically; every worker switches to it
between requests. The staff preview does the same into a folder of its own. See
``generations.py`` for the layout on disk and ``build.py`` for what a publish does.
"""

from pathlib import Path

from flask import g, request

from ..content import PINNED
from .store import PublishedStore

FOLDERS = {False: "published", True: "preview"}


def publication_folder(app):
    return Path(app.instance_path) / FOLDERS[bool(app.config["PREVIEW"])]


def init_app(app):
    """Serve the live generation (publishing one first on a fresh instance folder)."""
    preview = bool(app.config["PREVIEW"])
    store = app.extensions["content"] = PublishedStore(
        app.config["CONTENT_DIR"], publication_folder(app),
        publish_missing=app.config["PUBLISH_MISSING"],
        seed=Path(app.instance_path) / FOLDERS[False] if preview else None,
    )

    @app.before_request
    def pin_content():
        # One request sees one generation, even if a new one goes live meanwhile. The page
        # cache in front of Flask has already chosen it for this request.
        g.content = request.environ.get(PINNED) or store.refresh()
