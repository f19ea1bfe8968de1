"""Full-text search: Whoosh with jieba segmentation, built from the content, read-only to requests.

The seam is three functions, so the engine can be swapped: ``build_index`` (content -> a new
index generation, made current atomically), ``find`` (query -> ranked items, cached per worker)
and ``highlight`` (items -> titles and snippets with the matches marked).
"""

from pathlib import Path

from flask import current_app

from ..content import get_content
from . import analysis, index
from .searcher import SearchService, Unavailable  # noqa: F401  (part of the seam)


def build_index(content, folder, progress=None, previous=None):
    """Index ``content`` into a fresh generation and make it current; return its meta data.

    ``previous``: the index folder of the previous publish, for only what changed to be
    analysed again."""
    return index.build(content, folder, progress, previous=previous)


def index_of(folder):
    """The live index generation under a generation's ``search/`` folder, or None."""
    name = index.current_generation(folder)
    return Path(folder) / name if name else None


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
    """Search the index of each request's published generation (``<generation>/search/``).

    Every publish builds the index for exactly the content it publishes, so search never
    links to a page that is not published. jieba's dictionary cache lives in the instance.
    """
    app.config.setdefault("SEARCH_CACHE_SIZE", 256)
    cache = Path(app.instance_path) / "search"
    cache.mkdir(parents=True, exist_ok=True)
    analysis.configure(cache)
    app.extensions["search"] = SearchService(
        lambda: get_content().root / "search", app.config["SEARCH_CACHE_SIZE"])
