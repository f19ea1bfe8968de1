"""Where a place is: its coordinates in the datum each map app expects, and links that open it.

Content keeps WGS-84 (what GPS and most survey data give). Maps inside China are drawn on
GCJ-02 (the state's obfuscated datum, shifted by up to ~500 m from WGS-84), and Baidu adds its
own BD-09 on top. A pin given in the wrong datum lands a few hundred metres off, so:

- AMap (高德) gets GCJ-02 (``coordinate=gaode``);
- Baidu Maps gets BD-09 (``coord_type=bd09ll``);
- Apple Maps takes WGS-84 everywhere and converts for its Chinese map data itself;
- Google Maps gets WGS-84 as a search query. Its map tiles inside China are GCJ-02, but a
  ``query=lat,lng`` is read as WGS-84 and placed by Google, which is where a visitor from
  abroad (the only one who uses it here) expects the pin; giving it GCJ-02 would shift the pin.

The conversion is the widely published one (the "eviltransform" formulas): a few metres'
accuracy, good enough for a pin. Outside mainland China the datums agree and nothing is shifted.
"""

import math
from urllib.parse import quote, urlencode

A = 6378245.0  # Krasovsky 1940 ellipsoid, as GCJ-02 uses
EE = 0.00669342162296594323
X_PI = math.pi * 3000.0 / 180.0


def outside_china(lat, lon):
    """A rough box around mainland China: outside it GCJ-02 equals WGS-84."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat, lon):
    """``(lat, lon)`` in GCJ-02, as AMap, Tencent Maps and Google's China tiles use."""
    if outside_china(lat, lon):
        return lat, lon
    d_lat = _lat(lon - 105.0, lat - 35.0)
    d_lon = _lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((A * (1 - EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_bd09(lat, lon):
    """``(lat, lon)`` in BD-09, as Baidu Maps uses."""
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def wgs84_to_bd09(lat, lon):
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


def distance_m(a, b):
    """Great-circle distance in metres between two ``(lat, lon)`` points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def keep_commas(text, safe, encoding=None, errors=None):
    """URL-quote a query value, leaving the comma between latitude and longitude as typed."""
    return quote(text, safe=safe + ",", encoding=encoding, errors=errors)


def map_links(lat, lon, name):
    """``[(app key, url)]``: the place in each map app, the Chinese apps first.

    The app keys are ``amap``, ``baidu``, ``apple`` and ``google``; templates name them.
    """
    g_lat, g_lon = wgs84_to_gcj02(lat, lon)
    b_lat, b_lon = gcj02_to_bd09(g_lat, g_lon)
    return [
        ("amap", "https://uri.amap.com/marker?" + urlencode({
            "position": f"{g_lon:.6f},{g_lat:.6f}", "name": name, "coordinate": "gaode",
            "callnative": "1"}, quote_via=keep_commas)),
        ("baidu", "https://api.map.baidu.com/marker?" + urlencode({
            "location": f"{b_lat:.6f},{b_lon:.6f}", "title": name, "content": name,
            "coord_type": "bd09ll", "output": "html", "src": "webapp.invest-portal"},
            quote_via=keep_commas)),
        ("apple", "https://maps.apple.com/?" + urlencode({
            "ll": f"{lat:.6f},{lon:.6f}", "q": name}, quote_via=keep_commas)),
        ("google", "https://www.google.com/maps/search/?" + urlencode({
            "api": "1", "query": f"{lat:.6f},{lon:.6f}"}, quote_via=keep_commas)),
    ]
