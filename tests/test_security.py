"""Security headers on every kind of response, error pages included."""

import pytest

from .conftest import FIXTURE_CONTENT

RESPONSES = [
    ("GET", "/", 302),
    ("GET", "/zh/", 200),
    ("GET", "/en/projects/", 200),
    ("GET", "/en/projects/tea-processing/", 200),
    ("GET", "/zh/parks/materials-park/", 200),
    ("GET", "/zh/spaces/?status=vacant", 200),
    ("GET", "/en/policies/referral-reward-2023/", 200),
    ("GET", "/zh/contact/bureau/", 200),
    ("GET", "/en/about/", 200),
    ("GET", "/language/en?next=/en/", 303),
    ("GET", "/healthz", 200),
    ("GET", "/robots.txt", 200),
    ("GET", "/sitemap.xml", 200),
    ("GET", "/static/css/site.css", 200),
    ("GET", "/media/projects/tea-processing/960/cover.jpg", 200),
    ("GET", "/media/projects/tea-processing/cover.jpg", 404),
    ("GET", "/en/projects/nope/", 404),
    ("GET", "/fr/", 404),
    ("GET", "/media/projects/tea-processing/nope.jpg", 404),
    ("POST", "/zh/projects/", 405),
    ("GET", "/zh/projects/?q=" + "x" * 10000, 414),
]


def directives(csp):
    """``{name: [sources]}`` of a Content-Security-Policy header."""
    parsed = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


@pytest.mark.parametrize(("method", "url", "status"), RESPONSES,
                         ids=[f"{m} {u[:40]}" for m, u, _ in RESPONSES])
def test_security_headers_on_every_response(client, method, url, status):
    response = client.open(url, method=method)
    assert response.status_code == status
    headers = response.headers
    assert headers.get("X-Frame-Options") == "DENY"
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    csp = directives(headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts is not None, "no script policy"
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert "*" not in scripts


def test_pages_have_no_inline_script_or_handlers(client):
    """Under the CSP, inline scripts would not run anyway: the pages must not need them."""
    for url in ("/zh/", "/en/projects/tea-processing/", "/zh/spaces/"):
        html = client.get(url).get_data(as_text=True).lower()
        assert "<script>" not in html
        assert " onclick=" not in html and " onload=" not in html


def test_hsts_leaves_the_hosts_subdomains_alone_by_default(client):
    """The county's host has other sites, perhaps on plain HTTP: only this one is pinned."""
    response = client.get("/zh/", base_url="https://www.qinglan.gov.cn")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_covers_subdomains_when_configured(make_app):
    app = make_app(FIXTURE_CONTENT, HSTS_SUBDOMAINS=True)
    response = app.test_client().get("/zh/", base_url="https://www.qinglan.gov.cn")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
