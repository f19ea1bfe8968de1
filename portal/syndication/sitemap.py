"""``/sitemap.xml`` (every public page, in every language, with its alternates and date) and
``/robots.txt`` (the sitemap's address, and the private and query paths crawlers should skip).

A page is listed once per language in ``LANGUAGES``, each with ``xhtml:link`` alternates for all
languages and ``x-default`` (the default language), and ``lastmod``: the item's ``updated``
date, for a list the newest of its items. Routes left out are named in ``EXCLUDED`` with the
reason, so a test can walk the route map and prove that nothing public is forgotten.
"""

from urllib.parse import urlsplit

from flask import current_app, render_template

from ..content import get_content
from ..content.partners import partners
from ..i18n import HREFLANG
from ..pagecache import cached
from ..root import SECTIONS_WITH_PAGES
from ..urls import absolute_url
from . import crawlers
from .freshness import newest_of

# List page -> the sections whose newest item dates it (the home page: all of them).
LIST_PAGES = {
    "public.home": tuple(SECTIONS_WITH_PAGES), "public.projects": ("projects",), "public.parks": ("parks",),
    "public.spaces": ("parks",), "public.policies": ("policies",), "public.desks": ("desks",),
    "public.news": ("news",), "syndication.data": ("projects", "parks", "policies"),
    "inquiry.form_page": (),
}
# Endpoint (or blueprint, ending in ".") -> why it is not in the sitemap.
EXCLUDED = {
    "root.index": "redirects to a language by the visitor's browser",
    "root.choose_language": "redirect: remembers a language choice",
    "root.choose_display": "redirect: remembers a reading mode",
    "root.display_css": "a per-visitor stylesheet",
    "root.healthz": "for the load balancer",
    "forwarded": "for portal doctor: how many forwarded headers a request carried",
    "crawlers.": "the sitemap and robots.txt themselves",
    "syndication.feed": "a feed, announced in every page's head",
    "syndication.download": "data files, listed on the data dictionary page",
    "public.compare": "query page: compares the parks or units named in its query",
    "public.project_book": "query page: prints the projects its filters select",
    "public.qr_file": "an image (SVG) of the address in its query",
    "public.qr_png": "an image (PNG) of the address in its query",
    "search.results": "query page: search results",
    "inquiry.route_json": "data for the inquiry form's script",
    "inquiry.thanks": "private: an inquirer's signed thank-you page",
    "status.": "private: an inquirer's status link",
    "partners.credit.": "private: a partner's credit link",
    "partners.poster": "a printable poster: the project's page (listed) with a partner's code",
    "staff.": "the back office, behind a login",
    "static": "stylesheets, scripts, fonts",
    "media": "photos and attachments",
    "media_sized": "photo sizes",
}
# Paths robots.txt asks crawlers to skip (their static part, per language where prefixed).
ROBOTS_DISALLOWED = ("staff.", "status.", "inquiry.thanks", "partners.credit.", "search.results")
PARTNER_PAGE = "partners.page"


def excluded(endpoint):
    """The reason ``endpoint`` is not in the sitemap, or None when it must be."""
    return EXCLUDED.get(endpoint) or next(
        (why for name, why in EXCLUDED.items() if name.endswith(".") and endpoint.startswith(name)),
        None)


def pages(content):
    """``[(endpoint, values, lastmod)]``: every public page, language left out."""
    found = [(endpoint, {}, newest_of(content, sections))
             for endpoint, sections in LIST_PAGES.items()]
    for (section, slug), bundle in sorted(content.bundles.items()):
        item = bundle.items["zh"]
        found.append((SECTIONS_WITH_PAGES[section], {"slug": slug}, item.updated))
        if section == "parks":  # a page per factory unit, as fresh as its park's list
            found += [("public.unit", {"slug": slug, "unit_id": unit.id}, item.updated)
                      for unit in item.units]
    found += partner_pages()
    return found


def partner_pages():
    """Partners' pages (``/<lang>/partners/<slug>/``), when the partners' area is installed."""
    if PARTNER_PAGE not in current_app.view_functions:
        return []
    return [(PARTNER_PAGE, {"slug": desk.slug}, desk.updated) for desk in partners("zh")]


def entries(content, languages, default):
    """What the sitemap lists: ``{loc, lastmod, alternates: [(hreflang, url)]}`` per URL."""
    listed = []
    for endpoint, values, lastmod in pages(content):
        urls = {lang: absolute_url(endpoint, lang=lang, **values) for lang in languages}
        alternates = [(HREFLANG[lang], url) for lang, url in urls.items()]
        alternates.append(("x-default", urls.get(default, next(iter(urls.values())))))
        listed += [{"loc": url, "lastmod": lastmod, "alternates": alternates}
                   for url in urls.values()]
    return listed


@crawlers.get("/sitemap.xml")
@cached
def sitemap():
    config = current_app.config
    body = render_template("sitemap.xml", entries=entries(
        get_content(), config["LANGUAGES"], config["DEFAULT_LANGUAGE"]))
    return current_app.response_class(body, mimetype="application/xml")


def disallowed_paths(languages):
    """The static start of each route in ``ROBOTS_DISALLOWED``, per language, under the mount
    (the site URL's path when one is configured, else the request's)."""
    mount = urlsplit(absolute_url("root.index")).path.rstrip("/")
    paths = set()
    for rule in current_app.url_map.iter_rules():
        if not any(rule.endpoint == name or (name.endswith(".") and rule.endpoint.startswith(name))
                   for name in ROBOTS_DISALLOWED):
            continue
        for lang in languages:
            start = rule.rule.replace("<lang>", lang).split("<", 1)[0]
            paths.add(mount + start)
    # /staff/ covers /staff/login and the rest: keep only the shortest of nested folders.
    return sorted(p for p in paths
                  if not any(p != q and q.endswith("/") and p.startswith(q) for q in paths))


@crawlers.get("/robots.txt")
@cached
def robots():
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed_paths(current_app.config["LANGUAGES"])]
    lines += ["Allow: /", f"Sitemap: {absolute_url('crawlers.sitemap')}", ""]
    return current_app.response_class("\n".join(lines), mimetype="text/plain")
