"""Catalogue filters in the query string: partners share these links, so they must hold."""

import re

import pytest

from ..helpers import page

AGRICULTURE = {"tea-processing", "rice-cold-chain"}
ALL_PROJECTS = AGRICULTURE | {"manganese-sulfate"}
# Fixture units.csv rows: id -> (status, area m²).
UNITS = {
    "M1-101": ("vacant", 2400), "M1-201": ("leased", 1200), "M2-101": ("vacant", 800),
    "M2-201": ("reserved", 1500), "A-101": ("vacant", 1800), "A-201": ("vacant", 900),
    "B-101": ("leased", 2600),
}


def project_slugs(response, lang="zh"):
    found = set()
    for anchor in page(response).anchors():
        match = re.fullmatch(rf"/{lang}/projects/([a-z0-9-]+)/", anchor.attrs["href"])
        if match:
            found.add(match.group(1))
    return found


def unit_ids(response):
    rows = [e for e in page(response).elements if e.tag == "tr" and e.attrs.get("id")]
    return {row.attrs["id"].removeprefix("unit-") for row in rows}


def facet_count(response, arg, value):
    """The count shown on the facet link that selects ``arg=value``, or None if there is none."""
    for anchor in page(response).anchors():
        if re.search(rf"[?&]{arg}={re.escape(value)}(&|$)", anchor.attrs["href"]):
            match = re.search(r"(\d+)\s*\)?\s*$", anchor.text)
            if match:
                return int(match.group(1))
    return None


def test_unfiltered_catalogue_lists_every_project(client):
    assert project_slugs(client.get("/zh/projects/")) == ALL_PROJECTS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_industry_filter_shows_only_that_industry(client, lang):
    response = client.get(f"/{lang}/projects/?industry=agriculture")
    assert response.status_code == 200
    assert project_slugs(response, lang) == AGRICULTURE


def test_filters_combine(client):
    response = client.get("/zh/projects/?industry=agriculture&mode=lease")
    assert project_slugs(response) == {"rice-cold-chain"}


def test_park_filter(client):
    assert project_slugs(client.get("/zh/projects/?park=materials-park")) == {"manganese-sulfate"}


def test_investment_band_filter(client):
    # 3.5亿元 and 1.2亿元 fall in 2亿至10亿元 / 5000万至2亿元; 8000万元 in 5000万至2亿元.
    assert project_slugs(client.get("/zh/projects/?band=200m-1b")) == {"tea-processing"}
    assert project_slugs(client.get("/zh/projects/?band=50m-200m")) == {
        "rice-cold-chain", "manganese-sulfate"}


def test_facet_counts(client):
    response = client.get("/zh/projects/")
    assert facet_count(response, "industry", "agriculture") == 2
    assert facet_count(response, "industry", "materials") == 1
    assert facet_count(response, "status", "open") == 2
    assert facet_count(response, "status", "negotiating") == 1
    assert facet_count(response, "industry", "tourism") in (None, 0)


def test_facet_counts_follow_the_other_selections(client):
    response = client.get("/zh/projects/?industry=agriculture")
    assert facet_count(response, "status", "open") == 2
    assert facet_count(response, "status", "negotiating") in (None, 0)
    assert facet_count(response, "mode", "jv") == 1


@pytest.mark.parametrize("query", ["industry=spaceships", "status=", "mode=%E4%B8%AD",
                                   "unknown=1", "industry=agriculture&industry=zzz"])
def test_unknown_filter_values_are_ignored(client, query):
    response = client.get(f"/zh/projects/?{query}")
    assert response.status_code == 200
    assert project_slugs(response) >= AGRICULTURE


@pytest.mark.parametrize("query", ["page=999", "page=0", "page=-1"])
def test_page_out_of_range_is_404(client, query):
    assert client.get(f"/zh/projects/?{query}").status_code == 404


def test_page_that_is_not_a_number_is_not_an_error(client):
    assert client.get("/zh/projects/?page=abc").status_code in (200, 404)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_spaces_min_area_and_status(client, lang):
    response = client.get(f"/{lang}/spaces/?min_area=1000&status=vacant")
    assert response.status_code == 200
    expected = {uid for uid, (status, area) in UNITS.items() if status == "vacant" and area >= 1000}
    assert unit_ids(response) == expected == {"M1-101", "A-101"}


def test_spaces_lists_every_unit_of_every_park(client):
    assert unit_ids(client.get("/zh/spaces/")) == set(UNITS)


def test_spaces_park_filter(client):
    assert unit_ids(client.get("/zh/spaces/?park=agri-park")) == {"A-101", "A-201", "B-101"}


def test_spaces_max_area(client):
    assert unit_ids(client.get("/zh/spaces/?max_area=1000")) == {"M2-101", "A-201"}


@pytest.mark.parametrize("value", ["abc", "一千", "", "nan", "-5"])
def test_spaces_ignores_a_min_area_that_is_not_a_number(client, value):
    response = client.get("/zh/spaces/", query_string={"min_area": value, "status": "vacant"})
    assert response.status_code == 200
    assert unit_ids(response) == {uid for uid, (status, _) in UNITS.items() if status == "vacant"}


def test_park_page_lists_its_units(client):
    response = client.get("/zh/parks/agri-park/")
    text = page(response).text
    assert {"A-101", "A-201", "B-101"} <= set(re.findall(r"[AB]-\d{3}", text))
    assert "A栋" in text  # decoded from the GB18030 units.csv


def policy_slugs(response, lang="zh"):
    found = set()
    for anchor in page(response).anchors():
        match = re.fullmatch(rf"/{lang}/policies/([a-z0-9-]+)/", anchor.attrs["href"])
        if match:
            found.add(match.group(1))
    return found


@pytest.mark.parametrize(("validity", "expected"), [
    ("current", {"land-support"}), ("expired", {"referral-reward-2023"}),
])
def test_policy_validity_filter(client, validity, expected):
    assert policy_slugs(client.get(f"/zh/policies/?validity={validity}")) == expected


def test_policy_category_filter(client):
    assert policy_slugs(client.get("/en/policies/?category=land"), "en") == {"land-support"}


def test_home_page_lists_only_policies_in_force(client):
    assert policy_slugs(client.get("/zh/")) == {"land-support"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_expired_policy_says_so(client, lang):
    expired = page(client.get(f"/{lang}/policies/referral-reward-2023/")).text
    current = page(client.get(f"/{lang}/policies/land-support/")).text
    words = "不再有效|已失效|已废止|已过期|失效" if lang == "zh" else "no longer in force|expired"
    notice = re.compile(words, re.IGNORECASE)
    assert notice.search(expired)
    # The fixture's own text mentions 失效 only in the expired policy.
    assert not re.search("no longer in force|不再有效", current)
