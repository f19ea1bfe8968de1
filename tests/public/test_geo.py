"""Coordinates in each map app's datum, checked against published reference points, and the
links on park and unit pages that carry them."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from portal.public import geo

TIANANMEN_WGS84 = (39.908692, 116.397477)
TIANANMEN_GCJ02 = (39.910092, 116.403722)  # the brief's reference: AMap's own pin
TIANANMEN_BD09 = (39.916418, 116.410244)  # the brief's reference: Baidu's own pin
PARK_WGS84 = (32.9186, 109.8812)  # new-materials-park (sample) and materials-park (fixture)


def test_gcj02_of_tiananmen_within_a_metre():
    assert geo.distance_m(geo.wgs84_to_gcj02(*TIANANMEN_WGS84), TIANANMEN_GCJ02) < 1.0


def test_bd09_of_tiananmen():
    """The published GCJ-02 → BD-09 formula lands within ~15 m of Baidu's own pin; a point given
    in the wrong datum would be off by hundreds of metres."""
    bd = geo.gcj02_to_bd09(*geo.wgs84_to_gcj02(*TIANANMEN_WGS84))
    assert geo.distance_m(bd, TIANANMEN_BD09) < 15
    assert geo.distance_m(TIANANMEN_WGS84, TIANANMEN_BD09) > 900  # the shift is real


def test_the_shift_inside_china_is_hundreds_of_metres():
    shift = geo.distance_m(PARK_WGS84, geo.wgs84_to_gcj02(*PARK_WGS84))
    assert 200 < shift < 700


@pytest.mark.parametrize("point", [(48.8584, 2.2945), (22.3193, 114.1694 + 40), (-33.86, 151.21)])
def test_outside_china_nothing_is_shifted(point):
    assert geo.wgs84_to_gcj02(*point) == point


def test_distance_of_a_known_pair():
    # Beijing Tiananmen to Shanghai People's Square is about 1,067 km.
    assert 1_060_000 < geo.distance_m(TIANANMEN_WGS84, (31.2304, 121.4737)) < 1_075_000


def link_params(links):
    return {app: parse_qs(urlsplit(url).query) for app, url in links}


def test_each_link_carries_its_datum():
    params = link_params(geo.map_links(*TIANANMEN_WGS84, "天安门"))
    lon, lat = map(float, params["amap"]["position"][0].split(","))
    assert geo.distance_m((lat, lon), TIANANMEN_GCJ02) < 1.0
    assert params["amap"]["coordinate"] == ["gaode"] and params["amap"]["name"] == ["天安门"]
    lat, lon = map(float, params["baidu"]["location"][0].split(","))
    assert geo.distance_m((lat, lon), TIANANMEN_BD09) < 15
    assert params["baidu"]["coord_type"] == ["bd09ll"] and params["baidu"]["output"] == ["html"]
    lat, lon = map(float, params["apple"]["ll"][0].split(","))
    assert geo.distance_m((lat, lon), TIANANMEN_WGS84) < 0.2
    lat, lon = map(float, params["google"]["query"][0].split(","))
    assert geo.distance_m((lat, lon), TIANANMEN_WGS84) < 0.2 and params["google"]["api"] == ["1"]


def page_links(client, url):
    html = client.get(url).text
    return {host: href.replace("&amp;", "&") for href, host in re.findall(
        r'href="(https://(uri\.amap\.com|api\.map\.baidu\.com|maps\.apple\.com|www\.google\.com)/[^"]+)"',
        html)}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url", ["/{lang}/parks/materials-park/",
                                 "/{lang}/parks/materials-park/units/M1-101/"])
def test_park_and_unit_pages_link_to_the_map_apps(client, lang, url):
    links = page_links(client, url.format(lang=lang))
    assert set(links) == {"uri.amap.com", "api.map.baidu.com", "maps.apple.com", "www.google.com"}
    amap = parse_qs(urlsplit(links["uri.amap.com"]).query)
    lon, lat = map(float, amap["position"][0].split(","))
    assert geo.distance_m((lat, lon), geo.wgs84_to_gcj02(*PARK_WGS84)) < 0.5
    assert geo.distance_m((lat, lon), PARK_WGS84) > 200
    baidu = parse_qs(urlsplit(links["api.map.baidu.com"]).query)
    lat, lon = map(float, baidu["location"][0].split(","))
    assert geo.distance_m((lat, lon), geo.wgs84_to_bd09(*PARK_WGS84)) < 0.5
    google = parse_qs(urlsplit(links["www.google.com"]).query)
    assert google["query"] == ["32.918600,109.881200"]


def test_a_park_without_a_location_has_no_map_links(client):
    assert page_links(client, "/en/parks/agri-park/") == {}
