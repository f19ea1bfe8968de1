"""Ranking that serves an investor, on the sample content: pages before single units, vacant units
first, open projects before signed ones, expired incentives last and labelled; every result shows
its type and status badge as the list pages do."""

import pytest

from .helpers import results

PARKS = ["/zh/parks/new-materials-park/", "/zh/parks/chengbei-industrial-zone/",
         "/zh/parks/xinyuan-agri-park/"]


def hits(client, lang, q, **args):
    """``[(href, [badge texts])]`` of the results page, in order."""
    response = client.get(f"/{lang}/search", query_string={"q": q, **args})
    assert response.status_code == 200
    from ..helpers import page

    found, inside = [], False
    for element in page(response).elements:
        classes = element.attrs.get("class", "").split()
        if element.tag == "li" and "hit" in classes:
            found.append([None, []])
        elif found and element.tag == "span" and "tag" in classes:
            found[-1][1].append(element.text.strip())
        elif found and element.tag == "h2" and "hit-title" in classes:
            inside = True
        elif inside and element.tag == "a":
            found[-1][0], inside = element.attrs["href"], False
    return [tuple(hit) for hit in found]


def every_page(client, lang, q, **args):
    found = []
    for number in range(1, 20):
        response = client.get(f"/{lang}/search", query_string={"q": q, "page": number, **args})
        if response.status_code == 404:
            return found
        found += hits(client, lang, q, page=number, **args)
    raise AssertionError("more than 19 pages")


def test_pages_about_factories_come_before_single_units(sample_client):
    first_page = [href for href, _ in hits(sample_client, "zh", "厂房")]
    assert all(park in first_page for park in PARKS)
    assert "/zh/policies/factory-rent-support/" in first_page
    assert not any("#unit-" in href for href in first_page)
    found = [href for href, _ in every_page(sample_client, "zh", "厂房")]
    first_unit = next(i for i, href in enumerate(found) if "#unit-" in href)
    assert all("#unit-" in href or "/policies/" in href for href in found[first_unit:])


def test_units_vacant_then_reserved_then_leased(sample_client):
    order = {"空置": 0, "已预订": 1, "已出租": 2}
    statuses = [badges[1] for _, badges in every_page(sample_client, "zh", "厂房", type="units")]
    assert len(set(statuses)) == 3
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)


def test_a_query_naming_a_unit_finds_that_unit_first(sample_client):
    assert hits(sample_client, "zh", "3-301")[0][0].endswith("#unit-3-301")


def test_open_projects_come_before_signed_ones(sample_client):
    found = hits(sample_client, "zh", "锰")
    projects = [(href, badges) for href, badges in found if "/projects/" in href]
    statuses = [badges[1] for _, badges in projects]
    assert "已签约" in statuses and "招商中" in statuses
    assert statuses.index("已签约") == len(statuses) - 1


@pytest.mark.parametrize("lang,q,label", [("zh", "招商引资", "已失效"), ("en", "referral", "Expired")])
def test_an_expired_incentive_comes_last_and_is_labelled(sample_client, lang, q, label):
    found = hits(sample_client, lang, q)
    expired = [i for i, (href, _) in enumerate(found) if "referral-reward-2023" in href]
    assert expired, found
    assert expired[0] == len(found) - 1 or len(found) == 10  # last (of page 1, if it is full)
    assert label in found[expired[0]][1]
    in_force = [badges for href, badges in found if "/policies/" in href and "referral" not in href]
    assert all(label not in badges for badges in in_force)


@pytest.mark.parametrize("lang,q,href,badges", [
    ("zh", "富硒茶加工", "/zh/projects/fuxi-tea-processing/", ["招商项目", "招商中"]),
    ("en", "manganese sulfate", "/en/projects/high-purity-manganese-sulfate/", ["Projects", "Signed"]),
    ("zh", "3-301", "/zh/parks/new-materials-park/#unit-3-301", ["厂房单元"]),
    ("en", "factory rent", "/en/policies/factory-rent-support/", ["Incentives"]),
])
def test_every_result_shows_its_type_and_status(sample_client, lang, q, href, badges):
    found = dict(hits(sample_client, lang, q))
    assert found[href][:len(badges)] == badges
    if "#unit-" in href:
        assert found[href][1] in {"空置", "已预订", "已出租"}


def test_one_result_is_singular(sample_client):
    _, found, page = results(sample_client, "en", "rafting")
    assert len(found) == 1
    assert page.find_all("p", **{"class": "result-count"})[0].text.strip() == "1 result"
    _, found, page = results(sample_client, "en", "Baishi")
    assert page.find_all("p", **{"class": "result-count"})[0].text.strip() == f"{len(found)} results"
