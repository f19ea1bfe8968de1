"""Conditional requests: public pages carry an ETag, and a matching If-None-Match gets 304;
kept pages go out compressed as the client accepts, compressed once."""

import gzip

import brotli
import pytest

from portal import encoding, pagecache

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
    app.extensions["content"].publish()
    response = client.get("/zh/projects/tea-processing/", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert "富硒茶加工项目" in response.get_data(as_text=True)
    assert response.headers["ETag"] != before


# The WSGI front: kept pages are answered without entering Flask ---------------------------------

def count_requests(app):
    """A list that grows by one each time a request reaches Flask's own request handling."""
    seen = []
    app.before_request_funcs.setdefault(None, []).append(lambda: seen.append(1) and None)
    return seen


@pytest.fixture
def counted(content_copy, make_app):
    app = make_app(content_copy)
    return app, app.test_client(), count_requests(app)


def test_a_kept_page_is_served_without_entering_flask(counted):
    app, client, seen = counted
    first = client.get("/en/projects/")
    again = [client.get("/en/projects/") for _ in range(3)]
    assert len(seen) == 1
    assert all(r.data == first.data and r.status_code == 200 for r in again)
    kept = again[0].headers
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "ETag", "Cache-Control"):
        assert kept[name] == first.headers[name]
    assert client.get("/en/projects/", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 304
    assert len(seen) == 1


def test_head_of_a_kept_page_has_headers_and_no_body(counted):
    _, client, _ = counted
    body = client.get("/zh/parks/").data
    head = client.head("/zh/parks/")
    assert head.status_code == 200
    assert head.data == b""
    assert int(head.headers["Content-Length"]) == len(body)


def test_a_partner_link_is_never_kept_or_served_from_memory(counted):
    _, client, seen = counted
    for _ in range(2):
        response = client.get("/zh/projects/?ref=chamber-hk")
        assert "ref=chamber-hk" in response.headers["Set-Cookie"]
        assert "private" in response.headers["Cache-Control"]
    assert len(seen) == 2


def test_pages_for_other_hosts_and_schemes_are_kept_apart(counted):
    app, client, seen = counted
    app.config["SERVER_NAME"] = None
    plain = client.get("/zh/", base_url="http://a.example")
    other = client.get("/zh/", base_url="https://b.example")
    assert len(seen) == 2
    assert "Strict-Transport-Security" in other.headers
    assert "Strict-Transport-Security" not in plain.headers


def test_a_publish_is_served_at_once(counted, content_copy):
    app, client, seen = counted
    client.get("/zh/news/")
    path = next((content_copy / "news").glob("*/index.zh.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更新：", 1),
                    encoding="utf-8")
    app.extensions["content"].publish()
    assert "更新：" in client.get("/zh/news/").get_data(as_text=True)
    assert len(seen) == 2


def test_without_a_page_cache_every_request_renders(content_copy, make_app):
    app = make_app(content_copy, PAGE_CACHE_SIZE=0)
    seen = count_requests(app)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/zh/").status_code == 200
    assert len(seen) == 3


# Compressed pages: Brotli or gzip as the client accepts, made once per kept page ------------------

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
COMPRESSED_URLS = ["/zh/", "/en/projects/tea-processing/", "/zh/feed.xml", "/static/css/site.css"]


@pytest.mark.parametrize("coding", ["gzip", "br"])
@pytest.mark.parametrize("url", COMPRESSED_URLS)
def test_a_compressed_page_decompresses_to_the_same_bytes_and_keeps_its_etag_working(client, url, coding):
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": f"{coding}, identity;q=0.5"})
    assert plain.status_code == packed.status_code == 200
    assert packed.headers["Content-Encoding"] == coding
    assert "Content-Encoding" not in plain.headers
    assert DECODE[coding](packed.data) == plain.data
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    for response in (plain, packed):
        assert response.headers["Vary"] == "Accept-Encoding"
    assert packed.headers["ETag"] != plain.headers["ETag"]  # another representation, another tag
    for etag in (plain.headers["ETag"], packed.headers["ETag"]):
        again = client.get(url, headers={"Accept-Encoding": coding, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == packed.headers["ETag"]
        assert again.headers["Vary"] == "Accept-Encoding"
    head = client.head(url, headers={"Accept-Encoding": coding})
    assert head.data == b"" and head.headers["Content-Length"] == packed.headers["Content-Length"]


def test_the_page_cache_compresses_once_not_per_request(counted, monkeypatch):
    app, client, seen = counted
    calls = []
    for coding, encoder in encoding.ENCODERS.items():
        monkeypatch.setitem(encoding.ENCODERS, coding,
                            lambda data, kind, c=coding, e=encoder: calls.append(c) or e(data, kind))
    bodies = {client.get("/en/parks/", headers={"Accept-Encoding": accept}).data
              for accept in ("br", "gzip", "br", "gzip, br", "gzip;q=1, br;q=0.5", "")}
    assert sorted(calls) == ["br", "gzip"]
    assert len(bodies) == 3 and len(seen) == 1  # identity, gzip, brotli; rendered once


def test_small_bodies_and_pages_not_kept_go_uncompressed(client):
    small = client.get("/robots.txt", headers={"Accept-Encoding": "br, gzip"})
    assert small.status_code == 200 and len(small.data) < encoding.MIN_BYTES
    assert "Content-Encoding" not in small.headers and "Vary" not in small.headers
    # The form carries a CSRF token beside what visitors type: never compressed (BREACH).
    form = client.get("/zh/inquiry/", headers={"Accept-Encoding": "br, gzip"})
    assert form.status_code == 200 and "Content-Encoding" not in form.headers
    assert b"csrf_token" in form.data


@pytest.mark.parametrize("header,expected", [
    ("", "identity"),
    ("gzip", "gzip"),
    ("gzip, deflate, br", "br"),
    ("gzip, deflate, br, zstd", "br"),
    ("br;q=0.5, gzip;q=0.8", "gzip"),
    ("BR;Q=1, GZIP;q=0.9", "br"),
    ("x-gzip", "gzip"),
    ("*", "br"),
    ("*;q=0.3, br;q=0", "gzip"),
    ("identity", "identity"),
    ("identity;q=1, gzip;q=0.5", "identity"),
    ("gzip;q=0, br;q=0", "identity"),
    ("identity;q=0, *;q=0", "identity"),  # nothing acceptable: the page all the same
    ("deflate", "identity"),
    ("gzip;q=nonsense, br;q=0.1", "br"),
    ("  , ;q=1, gzip", "gzip"),
])
def test_the_coding_follows_accept_encoding_and_its_quality_values(header, expected):
    assert encoding.choose(header, encoding.PREFERENCE) == expected
    assert encoding.choose(header, ()) == "identity"  # a body not worth compressing


@pytest.mark.parametrize("headers,kept", [
    ([("Vary", "Accept-Encoding")], True),
    ([("Vary", "accept-encoding, Accept-Encoding")], True),
    ([("Vary", "Cookie")], False),
    ([("Vary", "Accept-Encoding, Cookie")], False),
    ([("Set-Cookie", "x=1")], False),
    ([("Cache-Control", "private")], False),
    ([("Cache-Control", "public, max-age=300")], True),
])
def test_only_responses_the_same_for_everyone_are_kept(headers, kept):
    assert pagecache.shareable([("Content-Type", "text/html"), *headers]) is kept
