"""A page per factory unit: every fact with its unit, the building's photos, the policies that
apply, a pre-filled inquiry; a units.csv naming a photo that is not there is an error."""

import re

import pytest

from portal.content.store import load_content

from ..helpers import page

URL = "/{lang}/parks/materials-park/units/M1-101/"


@pytest.mark.parametrize(("lang", "facts"), [
    ("en", ["2,400 m²", "30 kN/㎡", "10 m", "10 t", "1,600 kVA", "12 yuan/㎡/month", "3,000 yuan/㎡"]),
    ("zh", ["2,400", "30 kN/㎡", "10 m", "10 t", "1,600 kVA", "12", "3,000"]),
])
def test_every_fact_with_its_unit(client, lang, facts):
    response = client.get(URL.format(lang=lang))
    assert response.status_code == 200
    text = page(response).text
    for fact in facts:
        assert fact in text, fact
    assert "M1-101" in page(response).find_all("h1")[0].text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_inquiry_is_pre_filled(client, lang):
    response = client.get(URL.format(lang=lang))
    hrefs = [a.attrs["href"] for a in page(response).anchors()]
    assert f"/{lang}/inquiry/?unit=materials-park/M1-101" in [h.replace("%2F", "/") for h in hrefs]
    inquiry = client.get(f"/{lang}/inquiry/?unit=materials-park/M1-101")
    assert inquiry.status_code == 200 and "M1-101" in inquiry.text


def test_the_buildings_photos_are_shown(client):
    response = client.get(URL.format(lang="en"))
    images = [e.attrs["src"] for e in page(response).find_all("img")]
    assert any(src.startswith("/media/parks/materials-park/photo-1.") for src in images)  # a derived size
    assert client.get(images[0]).status_code == 200


def test_a_unit_without_photos_shows_no_image_box(client):
    response = client.get("/en/parks/materials-park/units/M2-101/")
    assert not [e for e in page(response).find_all("img") if "/media/parks/" in e.attrs["src"]]


def test_the_policy_it_names_is_listed(client):
    response = client.get(URL.format(lang="en"))
    assert 'href="/en/policies/land-support/"' in response.text


def test_a_leased_unit_offers_the_vacant_ones_instead_of_an_inquiry(client):
    response = client.get("/en/parks/materials-park/units/M1-201/")
    assert "inquiry/?unit=" not in response.text
    assert 'href="/en/spaces/?park=materials-park&amp;status=vacant"' in response.text


@pytest.mark.parametrize("url", [
    "/zh/parks/materials-park/units/NOPE/", "/en/parks/no-park/units/M1-101/",
    "/en/parks/agri-park/units/M1-101/", "/zh/parks/materials-park/units/%3Cb%3E/",
])
def test_unknown_park_or_unit_is_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "<b>" not in response.text


def test_every_unit_on_the_park_page_links_to_its_page(client):
    response = client.get("/zh/parks/materials-park/")
    linked = set(re.findall(r'href="/zh/parks/materials-park/units/([A-Za-z0-9-]+)/"', response.text))
    assert linked == {"M1-101", "M1-201", "M2-101", "M2-201"}
    for unit_id in linked:
        assert client.get(f"/zh/parks/materials-park/units/{unit_id}/").status_code == 200


def rewrite_units(content, column, value):
    path = content / "parks" / "materials-park" / "units.csv"
    lines = path.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    index = header.index(column)
    cells = lines[1].split(",")
    cells[index] = value
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", "utf-8")


@pytest.mark.parametrize(("value", "message"), [
    ("missing.jpg", "no photo 'missing.jpg' in the park's folder"),
    ("index.zh.md", "'index.zh.md' is not a photo"),
    ("../agri-park/x.jpg", "write the file name only, without a path"),
])
def test_a_photo_that_is_not_there_is_an_error_naming_row_and_column(content_copy, value, message):
    rewrite_units(content_copy, "照片", value)
    _content, problems = load_content(content_copy)
    found = [p for p in problems if p.path.endswith("units.csv") and p.severity == "error"]
    assert found, problems
    assert found[0].line == 2 and found[0].field == "照片"
    assert any(message in p.en for p in found)


def test_several_photos_in_one_cell(content_copy, make_app):
    (content_copy / "parks" / "materials-park" / "photo-2.jpg").write_bytes(
        (content_copy / "parks" / "materials-park" / "photo-1.jpg").read_bytes())
    rewrite_units(content_copy, "照片", "photo-1.jpg；photo-2.jpg")
    app = make_app(content_copy)
    response = app.test_client().get(URL.format(lang="zh"))
    images = " ".join(e.attrs["src"] for e in page(response).find_all("img"))
    assert "/photo-1." in images and "/photo-2." in images  # derived sizes of both


def test_a_policy_folder_that_does_not_exist_is_an_error(content_copy):
    rewrite_units(content_copy, "适用政策", "no-such-policy")
    _content, problems = load_content(content_copy)
    assert any("no-such-policy" in (p.value or "") and p.severity == "error" for p in problems)
