"""Reaching beyond the site: the sitemap and robots.txt for search engines (``crawlers``, at
the root), and per language the Atom feed and the open data with its dictionary
(``syndication``, under ``/<lang>/``).

Every response here is a pure function of the published content and the URL, so each is served
through the page cache (``portal.pagecache.cached``) and built once per generation. Absolute URLs
come from ``portal.urls.absolute_url``: ``PORTAL_SITE_URL`` when set, else the request's own
scheme, host and mount path, so a mount under ``/zsj/`` shows in every address.
"""

from flask import Blueprint

from ..i18n import language_prefixed

crawlers = Blueprint("crawlers", __name__)
bp = language_prefixed(Blueprint("syndication", __name__, url_prefix="/<lang>"))

from . import feed, opendata, sitemap  # noqa: E402,F401  (routes register on the blueprints)
