"""The sitemap: valid against the sitemap 0.9 schema, every public route of the app in it (the
rest named with a reason in ``EXCLUDED``), each URL in every language with its alternates and
date; robots.txt names it and keeps crawlers out of private and query pages."""

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import xmlschema

from portal.i18n import HREFLANG
from portal.syndication.sitemap import EXCLUDED, excluded

SCHEMAS = Path(__file__).parent / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
MOUNT = {"SCRIPT_NAME": "/zsj"}


def entries(client, **kwargs):
    """``[(loc, lastmod or None, {hreflang: href})]`` of the sitemap."""
    response = client.get("/sitemap.xml", **kwargs)
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    return [(url.findtext("s:loc", namespaces=NS), url.findtext("s:lastmod", namespaces=NS),
             {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)})
            for url in root.findall("s:url", NS)]


def test_sitemap_is_valid_against_the_sitemap_schema(sample_client):
    # sitemap.xsd is the sitemaps.org schema; its strict xsd:any checks xhtml:link against ours.
    schema = xmlschema.XMLSchema([str(SCHEMAS / "sitemap.xsd"), str(SCHEMAS / "xhtml-link.xsd")])
    data = sample_client.get("/sitemap.xml").data
    schema.validate(data)
    assert not schema.is_valid(data.replace(b'hreflang="en"', b'hreflang="English"', 1))


def test_every_public_route_is_in_the_sitemap_or_excluded_for_a_reason(sample_app, sample_client):
    adapter = sample_app.url_map.bind("localhost")
    listed = {}
    for loc, _, _ in entries(sample_client):
        endpoint, _ = adapter.match(urlsplit(loc).path)
        listed.setdefault(endpoint, loc)
    routes = {rule.endpoint for rule in sample_app.url_map.iter_rules() if "GET" in rule.methods}
    missing = {e for e in routes - set(listed) if not excluded(e)}
    assert missing == set()
    assert {e for e in listed if excluded(e)} == set()  # an excluded route is not listed after all
    assert {"public.unit", "syndication.data", "partners.page", "inquiry.form_page"} <= set(listed)
    stale = [name for name in EXCLUDED
             if not any(r == name or (name.endswith(".") and r.startswith(name)) for r in routes)]
    assert stale == []
    for loc in listed.values():  # one page of each kind answers (all do: see below)
        assert sample_client.get(urlsplit(loc).path).status_code == 200, loc


def test_every_url_of_the_sitemap_answers(client):
    for loc, _, _ in entries(client):
        assert client.get(urlsplit(loc).path).status_code == 200, loc


def test_each_page_is_listed_in_every_language_with_its_alternates(app, client):
    languages = app.config["LANGUAGES"]
    listed = entries(client)
    locs = [loc for loc, _, _ in listed]
    assert len(locs) == len(set(locs))
    for loc, _, alternates in listed:
        assert set(alternates) == {HREFLANG[lang] for lang in languages} | {"x-default"}
        assert loc in alternates.values()
        assert alternates["x-default"] == alternates[HREFLANG[app.config["DEFAULT_LANGUAGE"]]]
        for lang in languages:
            assert urlsplit(alternates[HREFLANG[lang]]).path.startswith(f"/{lang}/")
            assert alternates[HREFLANG[lang]] in locs


def test_lastmod_is_the_items_date_and_for_a_list_its_newest_items(app, client):
    dates = {urlsplit(loc).path: lastmod for loc, lastmod, _ in entries(client)}
    content = app.extensions["content"].current
    unit = content.get("parks", "materials-park", "zh").units[0]
    newest_project = max(p.updated for p in content.items("projects", "zh")).isoformat()
    newest = max(b.items["zh"].updated for b in content.bundles.values()).isoformat()
    for lang in app.config["LANGUAGES"]:
        assert dates[f"/{lang}/projects/tea-processing/"] == "2026-10-12"
        assert dates[f"/{lang}/parks/materials-park/units/{unit.id}/"] == "2026-11-16"
        assert dates[f"/{lang}/projects/"] == newest_project
        assert dates[f"/{lang}/"] == newest


def test_sitemap_under_a_mount(client):
    listed = entries(client, environ_overrides=MOUNT)
    assert all(loc.startswith("http://localhost/zsj/") for loc, _, _ in listed)
    assert all(href.startswith("http://localhost/zsj/") for _, _, alt in listed for href in alt.values())


def robots(client, **kwargs):
    response = client.get("/robots.txt", **kwargs)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    pairs = [line.split(":", 1) for line in response.text.splitlines() if ":" in line]
    return [(name.strip().lower(), value.strip()) for name, value in pairs]


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_private_pages(sample_app, sample_client):
    for environ, mount in (({}, ""), (MOUNT, "/zsj")):
        lines = robots(sample_client, environ_overrides=environ)
        assert ("sitemap", f"http://localhost{mount}/sitemap.xml") in lines
        disallowed = {value for name, value in lines if name == "disallow"}
        assert f"{mount}/staff/" in disallowed
        for lang in sample_app.config["LANGUAGES"]:
            assert {f"{mount}/{lang}/status/", f"{mount}/{lang}/partners/credit/",
                    f"{mount}/{lang}/inquiry/thanks/", f"{mount}/{lang}/search"} <= disallowed
        public = [f"{mount}/{lang}/{path}" for lang in sample_app.config["LANGUAGES"]
                  for path in ("", "projects/", "partners/shenzhen-chamber/", "data/")]
        assert not [p for p in public if any(p.startswith(d) for d in disallowed)]
