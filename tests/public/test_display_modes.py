"""Reading modes: the switch route, the per-visitor stylesheet, and pages that stay cacheable."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import FIXTURE_CONTENT, build_app

ROOT = Path(__file__).resolve().parents[2]
LARGE = (ROOT / "static/css/large.css").read_text("utf-8")
CONTRAST = (ROOT / "static/css/contrast.css").read_text("utf-8")
PAGES = ["/{lang}/", "/{lang}/projects/", "/{lang}/projects/?industry=materials",
         "/{lang}/projects/manganese-sulfate/", "/{lang}/parks/", "/{lang}/contact/",
         "/{lang}/accessibility/", "/{lang}/projects/book", "/{lang}/no-such-page/"]


@pytest.fixture(scope="module")
def uncached_app(tmp_path_factory):
    return build_app(FIXTURE_CONTENT, tmp_path_factory.mktemp("uncached"), PAGE_CACHE_SIZE=0)


def cookie(client):
    found = client.get_cookie("portal_display")
    return found.value if found else None


@pytest.mark.parametrize("query, value", [
    ("text=large", "large"),
    ("contrast=high", "contrast"),
    ("text=large&contrast=high", "large.contrast"),
])
def test_the_switch_remembers_a_mode_and_goes_back(client, query, value):
    response = client.get(f"/display?{query}&next=/en/projects/%3Findustry%3Dmaterials")
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/projects/?industry=materials"
    assert response.headers["Cache-Control"] == "no-store"
    set_cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Max-Age=31536000" in set_cookie
    assert cookie(client) == value


def test_each_mode_turns_on_and_off_by_itself(client):
    client.get("/display?text=large&contrast=high&next=/zh/")
    client.get("/display?text=normal&next=/zh/")
    assert cookie(client) == "contrast"
    client.get("/display?text=large&next=/zh/")
    assert cookie(client) == "large.contrast"
    client.get("/display?contrast=normal&next=/zh/")
    assert cookie(client) == "large"
    response = client.get("/display?text=normal&next=/zh/")
    assert cookie(client) is None
    assert "display=;" in response.headers["Set-Cookie"]  # deleted, not left empty


@pytest.mark.parametrize("query", ["text=huge", "contrast=1", "text=", "text=large.contrast", "other=x"])
def test_unknown_values_change_nothing(client, query):
    client.get("/display?contrast=high&next=/zh/")
    response = client.get(f"/display?{query}&next=/zh/")
    assert response.status_code == 303
    assert cookie(client) == "contrast"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/zh/", "/\\evil.example", "javascript:alert(1)",
    "/zh/\r\nSet-Cookie: x=1", "zh/projects/", "", "http:/zh/",
])
@pytest.mark.parametrize("lang, header", [("zh", "zh-CN"), ("en", "en-GB")])
def test_the_switch_goes_back_only_to_this_site(client, target, lang, header):
    response = client.get("/display", query_string={"text": "large", "next": target},
                          headers={"Accept-Language": header})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/"  # home, in the visitor's language


def test_under_a_mount_path_the_switch_stays_under_it(client):
    inside = client.get("/display?text=large&next=/zsj/en/parks/", environ_overrides={"SCRIPT_NAME": "/zsj"})
    assert inside.headers["Location"] == "/zsj/en/parks/"
    assert "Path=/zsj" in inside.headers["Set-Cookie"]
    outside = client.get("/display?text=large&next=/en/parks/", environ_overrides={"SCRIPT_NAME": "/zsj"})
    assert outside.headers["Location"] == "/zsj/zh/"


@pytest.mark.parametrize("value, expected", [
    (None, []), ("large", [LARGE]), ("contrast", [CONTRAST]), ("contrast.large", [LARGE, CONTRAST]),
    ("large.contrast", [LARGE, CONTRAST]), ("bogus", []), ("large.<script>", [LARGE]),
])
def test_the_stylesheet_follows_the_cookie(client, value, expected):
    if value:
        client.set_cookie("display", value)
    response = client.get("/display.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert body == ("".join(expected) or "/* standard display */\n")
    again = client.get("/display.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_mode_rules_show_the_way_back(client):
    assert ".text-normal { display: block; }" in LARGE and ".text-large { display: none; }" in LARGE
    assert ".contrast-normal { display: block; }" in CONTRAST
    assert "font-size: 112.5%" in LARGE  # 1rem = 18 px
    assert "--paper: #000" in CONTRAST and "--ink: #fff" in CONTRAST


def test_each_mode_has_its_own_etag(client):
    tags = set()
    for value in ("", "large", "contrast", "contrast.large"):
        client.set_cookie("display", value)
        tags.add(client.get("/display.css").headers["ETag"])
    assert len(tags) == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_are_the_same_bytes_in_every_mode(uncached_app, lang, page):
    """No page cache here: each request renders, so equal bytes prove the HTML ignores the mode."""
    app = uncached_app
    url = page.format(lang=lang)
    plain = app.test_client().get(url)
    bodies = {plain.get_data()}
    for value in ("large", "contrast", "large.contrast"):
        client = app.test_client()
        client.set_cookie("display", value)
        response = client.get(url)
        assert response.status_code == plain.status_code
        for name in ("Cache-Control", "ETag", "Vary", "Set-Cookie"):  # shared the same way
            assert response.headers.get(name) == plain.headers.get(name), name
        bodies.add(response.get_data())
    assert len(bodies) == 1
    if plain.status_code == 200:
        assert plain.headers["Cache-Control"].startswith("public")


def test_the_stylesheet_is_never_kept_by_the_page_cache(client):
    client.set_cookie("display", "large")
    assert client.get("/display.css").get_data(as_text=True) == LARGE
    client.delete_cookie("display")
    assert client.get("/display.css").get_data(as_text=True) == "/* standard display */\n"


@pytest.mark.parametrize("lang, words", [
    ("zh", None), ("en", ["Large text", "High contrast", "Standard text", "Standard colours"]),
])
def test_every_page_links_the_stylesheet_and_the_switch(client, lang, words):
    for page in PAGES:
        html = client.get(page.format(lang=lang)).get_data(as_text=True)
        assert '<link rel="stylesheet" href="/display.css">' in html
        switches = {}
        for href in re.findall(r'href="(/display\?[^"]*)"', html):
            query = parse_qs(urlsplit(unescape(href)).query)
            assert query.pop("next") == [page.format(lang=lang)]  # back to this very page
            switches.update((f"{k}={v[0]}", href) for k, v in query.items())
        assert set(switches) == {"text=large", "text=normal", "contrast=high", "contrast=normal"}
        assert f'href="/{lang}/accessibility/"' in html
        for word in words or ():
            assert word in html


@pytest.mark.parametrize("lang, title", [("zh", "适老化无障碍服务"), ("en", "Accessibility")])
def test_the_accessibility_page_describes_the_modes(sample_client, lang, title):
    html = sample_client.get(f"/{lang}/accessibility/").get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html
    for word in (("大字", "高对比度", "44 × 44", "弹窗") if lang == "zh"
                 else ("Large text", "High contrast", "44 × 44", "pop-up")):
        assert word in html
