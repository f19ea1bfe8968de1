"""``/<lang>/feed.xml``: an Atom 1.0 feed (RFC 4287) of projects, incentives and news.

Newest first by ``updated`` (news: by ``published`` when that is later), at most ``FEED_SIZE``
entries. Entry ids are tag URIs (RFC 4151) built from the site's host name, the language, the
section and the folder name: slugs are stable forever, so an entry keeps its id through edits,
and a reader shows an edited item as updated, not as new. Dates are the content's dates at
midnight in China (UTC+8), which Atom needs as full timestamps.
"""

import re
from datetime import datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from flask import current_app, g, render_template
from flask_babel import lazy_gettext as _l

from ..content import get_content
from ..i18n import HREFLANG
from ..pagecache import cached
from ..root import SECTIONS_WITH_PAGES
from ..urls import absolute_url
from . import bp

FEED_SIZE = 50
CHINA = timezone(timedelta(hours=8))
TAG_YEAR = 2026  # the year in the tag URIs: part of every id, so never change it
# Section -> the category a reader shows (the navigation's names for them).
SECTIONS = {"projects": _l("Projects"), "policies": _l("Incentives"), "news": _l("News")}
# Characters XML 1.0 forbids: a stray one pasted into a summary would make the whole feed unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def timestamp(day):
    """A date as an RFC 3339 timestamp at midnight in China: ``2026-10-12T00:00:00+08:00``."""
    return datetime.combine(day, time(), CHINA).isoformat()


def freshness(item):
    """When an item last changed, for the feed's order: its ``updated`` or publication date."""
    return max(item.updated, getattr(item, "published", None) or item.updated)


def latest(content, lang, size=FEED_SIZE):
    """``[(section, item)]``: the newest items of the feed's sections, newest first."""
    found = [(section, item) for section in SECTIONS for item in content.items(section, lang)]
    found.sort(key=lambda pair: (freshness(pair[1]), pair[0], pair[1].slug), reverse=True)
    return found[:size]


def tag_uri(host, lang, *parts):
    return f"tag:{host},{TAG_YEAR}:{lang}/{'/'.join(parts)}"


def entries(content, lang, host):
    return [{
        "id": tag_uri(host, lang, section, item.slug),
        "title": NOT_XML.sub("", item.title),
        "summary": NOT_XML.sub("", item.summary),
        "link": absolute_url(SECTIONS_WITH_PAGES[section], lang=lang, slug=item.slug),
        "updated": timestamp(freshness(item)),
        "published": timestamp(item.published) if getattr(item, "published", None) else None,
        "category": section,
        "category_label": SECTIONS[section],
    } for section, item in latest(content, lang)]


@bp.get("/feed.xml")
@cached
def feed():
    content = get_content()
    self_url = absolute_url("syndication.feed")
    host = urlsplit(self_url).hostname or "localhost"
    items = entries(content, g.lang, host)
    body = render_template(
        "feed.xml", entries=items, feed_id=tag_uri(host, g.lang, "feed"), self_url=self_url,
        home_url=absolute_url("public.home"), xml_lang=HREFLANG[g.lang],
        updated=max((e["updated"] for e in items), default=timestamp(datetime.now(CHINA).date())),
        author=content.site.name.text(g.lang), subtitle=content.site.tagline.text(g.lang),
        other_feeds=[(HREFLANG[lang], absolute_url("syndication.feed", lang=lang))
                     for lang in current_app.config["LANGUAGES"] if lang != g.lang],
    )
    return current_app.response_class(body, mimetype="application/atom+xml")
