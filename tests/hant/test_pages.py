"""繁體中文 at /zh-hant/: every page type answers in traditional characters throughout, keeps the
phrase list's forms, and names itself zh-Hant to browsers and search engines."""

import re

import pytest

from ..quality.pages import PAGE_TYPES
from .text import simplified_only, visible_text

# The thank-you page's address is signed: tests/hant/test_inquiry.py reaches it by sending one.
HANT_PAGES = {name: url.format(lang="zh-hant") for name, url in PAGE_TYPES.items() if name != "thanks"}


@pytest.fixture(scope="module")
def pages(sample_app):
    client = sample_app.test_client()
    return {name: client.get(url) for name, url in HANT_PAGES.items()}


@pytest.mark.parametrize("name", HANT_PAGES)
def test_every_page_type_is_traditional_throughout(pages, name):
    response = pages[name]
    assert response.status_code == (404 if name == "not-found" else 200)
    html = response.get_data(as_text=True)
    assert '<html lang="zh-Hant">' in html
    text = visible_text(html)
    assert simplified_only(text) == {}
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 100  # in Chinese, not an English fallback
    assert "Skip to main content" not in text and "Search" not in text


@pytest.mark.parametrize("name", ["project", "desk", "home", "policy"])
def test_the_phrase_list_keeps_the_countys_terms(pages, name):
    text = visible_text(pages[name].get_data(as_text=True))
    assert "專案" not in text and "視窗" not in text and "釋出" not in text  # Taiwan's computer words
    assert "項目" in text or "窗口" in text
    assert "青嵐縣" in text


def test_pages_name_all_three_languages_for_search_engines(pages):
    html = pages["project"].get_data(as_text=True)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))
    assert alternates["zh-Hans"].endswith("/zh/projects/fuxi-tea-processing/")
    assert alternates["zh-Hant"].endswith("/zh-hant/projects/fuxi-tea-processing/")
    assert alternates["en"].endswith("/en/projects/fuxi-tea-processing/")
    assert '<link rel="canonical" href="http://localhost/zh-hant/projects/fuxi-tea-processing/">' in html


def test_the_switch_offers_the_two_other_languages_each_in_itself(sample_client):
    for lang, others in {"zh": ("zh-hant", "en"), "zh-hant": ("zh", "en"), "en": ("zh", "zh-hant")}.items():
        html = sample_client.get(f"/{lang}/parks/").get_data(as_text=True)
        switch = re.search(r'<ul class="lang-switch".*?</ul>', html, re.S).group(0)
        offered = re.findall(r'<a href="/language/([\w-]+)\?next=[^"]*" hreflang="[\w-]+" lang="([\w-]+)">'
                             r'([^<]+)</a>', switch)
        assert [o[0] for o in offered] == list(others)
        names = {"zh": ("zh-Hans", "简体"), "zh-hant": ("zh-Hant", "繁體"), "en": ("en", "English")}
        assert [o[1:] for o in offered] == [names[o] for o in others]  # 简体 stays simplified on zh-hant


def test_the_traditional_site_says_the_simplified_text_is_authoritative(pages):
    html = pages["project"].get_data(as_text=True)
    notice = re.search(r'<p class="notice lang-notice">(.*?)</p>', html, re.S).group(1)
    assert "為準" in notice  # "…以简体中文版为准", in traditional characters
    assert notice.endswith('lang="zh-Hans" hreflang="zh-Hans">简体中文</a>')  # its own name, as written
    assert 'href="/language/zh?next=/zh/projects/fuxi-tea-processing/"' in notice


def test_a_choice_of_traditional_chinese_is_remembered(sample_client):
    response = sample_client.get("/language/zh-hant?next=/zh-hant/parks/")
    assert response.headers["Location"].endswith("/zh-hant/parks/")
    assert "lang=zh-hant" in response.headers["Set-Cookie"]
    assert sample_client.get("/").headers["Location"].endswith("/zh-hant/")


def test_search_answers_traditional_queries_on_the_traditional_site(sample_client):
    html = sample_client.get("/zh-hant/search?q=標準化廠房").get_data(as_text=True)
    hits = re.findall(r'<h2 class="hit-title"><a href="([^"]+)"', html)
    assert hits and all(h.startswith("/zh-hant/") for h in hits)
    text = visible_text(html)
    assert simplified_only(text) == {}
    assert "標準化廠房" in text
    same = sample_client.get("/zh/search?q=标准化厂房").get_data(as_text=True)
    assert len(re.findall(r'<h2 class="hit-title">', same)) == len(hits)  # the same answers


def test_cached_pages_keep_their_etag_and_answer_304(sample_client):
    first = sample_client.get("/zh-hant/parks/")
    etag = first.headers["ETag"]
    assert sample_client.get("/zh/parks/").headers["ETag"] != etag
    again = sample_client.get("/zh-hant/parks/", headers={"If-None-Match": etag})
    assert again.status_code == 304
