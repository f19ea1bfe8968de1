"""The unit finder: every filter and every pair of filters against a count worked out here,
straight from the sample units.csv files; options that would give nothing are never offered,
and each option's count is what following it gives."""

import csv
import io
import itertools
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import SAMPLE_CONTENT
from ..helpers import page

STATUS = {"空置": "vacant", "已预订": "reserved", "已出租": "leased"}


def read_sample_units():
    """Every sample unit as a dict, read with the csv module alone (not the portal's reader)."""
    units = []
    for path in sorted((SAMPLE_CONTENT / "parks").glob("*/units.csv")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        for row in csv.DictReader(io.StringIO(text)):
            def num(header, row=row):
                value = (row.get(header) or "").strip()
                return float(value) if value else None
            units.append({
                "id": row["编号"], "park": path.parent.name, "floor": int(row["楼层"]),
                "area": num("面积㎡"), "height": num("层高m"), "load": num("承重kN/㎡"),
                "crane": num("行车t"), "power": num("电力kVA"), "rent": num("租金元/㎡/月"),
                "status": STATUS[row["状态"]],
            })
    return units


UNITS = read_sample_units()
# One value per filter, and what it means, written out independently of the portal's code.
FILTERS = {
    "park": ("new-materials-park", lambda u: u["park"] == "new-materials-park"),
    "status": ("vacant", lambda u: u["status"] == "vacant"),
    "min_area": ("2000", lambda u: u["area"] >= 2000),
    "max_area": ("4000", lambda u: u["area"] <= 4000),
    "floor": ("2", lambda u: u["floor"] == 2),
    "min_load": ("10", lambda u: (u["load"] or 0) >= 10),
    "min_height": ("5.5", lambda u: (u["height"] or 0) >= 5.5),
    "crane": ("5", lambda u: (u["crane"] or 0) >= 5),
    "min_power": ("400", lambda u: (u["power"] or 0) >= 400),
    "max_rent": ("10", lambda u: u["rent"] is not None and 0 < u["rent"] <= 10),
}


def expected(*names):
    return {(u["park"], u["id"]) for u in UNITS if all(FILTERS[n][1](u) for n in names)}


def found(response):
    """``(park, id)`` of every unit listed, from the links to unit pages in the results."""
    assert response.status_code == 200
    rows = re.findall(r'href="/(?:zh|en)/parks/([a-z0-9-]+)/units/([A-Za-z0-9-]+)/"',
                      response.text.split('id="results-h"', 1)[1])
    return set(rows)


def count_heading(response):
    heading = [e for e in page(response).elements if e.attrs.get("id") == "results-h"][0]
    return int(re.search(r"\d+", heading.text).group())


def test_the_sample_has_what_the_journey_needs():
    assert len(UNITS) >= 25
    assert expected("min_load", "status") and expected("min_area", "max_area")
    heavy = {u["id"] for u in UNITS if (u["load"] or 0) >= 10 and u["area"] >= 5000}
    assert len(heavy) >= 3


def test_without_filters_every_unit_is_listed_vacant_first(sample_client):
    response = sample_client.get("/zh/spaces/")
    assert found(response) == {(u["park"], u["id"]) for u in UNITS}
    order = re.findall(r'class="tag tag-(vacant|reserved|leased)"', response.text)
    ranks = [["vacant", "reserved", "leased"].index(s) for s in order]
    assert ranks == sorted(ranks) and ranks[0] == 0


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_filter(sample_client, name, lang):
    response = sample_client.get(f"/{lang}/spaces/?{name}={FILTERS[name][0]}")
    assert found(response) == expected(name)
    assert count_heading(response) == len(expected(name))


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(FILTERS, 2)))
def test_every_pair_of_filters(sample_client, first, second):
    query = urlencode({first: FILTERS[first][0], second: FILTERS[second][0]})
    assert found(sample_client.get(f"/zh/spaces/?{query}")) == expected(first, second)


def test_the_battery_directors_search(sample_client):
    response = sample_client.get("/en/spaces/?min_load=10&min_area=5000")
    wanted = {(u["park"], u["id"]) for u in UNITS if (u["load"] or 0) >= 10 and u["area"] >= 5000}
    assert found(response) == wanted


@pytest.mark.parametrize("typed", ["５０００", "5,000", "5000.0", " 5000 "])
def test_area_typed_as_on_a_chinese_keyboard(sample_client, typed):
    response = sample_client.get("/zh/spaces/", query_string={"min_area": typed})
    assert found(response) == {(u["park"], u["id"]) for u in UNITS if u["area"] >= 5000}


@pytest.mark.parametrize("value", ["abc", "一千", "", "nan", "inf", "-5", "1e400", "9" * 300,
                                   "0x10", "5000abc", "1e3"])
def test_nonsense_numbers_are_ignored(sample_client, value):
    response = sample_client.get("/en/spaces/", query_string={"min_area": value, "status": "vacant"})
    assert found(response) == expected("status")


def options(response):
    """``{select name: [(value, count, selected)]}`` of the finder form."""
    html = response.text
    result = {}
    for name, body in re.findall(r'<select id="f-[a-z_]+" name="([a-z_]+)">(.*?)</select>', html, re.S):
        result[name] = [(v, int(c) if c else None, bool(sel)) for v, sel, c in re.findall(
            r'<option value="([^"]*)"( selected)?>[^<]*?(?:\((\d+)\))?</option>', body)]
    return result


def urls_to_probe():
    yield {}
    for name in FILTERS:
        yield {name: FILTERS[name][0]}
    yield {"min_load": "10", "min_area": "5000"}
    yield {"park": "new-materials-park", "status": "reserved"}


@pytest.mark.parametrize("base", list(urls_to_probe()), ids=lambda b: urlencode(b) or "none")
def test_every_option_offered_gives_the_count_it_shows(sample_client, base):
    """Counts follow every other active filter; no option leads to zero units."""
    response = sample_client.get("/zh/spaces/", query_string=base)
    listed = options(response)
    assert {"park", "status", "floor", "min_load", "crane", "min_power", "max_rent"} <= set(listed)
    for name, choices in listed.items():
        if name == "sort":
            continue
        for value, count, selected in choices:
            if not value:
                continue
            assert count is not None, (name, value)
            if not selected:
                assert count > 0, f"{name}={value} offered with no unit"
            query = {**base, name: value}
            assert len(found(sample_client.get("/zh/spaces/", query_string=query))) == count, query


def test_an_option_that_would_give_nothing_is_not_offered(sample_client):
    """Floors and parks with no vacant unit of 25 kN/㎡ or more are not offered with those filters."""
    response = sample_client.get("/zh/spaces/?status=vacant&min_load=25")
    pool = [u for u in UNITS if u["status"] == "vacant" and (u["load"] or 0) >= 25]
    floors = {str(u["floor"]) for u in pool}
    offered = {v for v, _c, _s in options(response)["floor"] if v}
    assert offered == floors
    parks = {u["park"] for u in UNITS if u["status"] == "vacant"}  # park counts ignore park
    assert {v for v, _c, _s in options(response)["park"] if v} == {
        p for p in parks if any(u["park"] == p and (u["load"] or 0) >= 25 for u in pool)}


def test_facet_counts_follow_the_filters(sample_client):
    plain = {v: c for v, c, _s in options(sample_client.get("/zh/spaces/"))["status"] if v}
    heavy = {v: c for v, c, _s in options(sample_client.get("/zh/spaces/?min_load=20"))["status"]
             if v}
    assert plain["vacant"] == sum(u["status"] == "vacant" for u in UNITS)
    assert heavy["vacant"] == sum(u["status"] == "vacant" and (u["load"] or 0) >= 20 for u in UNITS)
    assert heavy["vacant"] < plain["vacant"]


@pytest.mark.parametrize(("sort", "key"), [
    ("area", lambda u: u["area"]), ("area_desc", lambda u: -u["area"]),
    ("rent", lambda u: u["rent"] if u["rent"] else 1e9),
])
def test_sorts(sample_client, sort, key):
    response = sample_client.get(f"/zh/spaces/?sort={sort}")
    ids = re.findall(r'<tr id="unit-([A-Za-z0-9-]+)"', response.text)
    by_id = {u["id"]: u for u in UNITS}
    values = [key(by_id[i]) for i in ids]
    assert values == sorted(values)


def test_soonest_available_puts_leased_last(sample_client):
    response = sample_client.get("/zh/spaces/?sort=available")
    statuses = re.findall(r'class="tag tag-(vacant|reserved|leased)"', response.text)
    first_leased = statuses.index("leased")
    assert set(statuses[first_leased:]) == {"leased"}


def test_the_filters_work_without_javascript(sample_client):
    html = sample_client.get("/en/spaces/").text
    assert re.search(r'<form class="filter-form finder" method="get" action="/en/spaces/"', html)
    assert '<form method="get" action="/en/compare/">' in html
    assert 'type="checkbox" name="units" value="new-materials-park/6-101"' in html


def test_active_filters_can_be_removed_one_by_one(sample_client):
    html = sample_client.get("/en/spaces/?min_load=10&status=vacant").text
    assert 'href="/en/spaces/?status=vacant"' in html
    assert 'href="/en/spaces/?min_load=10"' in html


QUERY = st.dictionaries(
    st.sampled_from([*FILTERS, "sort", "page", "x"]),
    st.one_of(st.text(max_size=30), st.integers(-10**30, 10**30).map(str),
              st.floats(allow_nan=True, allow_infinity=True).map(str)),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERY, lang=st.sampled_from(["zh", "en"]))
def test_hostile_query_strings_never_fail(sample_app, query, lang):
    response = sample_app.test_client().get(f"/{lang}/spaces/", query_string=query)
    assert response.status_code in (200, 404)
