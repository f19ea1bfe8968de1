"""Open data: every dataset in every language round-trips (CSV rows = items, JSON = CSV), the
GeoJSON is a valid WGS-84 FeatureCollection, hostile text survives, the dictionary documents
every column and names the licence from site.yaml."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from portal.content.store import load_content
from portal.syndication.datasets import DATASETS
from portal.syndication.formats import cell

from ..conftest import SAMPLE_CONTENT
from ..helpers import edit, page
from . import as_shown

LANGUAGES = ("zh", "zh-hant", "en")  # checked against the app's own list below
MOUNT = {"SCRIPT_NAME": "/zsj"}


def download(client, lang, name, fmt, **kwargs):
    response = client.get(f"/{lang}/data/{name}.{fmt}", **kwargs)
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(rf'attachment; filename="?{name}-{lang}-\d{{4}}-\d\d-\d\d\.{fmt}"?',
                        disposition), disposition
    assert response.headers["ETag"] and "public" in response.headers["Cache-Control"]
    return response


def read_csv(response):
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS need
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def expected_rows(content, name, lang):
    if name == "units":
        return [(p, u) for p in content.items("parks", lang) for u in p.units]
    return list(content.items(name, lang))


def test_the_languages_checked_are_the_apps(sample_app):
    assert set(sample_app.config["LANGUAGES"]) == set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(DATASETS))
def test_csv_and_json_round_trip(sample_app, sample_client, name, lang):
    content = sample_app.extensions["content"].current
    rows = read_csv(download(sample_client, lang, name, "csv"))
    items = expected_rows(content, name, lang)
    assert len(rows) == len(items) > 0
    assert list(rows[0]) == [c.key for c in DATASETS[name].columns]
    assert all(re.fullmatch(r"[a-z0-9_]+", key) for key in rows[0])
    document = json.loads(download(sample_client, lang, name, "json").data)
    assert document["items"] and len(document["items"]) == len(rows)
    assert document["licence"] == as_shown(content, lang, content.site.data_licence.text(lang))
    for row, item in zip(rows, document["items"], strict=True):
        assert row == {key: cell(value) for key, value in item.items()}
    # Text in the URL's language, numbers plain with the unit in the name, links that work.
    first = items[0]
    if name == "projects":
        assert rows[0]["title"] == as_shown(content, lang, first.title)
        assert Decimal(rows[0]["total_investment_wan_yuan"]) == first.total_investment.wan
        assert document["items"][0]["land_mu"] == first.land_mu
    if name == "units":
        assert float(rows[0]["area_m2"]) == first[1].area_m2
        assert rows[0]["status"] == as_shown(
            content, lang, content.taxonomy.unit_statuses[first[1].status].text(lang))
    assert rows[0]["url"].startswith(f"http://localhost/{lang}/")
    assert sample_client.get(rows[0]["url"].removeprefix("http://localhost")).status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_parks_geojson_is_a_wgs84_feature_collection(sample_app, sample_client, lang):
    response = download(sample_client, lang, "parks", "geojson")
    assert response.mimetype == "application/geo+json"
    collection = json.loads(response.data)
    parks = sample_app.extensions["content"].current.items("parks", lang)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection  # RFC 7946
    assert len(collection["features"]) == len([p for p in parks if p.location]) == len(parks)
    for feature, park in zip(collection["features"], parks, strict=True):
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 73 < lon < 136 and 3 < lat < 54  # [lon, lat] inside China, not swapped
        # Content keeps WGS-84, as the file says: given as it is, not shifted to GCJ-02.
        assert (lat, lon) == (round(park.location.lat, 6), round(park.location.lon, 6))
        assert feature["properties"]["slug"] == park.slug
        assert feature["properties"]["url"].endswith(f"/{lang}/parks/{park.slug}/")


def test_gb18030_quotes_commas_and_formulas_survive(make_app, content_copy):
    title = '“富硒”茶, 抹茶 "quoted", 𠮷野家 㐀 =1+2'
    edit(content_copy / "projects/tea-processing/index.zh.md",
         "title: 富硒茶精深加工项目", f"title: '{title}'")
    edit(content_copy / "projects/manganese-sulfate/index.zh.md",
         "\ntitle: ", "\ntitle: =HYPERLINK(\"http://evil.example\")")
    units = content_copy / "parks/agri-park/units.csv"  # saved by WPS: GB18030
    text = units.read_bytes().decode("gb18030")
    units.write_bytes(text.replace("A栋", '"A栋, 东侧 ""北门"""', 1).encode("gb18030"))
    client = make_app(content_copy).test_client()
    projects = {r["slug"]: r for r in read_csv(download(client, "zh", "projects", "csv"))}
    assert projects["tea-processing"]["title"] == title
    assert projects["manganese-sulfate"]["title"].startswith("'=HYPERLINK(")
    shown = json.loads(download(client, "zh", "projects", "json").data)["items"]
    assert {i["slug"]: i["title"] for i in shown}["manganese-sulfate"].startswith("=HYPERLINK(")
    buildings = [r["building"] for r in read_csv(download(client, "zh", "units", "csv"))]
    assert 'A栋, 东侧 "北门"' in buildings


def test_downloads_link_under_a_mount_and_unknown_files_are_404(client):
    rows = read_csv(download(client, "en", "units", "csv", environ_overrides=MOUNT))
    assert rows and all(r["url"].startswith("http://localhost/zsj/en/parks/") for r in rows)
    for path in ("units.geojson", "leads.csv", "projects.xml", "projects", "..%2fsite.yaml"):
        assert client.get(f"/en/data/{path}").status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dictionary_page_documents_every_column_and_names_the_licence(sample_app, sample_client,
                                                                        lang):
    response = sample_client.get(f"/{lang}/data/")
    assert response.status_code == 200
    shown = page(response)
    codes = {e.text for e in shown.find_all("code")}
    assert {c.key for d in DATASETS.values() for c in d.columns} <= codes
    licence = sample_app.extensions["content"].current.site.data_licence
    assert [a.attrs["href"] for a in shown.find_all("a", rel="license")] == [licence.url]
    content = sample_app.extensions["content"].current
    assert as_shown(content, lang, licence.text(lang)) in shown.text
    assert "WGS-84" in shown.text
    files = {a.attrs["href"] for a in shown.anchors()
             if re.fullmatch(rf"/{lang}/data/[a-z]+\.[a-z]+", a.attrs["href"])}
    expected = {f"/{lang}/data/{n}.{f}" for n in DATASETS for f in ("csv", "json")}
    assert files == expected | {f"/{lang}/data/parks.geojson"}
    for href in files:
        assert sample_client.get(href).status_code == 200


def test_site_yaml_needs_a_data_licence(content_copy):
    site = content_copy / "site.yaml"
    edit(site, "  url: https://creativecommons.org/licenses/by/4.0/", "  url: creativecommons.org")
    _, problems = load_content(content_copy)
    assert [p.field for p in problems if p.path == "site.yaml"] == ["data_licence.url"]
    text = site.read_text(encoding="utf-8")
    site.write_text(text[:text.index("data_licence:")], encoding="utf-8")
    _, problems = load_content(content_copy)
    assert [p.field for p in problems if p.path == "site.yaml"] == ["data_licence"]


def test_sample_site_yaml_has_a_licence():
    content, problems = load_content(SAMPLE_CONTENT)
    assert content.site.data_licence.url.startswith("https://")
    assert not [p for p in problems if p.path == "site.yaml"]
