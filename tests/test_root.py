"""Routes outside the language prefixes: the language redirect and choice, health, robots, sitemap
(more on the sitemap and robots.txt in tests/syndication/test_sitemap.py)."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from .fixture_tree import LANGS, LIST_PAGES, item_path
from .helpers import stays_on_site

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def path_of(location):
    return urlsplit(location).path


@pytest.mark.parametrize(("accept", "lang"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("zh-TW", "zh-hant"),
    ("zh-HK,zh;q=0.9,en;q=0.8", "zh-hant"),
    ("zh-MO", "zh-hant"),
    ("zh-Hant", "zh-hant"),
    ("zh-Hans-HK", "zh"),
    ("zh-SG", "zh"),
    ("en-US,en;q=0.9,zh-TW;q=0.5", "en"),
    ("fr-FR,zh-TW;q=0.5", "zh-hant"),
    ("en-US,en;q=0.9", "en"),
    ("en-GB,en;q=0.9,zh-CN;q=0.5", "en"),
    (None, "zh"),
    # Browsers as they are: no Chinese among the visitor's languages -> English.
    ("de-DE,de;q=0.9", "en"),  # Chrome on a German phone
    ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "en"),
    ("fr-FR", "en"),
    ("ja,en-US;q=0.9,en;q=0.8", "en"),
    ("ko-KR,ko;q=0.9", "en"),
    ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "en"),
    ("vi-VN", "en"),
    ("de-CH, fr-CH;q=0.8, *;q=0.5", "en"),
    ("de;q=0.9, zh;q=0", "en"),  # Chinese refused
    # Chinese anywhere in the list, in the order of the q-values.
    ("zh-CN,zh-Hans;q=0.9", "zh"),  # WeChat on an iPhone in mainland China
    ("zh-CN,zh;q=0.9,en-US;q=0.8,en;q=0.7", "zh"),  # WeChat on Android
    ("zh-HK,zh-Hant;q=0.9,en;q=0.8", "zh-hant"),  # a Hong Kong phone
    ("zh-Hant-HK,zh-Hant;q=0.9,en-US;q=0.8", "zh-hant"),
    ("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", "zh-hant"),  # Chrome in Taiwan
    ("zh-tw", "zh-hant"),  # Safari writes it in lower case
    ("zh_TW", "zh-hant"),
    ("zh-Hant-CN", "zh-hant"),
    ("yue-HK,zh-HK;q=0.9", "zh-hant"),  # Cantonese
    ("cmn-Hans-CN", "zh"),
    ("en;q=0.9, zh-TW;q=0.8", "en"),
    ("zh-TW;q=0.8, en;q=0.9", "en"),  # q-values, not the written order
    ("de-DE,zh-TW;q=0.3,en;q=0.2", "zh-hant"),
    ("de-DE,en;q=0.5,zh-CN;q=0.4", "en"),
    ("zh-CN;q=0.95, en;q=0.9", "zh"),
    ("en, zh-TW", "en"),  # equal q: the written order
    ("*", "zh"),  # any language: the default
    ("", "zh"),
])
def test_root_redirects_by_accept_language(client, accept, lang):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code in (302, 303, 307)
    assert path_of(response.headers["Location"]) == f"/{lang}/"
    # Shared caches must not hand one visitor's language to the next.
    assert "accept-language" in response.headers.get("Vary", "").lower()


@pytest.mark.parametrize(("choice", "accept"), [("en", "zh-CN"), ("zh", "en-US")])
def test_language_choice_is_remembered_over_the_browser_language(client, choice, accept):
    response = client.get(f"/language/{choice}", query_string={"next": f"/{choice}/projects/"})
    assert response.status_code in (302, 303)
    assert path_of(response.headers["Location"]) == f"/{choice}/projects/"
    assert client.get_cookie("portal_lang") is not None
    again = client.get("/", headers={"Accept-Language": accept})
    assert path_of(again.headers["Location"]) == f"/{choice}/"
    assert "cookie" in again.headers.get("Vary", "").lower()


def test_unknown_language_choice_sets_no_cookie(client):
    response = client.get("/language/fr", query_string={"next": "/zh/"})
    assert response.status_code in (302, 303, 404)
    assert client.get_cookie("portal_lang") is None


@pytest.mark.parametrize("target", [
    "//evil.example",
    "//evil.example/zh/",
    "https://evil.example",
    "https://evil.example/zh/",
    "http:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "///evil.example",
    " //evil.example",
    "javascript:alert(1)",
])
def test_language_choice_never_redirects_off_site(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.status_code in (302, 303, 400)
    if response.status_code != 400:
        assert stays_on_site(response.headers["Location"]), response.headers["Location"]


def test_healthz_answers_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json()["status"] == "ok"


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
    assert sitemaps and urlsplit(sitemaps[0]).path == "/sitemap.xml"
    assert urlsplit(sitemaps[0]).scheme in ("http", "https")
    assert any(line.replace(" ", "") == "Disallow:/staff/" for line in lines)


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype in ("application/xml", "text/xml")
    root = ET.fromstring(response.data)
    return {urlsplit(loc.text).path for loc in root.iter(f"{SITEMAP}loc")}


def test_sitemap_lists_every_item_and_list_in_both_languages(app, client):
    listed = sitemap_paths(client)
    bundles = app.extensions["content"].current.bundles
    expected = {item_path(lang, section, slug) for section, slug in bundles for lang in LANGS}
    expected |= {f"/{lang}/{path}" for lang in LANGS for path in LIST_PAGES}
    expected |= {f"/{lang}/parks/{slug}/units/{unit.id}/" for (section, slug), bundle in bundles.items()
                 if section == "parks" for unit in bundle.items["zh"].units for lang in LANGS}
    assert len(bundles) == 15
    assert expected - listed == set()


@pytest.mark.parametrize("target", ["/zh/\r\nX-Injected: 1", "/zh/\nSet-Cookie: lang=fr", "/zh/\x00"])
def test_language_choice_with_control_characters_in_next(client, target):
    """An encoded newline in ``next`` must not reach the Location header (nor cause a 500)."""
    response = client.get("/language/en", query_string={"next": target})
    assert response.status_code in (302, 303, 400)
    assert "X-Injected" not in response.headers
    if response.status_code != 400:
        assert stays_on_site(response.headers["Location"])


def test_language_choice_without_next_goes_home(client):
    response = client.get("/language/en")
    assert path_of(response.headers["Location"]) == "/en/"


def test_language_choice_keeps_the_filters(client):
    response = client.get("/language/en", query_string={"next": "/en/projects/?industry=agriculture"})
    assert response.headers["Location"].endswith("/en/projects/?industry=agriculture")
