"""Share tags under a path prefix and behind a configured site URL, and against hostile input:
a visitor's search query and a staff-written title never break out of a meta attribute or the
JSON-LD block."""

import shutil
from urllib.parse import urlsplit

import pytest

from portal.search.query import normalize

from ..conftest import FIXTURE_CONTENT, build_app
from ..helpers import edit
from ..status.helpers import lead_with_link
from .reading import fetch_image, read_share_tags

MOUNT = "/zsj"
SITE_URL = "https://invest.example.gov.cn/zsj/"
PAGES = ("/zh/", "/en/projects/tea-processing/", "/zh/parks/materials-park/",
         "/en/contact/bureau/")
HOSTILE_QUERY = """</script><script>alert("q")</script>' onmouseover="x" &amp; <!--"""
HOSTILE_TITLE = """茶</script><script>alert("t")</script> & 'q' <!--"""


def json_ld_urls(value):
    """Every ``url``/``item``/``logo`` value in a JSON-LD tree."""
    if isinstance(value, list):
        return [u for v in value for u in json_ld_urls(v)]
    if not isinstance(value, dict):
        return []
    found = [v for k, v in value.items() if k in ("url", "item", "logo", "@id")]
    return found + [u for v in value.values() for u in json_ld_urls(v)]


def only_expected_scripts(tags):
    """No script element but the page's own files and its one JSON-LD block."""
    scripts = tags.page.find_all("script")
    assert all("src" in s.attrs or s.attrs.get("type") == "application/ld+json" for s in scripts)
    assert len([s for s in scripts if "src" not in s.attrs]) <= 1


@pytest.mark.parametrize("path", PAGES)
def test_shared_addresses_keep_the_mount(client, path):
    response = client.get(path, environ_overrides={"SCRIPT_NAME": MOUNT})
    tags = read_share_tags(response, "http://localhost" + MOUNT + path)
    prefix = "http://localhost" + MOUNT + "/"
    assert tags.one("og:url") == prefix + path.lstrip("/") == tags.canonical[0]
    assert tags.one("og:image").startswith(prefix)
    assert tags.json_ld and all(u.startswith(prefix) for u in json_ld_urls(tags.json_ld))
    mimetype, (width, height) = fetch_image(client, tags.one("og:image"), script_root=MOUNT)
    assert mimetype.startswith("image/") and min(width, height) >= 300


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """The fixture tree behind a configured site URL, a project's title written to break out."""
    content = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for lang in ("zh", "en"):
        index = content / "projects" / "tea-processing" / f"index.{lang}.md"
        old = next(line for line in index.read_text(encoding="utf-8").splitlines()
                   if line.startswith("title:"))
        edit(index, old, "title: '" + HOSTILE_TITLE.replace("'", "''") + "'")
    return build_app(content, tmp_path_factory.mktemp("hostile-instance"), SITE_URL=SITE_URL)


def test_shared_addresses_use_the_site_url(hostile_app):
    """Behind nginx, the configured public root (prefix included) names every shared address."""
    client = hostile_app.test_client()
    for path in ("/en/", "/zh/projects/tea-processing/"):
        tags = read_share_tags(client.get(path), SITE_URL + path.lstrip("/"))
        assert tags.one("og:url") == SITE_URL + path.lstrip("/")
        assert tags.one("og:image").startswith(SITE_URL)
        assert all(u.startswith(SITE_URL) for u in json_ld_urls(tags.json_ld))
        assert fetch_image(client, tags.one("og:image").replace(SITE_URL, "http://localhost/"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_hostile_search_stays_in_its_attributes(client, lang):
    response = client.get(f"/{lang}/search", query_string={"q": HOSTILE_QUERY})
    tags = read_share_tags(response, f"http://localhost/{lang}/search")
    shown = normalize(HOSTILE_QUERY)
    assert shown in tags.one("og:title") and tags.meta["twitter:title"] == tags.one("og:title")
    assert tags.one("og:description") == tags.meta["description"]
    assert tags.title.startswith(tags.one("og:title"))
    assert shown[:30] in tags.one("og:description")  # past the quotes: nothing broke out there
    assert "onmouseover" not in {k for m in tags.page.find_all("meta") for k in m.attrs}
    assert urlsplit(tags.one("og:url")).path == f"/{lang}/search"
    only_expected_scripts(tags)


def test_a_hostile_title_stays_in_the_json_ld_block(hostile_app):
    """Staff may write anything in a title: the JSON-LD still parses to exactly that title."""
    client = hostile_app.test_client()
    for lang in ("zh", "en"):
        response = client.get(f"/{lang}/projects/tea-processing/")
        html = response.get_data(as_text=True)
        assert "<script>alert" not in html and "<!--" not in html
        tags = read_share_tags(response, f"{SITE_URL}{lang}/projects/tea-processing/")
        trail = tags.ld("BreadcrumbList")["itemListElement"]
        assert trail[-1]["name"] == HOSTILE_TITLE
        assert tags.one("og:title") == tags.meta["twitter:title"] == HOSTILE_TITLE
        only_expected_scripts(tags)


@pytest.mark.parametrize("database_url", [""])  # SQLite: the page, not the database, is tested
def test_a_status_page_invites_no_sharing(lead_app, database_url):
    """An investor's private status page keeps its title and noindex, and nothing to unfurl."""
    app = lead_app()
    _lead, token = lead_with_link(app)
    response = app.test_client().get(f"/en/status/{token}/")
    assert response.status_code == 200 and "noindex" in response.headers["X-Robots-Tag"]
    tags = read_share_tags(response, f"http://localhost/en/status/{token}/")
    assert set(tags.og) == {"og:title", "og:site_name"} and tags.json_ld == []
    assert not any(name.startswith("twitter:") for name in tags.meta)
