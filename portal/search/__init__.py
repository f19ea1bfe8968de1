"""Full-text search: Whoosh with jieba segmentation, built from the content, read-only to requests.

The seam is three functions, so the engine can be swapped: ``build_index`` (content -> a new
index generation, made current atomically), ``find`` (query -> ranked items, cached per worker)
and ``highlight`` (items -> titles and snippets with the matches marked).
"""

import logging
from pathlib import Path

from flask import current_app

from . import analysis, index
from .searcher import SearchService, Unavailable  # noqa: F401  (part of the seam)

log = logging.getLogger(__name__)


def index_folder(app):
    return Path(app.instance_path) / "search"


def build_index(content, folder, progress=None):
    """Index ``content`` into a fresh generation and make it current; return its meta data."""
    return index.build(content, folder, progress)


def find(text, lang):
    """The Answer (ranked records, hints) for a normalized query; raises Unavailable."""
    synonyms = getattr(current_app.extensions["content"].current, "synonyms", ())
    return current_app.extensions["search"].find(text, lang, synonyms)


def highlight(answer, records, lang):
    """Hits (title, snippet, link data) for some records of an answer."""
    return current_app.extensions["search"].highlight(answer, records, lang)


def warm_up():
    """Load jieba's dictionary and OpenCC now rather than on the first search (about a second).

    Production entry points call this in the server's parent process, before workers fork, so
    the workers share those pages; the app factory does not, so that tests, the staff preview
    and commands start fast.
    """
    analysis.preload()


def init_app(app):
    """Open the index in the instance folder, building it first if there is none."""
    app.config.setdefault("SEARCH_BUILD_MISSING", True)
    app.config.setdefault("SEARCH_CACHE_SIZE", 256)
    folder = index_folder(app)
    folder.mkdir(parents=True, exist_ok=True)
    analysis.configure(folder)  # jieba's dictionary cache lives beside the index
    content = app.extensions["content"].current
    if app.config["SEARCH_BUILD_MISSING"] and index.ensure(content, folder):
        log.info("search index built in %s", folder)
    if index.exists(folder):
        if not index.is_current(folder, content):
            log.warning("the search index is older than the content: run `portal index`")
    else:
        log.warning("no search index in %s: run `portal index`", folder)
    app.extensions["search"] = SearchService(folder, app.config["SEARCH_CACHE_SIZE"])
