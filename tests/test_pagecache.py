"""Conditional requests: public pages carry an ETag, and a matching If-None-Match gets 304."""

import pytest

URLS = ["/zh/", "/en/projects/", "/en/projects/tea-processing/", "/zh/spaces/?status=vacant",
        "/zh/about/", "/sitemap.xml", "/robots.txt"]


@pytest.mark.parametrize("url", URLS)
def test_same_page_same_etag_and_304(client, url):
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    etag = first.headers.get("ETag")
    assert etag
    assert second.headers.get("ETag") == etag
    assert second.data == first.data
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.data == b""
    assert not_modified.headers.get("X-Frame-Options") == "DENY"


def test_other_etag_gets_the_full_page(client):
    response = client.get("/zh/", headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert response.data


def test_each_language_and_filter_has_its_own_etag(client):
    etags = {client.get(url).headers["ETag"]
             for url in ("/zh/projects/", "/en/projects/", "/zh/projects/?industry=agriculture")}
    assert len(etags) == 3


def test_mounted_page_is_not_served_from_the_unmounted_cache(client):
    plain = client.get("/zh/projects/")
    mounted = client.get("/zh/projects/", environ_overrides={"SCRIPT_NAME": "/zsj"})
    assert b'href="/zsj/zh/projects/' in mounted.data
    assert plain.headers["ETag"] != mounted.headers["ETag"]


def test_etag_changes_when_content_changes(content_copy, make_app):
    app = make_app(content_copy)
    client = app.test_client()
    before = client.get("/zh/projects/tea-processing/").headers["ETag"]
    path = content_copy / "projects/tea-processing/index.zh.md"
    path.write_text(path.read_text(encoding="utf-8").replace("富硒茶精深加工项目", "富硒茶加工项目"),
                    encoding="utf-8")
    app.extensions["content"].reload()
    response = client.get("/zh/projects/tea-processing/", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert "富硒茶加工项目" in response.get_data(as_text=True)
    assert response.headers["ETag"] != before
