"""Security headers and cookies, as a government site inspection checks them, on every route."""

import pytest

from portal import create_app

from .pages import all_pages

OTHER_ROUTES = [
    "/", "/healthz", "/robots.txt", "/sitemap.xml", "/static/css/site.css",
    "/media/projects/fuxi-tea-processing/960/cover.jpg", "/media/projects/fuxi-tea-processing/cover.jpg",
    "/no-such-page", "/fr/",
    "/language/en?next=/en/",
]
ROUTES = [url for _, url in all_pages()] + OTHER_ROUTES


@pytest.fixture(scope="module")
def client(live_app):
    return live_app.test_client()


@pytest.mark.parametrize("url", ROUTES)
def test_strict_headers_on_every_route(client, url):
    with client.get(url) as response:
        assert response.status_code < 500
    headers = response.headers
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert "'unsafe-inline'" not in csp.get("script-src", csp["default-src"])
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP: HSTS would be meaningless


def test_hsts_when_served_over_https(client):
    response = client.get("/zh/", base_url="https://invest.example.gov.cn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_language_cookie_is_httponly_and_lax(client):
    cookie = client.get("/language/en?next=/en/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development over plain HTTP


def test_cookies_are_secure_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SITE_URL", "https://invest.example.gov.cn")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "test-only-secret" * 2)
    monkeypatch.setenv("PORTAL_SMTP_URL", "files")
    app = create_app({"INSTANCE_DIR": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    cookie = app.test_client().get("/language/zh?next=/zh/").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
