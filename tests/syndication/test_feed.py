"""The Atom feed per language: read by a real feed reader (feedparser), newest first, every
entry's link a working page in that language, absolute also under a mount or a site URL."""

from urllib.parse import urlsplit

import feedparser
import pytest

from ..helpers import edit, page
from . import as_shown

MOUNT = {"SCRIPT_NAME": "/zsj"}
FEED_SECTIONS = ("projects", "policies", "news")


def newest_first(app):
    """``[(date, section, slug)]`` of the sample's feed sections, as the feed must order them."""
    content = app.extensions["content"].current
    dated = []
    for (section, slug), bundle in content.bundles.items():
        if section in FEED_SECTIONS:
            item = bundle.items["zh"]
            dated.append((max(item.updated, getattr(item, "published", None) or item.updated),
                          section, slug))
    return sorted(dated, reverse=True)


def read(client, lang, **kwargs):
    response = client.get(f"/{lang}/feed.xml", **kwargs)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return response, feed


def test_each_language_feed_lists_the_newest_items_first(sample_app, sample_client):
    expected = newest_first(sample_app)
    listed = {}
    for lang in sample_app.config["LANGUAGES"]:
        _, feed = read(sample_client, lang)
        shown = [urlsplit(e.link).path for e in feed.entries]
        assert len(shown) == min(50, len(expected))
        newest_date, section, slug = expected[0]
        assert shown[0].endswith(f"/{slug}/"), (lang, shown[0])
        dates = [e.updated_parsed for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
        assert feed.entries[0].updated.startswith(newest_date.isoformat())
        ids = [e.id for e in feed.entries]
        assert len(set(ids)) == len(ids) and all(i.startswith("tag:localhost,") for i in ids)
        assert {t.term for e in feed.entries for t in e.tags} == set(FEED_SECTIONS)
        news = [e for e in feed.entries if e.tags[0].term == "news"]
        assert news and all(e.get("published") for e in news)
        assert not any(e.get("published") for e in feed.entries if e.tags[0].term != "news")
        content = sample_app.extensions["content"].current
        assert feed.feed.author == as_shown(content, lang, content.site.name.text(lang))
        for entry in feed.entries:  # every entry links its page, in the feed's language
            assert urlsplit(entry.link).path.startswith(f"/{lang}/") and entry.summary and entry.title
        listed[lang] = [path.removeprefix(f"/{lang}/") for path in shown]
    # Every feed lists the same pages in its own language; each of them answers (one language
    # is enough: the sitemap test fetches every page of the fixture tree in every language).
    assert len({tuple(paths) for paths in listed.values()}) == 1
    for path in listed["zh"]:
        assert sample_client.get(f"/zh/{path}").status_code == 200, path


def test_feed_links_are_absolute_under_a_mount(client):
    for lang in client.application.config["LANGUAGES"]:
        _, feed = read(client, lang, environ_overrides=MOUNT)
        links = {link.rel: link.href for link in feed.feed.links if link.type != "application/atom+xml"
                 or link.rel == "self"}
        assert links["self"] == f"http://localhost/zsj/{lang}/feed.xml"
        assert links["alternate"] == f"http://localhost/zsj/{lang}/"
        assert all(e.link.startswith(f"http://localhost/zsj/{lang}/") for e in feed.entries)


def test_feed_uses_the_site_url_and_keeps_markup_in_content_as_text(make_app, content_copy):
    title = 'Tea & <b>"matcha"</b> </title> line'
    edit(content_copy / "projects/tea-processing/index.en.md",
         "title: Selenium-rich Tea Deep-processing Project", f"title: '{title}'")
    app = make_app(content_copy, SITE_URL="https://invest.example.gov.cn/zsj/")
    _, feed = read(app.test_client(), "en")
    assert title in [e.title for e in feed.entries]
    assert feed.feed.id == "tag:invest.example.gov.cn,2026:en/feed"
    assert all(e.link.startswith("https://invest.example.gov.cn/zsj/en/") for e in feed.entries)
    assert all(e.id.startswith("tag:invest.example.gov.cn,2026:en/") for e in feed.entries)


def test_feed_is_cached_and_revalidates(client):
    first = client.get("/en/feed.xml")
    assert first.headers["ETag"] and "public" in first.headers["Cache-Control"]
    again = client.get("/en/feed.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["", "projects/tea-processing/", "contact/"])
def test_every_page_announces_the_feed_and_links_it_and_the_data_in_the_footer(client, path):
    for lang in client.application.config["LANGUAGES"]:
        shown = page(client.get(f"/{lang}/{path}"))
        announced = shown.find_all("link", rel="alternate", type="application/atom+xml")
        assert [e.attrs["href"] for e in announced] == [f"/{lang}/feed.xml"]
        hrefs = {a.attrs["href"] for a in shown.anchors()}
        assert {f"/{lang}/feed.xml", f"/{lang}/data/"} <= hrefs
