"""The shipped sample content (``content/``): every item answers in both languages.

Items are discovered from the loaded store, so the tests follow the content as it grows.
"""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from portal.images import is_photo

from ..conftest import SAMPLE_CONTENT
from ..fixture_tree import HTML_LANG, LANGS, LIST_PAGES, SECTION_URLS, footer, item_path
from ..helpers import page

SECTIONS = list(SECTION_URLS)


def test_every_folder_of_the_sample_content_is_published(sample_app):
    store = sample_app.extensions["content"]
    folders = {(section, path.name) for section in SECTIONS
               for path in (SAMPLE_CONTENT / section).iterdir()
               if path.is_dir() and not path.name.startswith(".")}
    assert [str(p) for p in store.errors] == []
    assert folders - set(store.current.bundles) == set()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", LIST_PAGES)
def test_sample_list_pages(sample_client, lang, path):
    response = sample_client.get(f"/{lang}/{path}")
    assert response.status_code == 200
    assert page(response).lang == HTML_LANG[lang]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", SECTIONS)
def test_every_sample_item_answers(sample_app, sample_client, section, lang):
    bundles = sample_app.extensions["content"].current.bundles
    slugs = sorted(slug for s, slug in bundles if s == section)
    assert slugs, f"no {section} in the sample content"
    failed = {}
    for slug in slugs:
        response = sample_client.get(item_path(lang, section, slug))
        if response.status_code != 200:
            failed[slug] = response.status_code
            continue
        shown = page(response)
        title = bundles[(section, slug)].items[lang].title
        if shown.lang != HTML_LANG[lang] or title not in shown.text:
            failed[slug] = "wrong language or title missing"
    assert failed == {}


def test_sample_pages_named_in_the_navigation_exist(sample_client):
    for lang in LANGS:
        for slug in ("environment", "about", "privacy"):
            assert sample_client.get(f"/{lang}/{slug}/").status_code == 200


def test_sample_sitemap_lists_every_item_in_both_languages(sample_app, sample_client):
    root = ET.fromstring(sample_client.get("/sitemap.xml").data)
    listed = {urlsplit(loc.text).path
              for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    bundles = sample_app.extensions["content"].current.bundles
    assert {item_path(lang, s, slug) for s, slug in bundles for lang in LANGS} <= listed


def test_sample_footer_identifiers(sample_client):
    site = footer(SAMPLE_CONTENT)
    shown = page(sample_client.get("/zh/"))
    assert any(a.text == site["icp"] and a.attrs["href"].startswith("https://beian.miit.gov.cn")
               for a in shown.anchors())
    assert site["psb"] in shown.text and site["site_id"] in shown.text


def test_sample_photos_are_served(sample_app, sample_client):
    missing = []
    for (section, slug), bundle in sample_app.extensions["content"].current.bundles.items():
        for name in bundle.items["zh"].files:
            url = f"/media/{section}/{slug}/{'960/' if is_photo(name) else ''}{name}"
            if sample_client.get(url).status_code != 200:
                missing.append(f"{section}/{slug}/{name}")
    assert missing == []
