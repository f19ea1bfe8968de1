"""Hostile requests get a clean 4xx in the visitor's language, never a 500."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .pages import all_pages

TRAVERSALS = [
    "/zh/projects/../../../etc/passwd",
    "/zh/projects/%2e%2e/%2e%2e/etc/passwd/",
    "/zh/projects/%2e%2e%2f%2e%2e%2fpyproject.toml/",
    "/en/..%2f..%2fREADME.md/",
    "/media/projects/fuxi-tea-processing/..%2f..%2f..%2fpyproject.toml",
    "/media/projects/%2e%2e/fuxi-tea-processing/cover.jpg",
    "/media/projects/fuxi-tea-processing/%2fetc%2fpasswd",
    "/media/..%2f..%2fcontent/site.yaml/x",
    "/media/projects/fuxi-tea-processing/960/..%2findex.zh.md",
    "/media/projects/fuxi-tea-processing/index.zh.md",
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/zh//etc/passwd/",
]


@pytest.fixture(scope="module")
def client(live_app):
    return live_app.test_client()


@pytest.mark.parametrize("url", TRAVERSALS)
def test_path_traversal_is_refused(client, url):
    response = client.get(url)
    if response.status_code == 308:  # slashes merged: follow the redirect, which must stay here
        location = response.headers["Location"]
        assert location.startswith(("/", "http://localhost/")), location
        response = client.get(response.headers["Location"])
    assert response.status_code in (400, 404), url
    assert b"[build-system]" not in response.data and b"root:" not in response.data
    assert b"title:" not in response.data


@pytest.mark.parametrize("url", [
    "/zh/projects/%ff%fe/", "/en/projects/%c3%28/", "/zh/projects/?industry=%ff%fe",
    "/en/spaces/?min_area=%80&status=%c3%28", "/zh/search%ff", "/%ff/",
])
def test_invalid_utf8_is_a_clean_4xx_or_page(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code in (200, 400, 404)


def test_unknown_language_prefix_is_404(client):
    assert client.get("/fr/projects/").status_code == 404


def test_errors_speak_the_visitors_language(client):
    assert "页面不存在" in client.get("/zh/projects/nope/").text
    assert "Page not found" in client.get("/en/projects/nope/").text
    english = client.get("/nope/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Page not found" in english.text


def test_overlong_query_string_is_414(client):
    response = client.get("/en/projects/?q=" + "x" * 5000)
    assert response.status_code == 414
    assert "Address too long" in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_methods_not_allowed(client, method):
    response = client.open("/en/projects/", method=method)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "Method not allowed" in response.text


def test_oversized_body_is_413(client):
    response = client.post("/zh/", data=b"x" * (2 * 1024 * 1024),
                           content_type="application/octet-stream")
    assert response.status_code == 413
    assert "请求内容过大" in response.text


ROUTE_TEMPLATES = sorted({url.split("?")[0] for _, url in all_pages()})
segment = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
query = st.dictionaries(st.sampled_from(["page", "industry", "status", "mode", "band", "park",
                                         "min_area", "max_area", "min_height", "crane", "q",
                                         "category", "validity", "next", "ref"]),
                        segment, max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(ROUTE_TEMPLATES + ["/", "/language/en", "/media/projects/x/"]),
       extra=segment, args=query)
def test_generated_paths_and_queries_never_5xx(client, base, extra, args):
    response = client.get(base + quote(extra, safe="/%"), query_string=args)
    assert response.status_code < 500, (base + extra, args)
