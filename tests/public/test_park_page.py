"""The park page for a decision: occupancy as a figure and a bar, vacant and reserved units
listed, leased ones folded away behind their count; the parks list with its county map."""

import re

import pytest

from ..helpers import page

# Fixture materials-park units.csv: id -> (status, area ㎡).
UNITS = {"M1-101": ("vacant", 2400), "M1-201": ("leased", 1200), "M2-101": ("vacant", 800),
         "M2-201": ("reserved", 1500)}


def section(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_occupancy_figure_and_bar(client, lang):
    html = client.get(f"/{lang}/parks/materials-park/").text
    total = sum(a for _s, a in UNITS.values())
    vacant = sum(a for s, a in UNITS.values() if s == "vacant")
    bar = section(html, '<svg class="occupancy-bar"', "</svg>")
    widths = {k: float(w) for k, w in re.findall(r'class="bar-(\w+)" x="[\d.]+" y="0" width="([\d.]+)"', bar)}
    assert widths == pytest.approx({s: 100 * sum(a for st, a in UNITS.values() if st == s) / total
                                    for s in ("vacant", "reserved", "leased")}, abs=0.06)
    text = page(client.get(f"/{lang}/parks/materials-park/")).text
    assert f"{round(100 * vacant / total, 1)}%" in text
    if lang == "en":
        assert "2 of 4 units vacant" in text


def test_leased_units_are_folded_away_behind_their_count(client):
    html = client.get("/en/parks/materials-park/").text
    details = section(html, '<details class="leased">', "</details>")
    assert "1 leased unit" in details
    assert 'id="unit-M1-201"' in details
    before = html.split('<details class="leased">', 1)[0]
    for unit_id, (status, _a) in UNITS.items():
        assert (f'id="unit-{unit_id}"' in before) == (status != "leased"), unit_id


def test_vacant_first_then_reserved(client):
    html = client.get("/en/parks/materials-park/").text.split('<details class="leased">', 1)[0]
    order = re.findall(r'<tr id="unit-([A-Z0-9-]+)"', html)
    assert order == ["M1-101", "M2-101", "M2-201"]


def test_units_can_be_picked_to_compare(client):
    html = client.get("/zh/parks/materials-park/").text
    form = section(html, '<form method="get" action="/zh/compare/">', "</form>")
    assert 'name="units" value="materials-park/M1-101"' in form


def test_the_units_table_has_the_useful_columns_first(client):
    html = client.get("/en/parks/materials-park/").text
    head = section(html, '<table class="units">', "</thead>")
    names = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<th scope="col">(.*?)</th>', head)]
    assert names[1:8] == ["Unit", "Status", "Area", "Floor load", "Power", "Rent", "Available"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_parks_list_has_a_county_map_with_each_park_linked(client, lang):
    response = client.get(f"/{lang}/parks/")
    svg = section(response.text, '<figure class="county-map">', "</svg>")
    assert 'class="county" points="' in svg
    located = ["materials-park"]  # the fixture agri park has no location
    for slug in located:
        assert f'<a href="/{lang}/parks/{slug}/"' in svg
    assert "/parks/agri-park/" not in svg
    key = section(response.text, '<ol class="map-key">', "</ol>")
    assert f'href="/{lang}/parks/materials-park/"' in key
    assert "km" in key  # distances stay as facts beside the map
    assert ("县城" if lang == "zh" else "County seat") in svg  # a landmark, named in its title
    assert ("县城" if lang == "zh" else "County seat") in section(response.text, "</svg>", "</figure>")


def test_the_map_points_lie_inside_the_drawing(client):
    html = client.get("/en/parks/").text
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', html).groups())
    points = re.search(r'class="county" points="([^"]+)"', html).group(1).split()
    marks = re.findall(r'class="park-mark" cx="([\d.]+)" cy="([\d.]+)"', html)
    for x, y in [p.split(",") for p in points] + marks:
        assert 0 <= float(x) <= width and 0 <= float(y) <= height


def test_a_broken_map_file_leaves_a_frame_around_the_parks(content_copy, make_app):
    (content_copy / "map.yaml").write_text("outline: [[1, 2]]\n", "utf-8")
    response = make_app(content_copy).test_client().get("/en/parks/")
    assert response.status_code == 200
    assert 'class="county" points="' in response.text  # a frame: four corners
    points = re.search(r'class="county" points="([^"]+)"', response.text).group(1).split()
    assert len(points) == 4


def test_the_sample_map_shows_every_park(sample_client):
    html = sample_client.get("/zh/parks/").text
    svg = section(html, '<figure class="county-map">', "</svg>")
    for slug in ("new-materials-park", "chengbei-industrial-zone", "xinyuan-agri-park"):
        assert f'href="/zh/parks/{slug}/"' in svg
