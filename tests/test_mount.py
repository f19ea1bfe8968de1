"""Mounted under a path of the county portal (``/zsj``), every link stays under that path."""

from urllib.parse import urlsplit

import pytest

from .conftest import FIXTURE_CONTENT
from .fixture_tree import ALL_PAGES
from .helpers import local_urls, page, stays_on_site

MOUNT = {"SCRIPT_NAME": "/zsj"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_link_stays_under_the_mount(client, lang, path):
    response = client.get(f"/{lang}/{path}", environ_overrides=MOUNT)
    assert response.status_code == 200
    shown = page(response)
    outside = [url for url in local_urls(f"http://localhost/zsj/{lang}/{path}", shown.urls())
               if not url.startswith("/zsj/")]
    assert outside == []
    for href in shown.alternates().values():
        assert urlsplit(href).path.startswith("/zsj/")


def test_stylesheet_is_under_the_mount(client):
    shown = page(client.get("/zh/projects/", environ_overrides=MOUNT))
    sheets = [e.attrs["href"] for e in shown.find_all("link", rel="stylesheet")]
    assert sheets and all(href.startswith(("/zsj/static/", "/zsj/display.css")) for href in sheets)


@pytest.mark.parametrize(("accept", "lang"), [("zh-CN", "zh"), ("en-US", "en")])
def test_root_redirect_stays_under_the_mount(client, accept, lang):
    response = client.get("/", environ_overrides=MOUNT, headers={"Accept-Language": accept})
    assert response.status_code in (302, 303, 307)
    assert urlsplit(response.headers["Location"]).path == f"/zsj/{lang}/"


def test_language_choice_under_the_mount(client):
    response = client.get("/language/en", environ_overrides=MOUNT,
                          query_string={"next": "/zsj/en/projects/tea-processing/"})
    assert urlsplit(response.headers["Location"]).path == "/zsj/en/projects/tea-processing/"
    refused = client.get("/language/en", environ_overrides=MOUNT,
                         query_string={"next": "//evil.example/zsj/"})
    assert stays_on_site(refused.headers["Location"])
    assert urlsplit(refused.headers["Location"]).path.startswith("/zsj/")


def test_sitemap_and_robots_under_the_mount(client):
    sitemap = client.get("/sitemap.xml", environ_overrides=MOUNT).get_data(as_text=True)
    assert "<loc>http://localhost/zsj/zh/projects/tea-processing/</loc>" in sitemap
    robots = client.get("/robots.txt", environ_overrides=MOUNT).get_data(as_text=True)
    assert "http://localhost/zsj/sitemap.xml" in robots


def test_media_under_the_mount(client):
    response = client.get("/media/projects/tea-processing/960/cover.jpg", environ_overrides=MOUNT)
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"


def cookie_attributes(response, name):
    """``{attribute: value}`` of the cookie ``name`` the response sets (its value under ``""``)."""
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))
    parts = [p.strip() for p in header.split(";")]
    return {"": parts[0].partition("=")[2], **{k: v for k, _, v in (p.partition("=") for p in parts[1:])}}


def test_cookies_are_the_portals_own_under_the_mount(client):
    """Another application on the county's host (``/``, ``/oa/``) must not overwrite them."""
    form = client.get("/zh/inquiry/", environ_overrides=MOUNT)
    assert cookie_attributes(form, "portal_session")["Path"] == "/zsj"
    assert not any(h.startswith("session=") for h in form.headers.getlist("Set-Cookie"))
    choose = client.get("/language/en", environ_overrides=MOUNT, query_string={"next": "/zsj/en/"})
    assert cookie_attributes(choose, "portal_lang")["Path"] == "/zsj"
    display = client.get("/display?text=large&next=/zsj/zh/", environ_overrides=MOUNT)
    assert cookie_attributes(display, "portal_display")["Path"] == "/zsj"
    credit = client.get("/zh/?ref=county-tv", environ_overrides=MOUNT)
    assert cookie_attributes(credit, "portal_ref")["Path"] == "/zsj"
    for response in (form, choose, display, credit):  # no name another application may use
        assert all(h.startswith("portal_") for h in response.headers.getlist("Set-Cookie"))


def test_under_the_mount_another_applications_cookies_are_not_read(client):
    """``lang``, ``display`` and ``ref`` at ``Path=/`` may be another application's: under the
    mount only the portal's own names count; at the host's root the former names still do, so a
    visitor's language and large text survive the rename."""
    client.set_cookie("lang", "en")
    client.set_cookie("display", "large")
    mounted = client.get("/", environ_overrides=MOUNT, headers={"Accept-Language": "zh-CN"})
    assert urlsplit(mounted.headers["Location"]).path == "/zsj/zh/"
    assert "standard display" in client.get("/display.css", environ_overrides=MOUNT).get_data(as_text=True)
    at_root = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert urlsplit(at_root.headers["Location"]).path == "/en/"
    assert "standard display" not in client.get("/display.css").get_data(as_text=True)


def test_cookie_path_follows_the_prefix_nginx_sends(make_app):
    """Behind nginx (``PROXY_COUNT=1``) the prefix comes per request in X-Forwarded-Prefix."""
    app = make_app(FIXTURE_CONTENT, PROXY_COUNT=1)
    headers = {"X-Forwarded-Prefix": "/zsj", "X-Forwarded-Proto": "https",
               "X-Forwarded-Host": "www.qinglan.gov.cn", "X-Forwarded-For": "203.0.113.9"}
    form = app.test_client().get("/zh/inquiry/", headers=headers)
    session = cookie_attributes(form, "portal_session")
    assert session["Path"] == "/zsj"
    assert 'action="/zsj/zh/inquiry/"' in form.get_data(as_text=True)
    direct = app.test_client().get("/zh/inquiry/")  # the same app reached without a prefix
    assert cookie_attributes(direct, "portal_session")["Path"] == "/"
