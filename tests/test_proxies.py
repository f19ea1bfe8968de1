"""Behind nginx (``PORTAL_PROXY_COUNT=1``) a client's own ``X-Forwarded-Prefix`` never shapes a page:
the prefix is the site URL's, in the page and in the page cache that hands it to the next visitor."""

from tests.conftest import FIXTURE_CONTENT
from tests.helpers import page

NGINX = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "www.qinglan.gov.cn",
         "X-Forwarded-For": "203.0.113.9"}
FORGED = {**NGINX, "X-Forwarded-Prefix": "/forged"}


def local_links(response):
    return [url for url in page(response).urls() if url.startswith("/")]


def test_a_forged_prefix_does_not_shape_links_or_the_cached_page(make_app):
    app = make_app(FIXTURE_CONTENT, PROXY_COUNT=1, SITE_URL="https://www.qinglan.gov.cn/zsj/")
    forged = app.test_client().get("/zh/projects/", headers=FORGED)
    assert forged.status_code == 200
    links = local_links(forged)
    assert links and all(url.startswith("/zsj/") for url in links), links
    assert "/forged" not in forged.get_data(as_text=True)
    honest = app.test_client().get("/zh/projects/", headers={**NGINX, "X-Forwarded-Prefix": "/zsj"})
    assert honest.get_data() == forged.get_data()  # one page, one key, no forged prefix in it
    assert len(app.extensions["pages"].entries) == 1


def test_a_forged_prefix_at_the_hosts_root(make_app):
    app = make_app(FIXTURE_CONTENT, PROXY_COUNT=1, SITE_URL="https://invest.qinglan.gov.cn/")
    forged = app.test_client().get("/zh/inquiry/", headers=FORGED)
    assert 'action="/zh/inquiry/"' in forged.get_data(as_text=True)
    assert "Path=/;" in forged.headers["Set-Cookie"]


def test_without_a_site_url_the_prefix_nginx_sends_is_followed(make_app):
    app = make_app(FIXTURE_CONTENT, PROXY_COUNT=1)
    mounted = app.test_client().get("/zh/inquiry/", headers={**NGINX, "X-Forwarded-Prefix": "/zsj"})
    assert 'action="/zsj/zh/inquiry/"' in mounted.get_data(as_text=True)


def test_the_forwarded_headers_are_counted_never_echoed(make_app):
    app = make_app(FIXTURE_CONTENT, PROXY_COUNT=1, SITE_URL="https://www.qinglan.gov.cn/zsj/")
    headers = {**NGINX, "X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Prefix": "/zsj"}
    response = app.test_client().get("/healthz/forwarded", headers=headers)
    assert response.get_json() == {"X-Forwarded-For": 2, "X-Forwarded-Proto": 1, "X-Forwarded-Host": 1,
                                   "X-Forwarded-Prefix": 1, "prefix": "/zsj"}
    assert "198.51.100.7" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    direct = app.test_client().get("/healthz/forwarded").get_json()
    assert direct["X-Forwarded-For"] == 0 and direct["prefix"] == ""
