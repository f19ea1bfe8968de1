"""Compare 2–4 parks or units: the same facts side by side, differences marked, a shareable
address; too few, too many or unknown items get a clear page in the visitor's language."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..helpers import page

PARK = "new-materials-park"
UNITS = [f"{PARK}/6-101", f"{PARK}/5-201", f"{PARK}/5-301", "chengbei-industrial-zone/A-301",
         f"{PARK}/3-301"]


def columns(response):
    head = response.text.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col"><a href="([^"]+)">', head)


def rows(response):
    """``{label: (values, differs)}`` of the compare table."""
    found = {}
    for classes, tr in re.findall(r'<tr(?: class="([^"]*)")?>\s*(.*?)</tr>', response.text, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        label = re.sub(r"<.*", "", cells[0]).strip()
        found[label] = ([re.sub(r"<[^>]+>", "", c).strip() for c in cells[1:]],
                        "differs" in classes.split())
    return found


def cell_links(response, label):
    """The links in each cell of the row ``label``: ``[[href, …] per column]``."""
    tr = next(t for t in re.findall(r"<tr[^>]*>\s*(.*?)</tr>", response.text, re.S)
              if re.sub(r"<.*", "", re.findall(r"<th[^>]*>(.*?)</th>", t, re.S)[0]).strip() == label)
    return [re.findall(r'<a href="([^"]+)"', cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_parks(sample_client, lang):
    response = sample_client.get(f"/{lang}/compare/?parks={PARK},xinyuan-agri-park")
    assert response.status_code == 200
    assert columns(response) == [f"/{lang}/parks/{PARK}/", f"/{lang}/parks/xinyuan-agri-park/"]
    table = rows(response)
    level = "Park level" if lang == "en" else next(k for k in table if "级" in k or "Park" in k)
    assert len(table[level][0]) == 2
    assert all(len(values) == 2 for values, _d in table.values())


def test_three_parks_mark_what_differs_with_a_class_and_a_text_marker(sample_client):
    response = sample_client.get(
        f"/en/compare/?parks={PARK},chengbei-industrial-zone,xinyuan-agri-park")
    table = rows(response)
    values, differs = table["Total area"]
    assert differs and len(set(values)) == 3
    assert '<tr class="differs">' in response.text and "≠" in response.text
    assert "(differs)" in page(response).text  # said in words too, not only by colour


def test_rows_that_agree_are_not_marked(sample_client):
    response = sample_client.get(f"/en/compare/?units={PARK}/5-201,{PARK}/5-102")
    values, differs = rows(response)["Park"]
    assert values[0] == values[1] and not differs
    assert rows(response)["Area"][1]  # 5,400 against 1,800 m²


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("count", [2, 4])
def test_two_and_four_units(sample_client, lang, count):
    response = sample_client.get(f"/{lang}/compare/?units={','.join(UNITS[:count])}")
    assert response.status_code == 200
    expected = [f"/{lang}/parks/{key.split('/')[0]}/units/{key.split('/')[1]}/"
                for key in UNITS[:count]]
    assert columns(response) == expected
    assert f'href="/{lang}/inquiry/?unit={quote(UNITS[0], safe="")}"' in response.text or \
        f'href="/{lang}/inquiry/?unit={UNITS[0]}"' in response.text


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "5 units were chosen, but at most 4"), ("zh", None)])
def test_five_units_are_refused_clearly(sample_client, lang, words):
    response = sample_client.get(f"/{lang}/compare/?units={','.join(UNITS)}")
    assert response.status_code == 400
    text = page(response).text
    assert "5" in text and "<table" not in response.text
    if words:
        assert words in text
    assert f'href="/{lang}/spaces/"' in response.text


@pytest.mark.parametrize("query", [f"units={UNITS[0]}", f"parks={PARK}", "", "parks=",
                                   f"units={UNITS[0]},{UNITS[0]}", f"parks={PARK}&units={UNITS[0]}"])
def test_too_few_or_mixed_is_a_400(sample_client, query):
    response = sample_client.get(f"/en/compare/?{query}", follow_redirects=True)  # a,a → a
    assert response.status_code == 400
    assert "<table" not in response.text


@pytest.mark.parametrize(("lang", "query", "named"), [
    ("en", f"parks={PARK},no-such-park", "no-such-park"),
    ("zh", f"parks={PARK},no-such-park", "no-such-park"),
    ("en", f"units={UNITS[0]},{PARK}/Z-999", f"{PARK}/Z-999"),
    ("en", f"units={UNITS[0]},nowhere/1-101", "nowhere/1-101"),
    ("en", f"units={UNITS[0]},{PARK}", PARK),
])
def test_unknown_items_are_a_404_naming_them(sample_client, lang, query, named):
    response = sample_client.get(f"/{lang}/compare/?{query}")
    assert response.status_code == 404
    assert named in page(response).text
    assert page(response).lang.startswith("zh" if lang == "zh" else "en")


def test_unknown_names_are_escaped(sample_client):
    response = sample_client.get(f"/en/compare/?parks={PARK},<script>x</script>")
    assert response.status_code == 404
    assert "<script>x</script>" not in response.text and "&lt;script&gt;" in response.text


def test_checkboxes_send_repeated_arguments_and_get_the_short_address(sample_client):
    response = sample_client.get(f"/en/compare/?units={UNITS[0]}&units={UNITS[1]}&x=1")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/compare/?units={UNITS[0]},{UNITS[1]}")


def test_the_parks_list_offers_parks_to_compare(sample_client):
    html = sample_client.get("/en/parks/").text
    form = html.split('<form method="get" action="/en/compare/"', 1)[1].split("</form>", 1)[0]
    assert f'name="parks" value="{PARK}"' in form


ROW_NAMES = {  # issue 18: what a unit costs beyond its rent, and what the investor gets
    "en": ("Rent-free period", "Park power supply", "Incentives that apply"),
    "zh": ("免租期", "园区供电", "适用的优惠政策"),
    "zh-hant": ("免租期", "園區供電", "適用的優惠政策"),
}


@pytest.mark.parametrize("lang", ["zh", "zh-hant", "en"])
def test_units_show_rent_free_terms_power_price_and_incentives(sample_client, lang):
    response = sample_client.get(f"/{lang}/compare/?units={UNITS[0]},chengbei-industrial-zone/A-301")
    table = rows(response)
    rent_free, power, incentives = ROW_NAMES[lang]
    free_terms, differs = table[rent_free]
    assert differs and all(free_terms)  # each park's own terms: 2 years against 1 year rent-free
    assert re.search(r"2\s*(years|年)", free_terms[0]) and re.search(r"year 1|第1年", free_terms[1])
    prices = table[power][0]
    assert "0.52" in prices[0] and "kWh" in prices[0]  # the new-materials park's power price
    links = cell_links(response, incentives)
    assert all(links) and all(href.startswith(f"/{lang}/policies/") for cell in links for href in cell)
    assert f"/{lang}/policies/factory-rent-support/" in links[0]
    assert links[0] == links[1]  # the same policies in the same order: the row is not marked
    assert not table[incentives][1]


def test_parks_show_the_incentives_that_apply(sample_client):
    response = sample_client.get(f"/en/compare/?parks={PARK},xinyuan-agri-park")
    links = cell_links(response, "Incentives that apply")
    assert len(links) == 2 and all(links)
    assert "/en/policies/industrial-land-support/" in links[0]


@pytest.mark.parametrize("lang", ["zh", "zh-hant", "en"])
@pytest.mark.parametrize("query", [f"units={UNITS[0]},{UNITS[1]}", f"parks={PARK},xinyuan-agri-park"])
def test_the_comparison_has_the_share_box_with_its_address_and_qr_code(sample_client, lang, query):
    response = sample_client.get(f"/{lang}/compare/?{query}")
    box = response.text.split('<aside class="share-box', 1)[1].split("</aside>", 1)[0]
    assert f'href="http://localhost/{lang}/compare/?{query}"' in box
    assert "/qr.svg?path=" in box and "/qr.png?path=" in box
    assert 'href="#share-h"' in response.text  # the sentence above the table leads to it


def test_a_refused_comparison_offers_nothing_to_share(sample_client):
    response = sample_client.get(f"/en/compare/?units={UNITS[0]}")
    assert response.status_code == 400 and "share-box" not in response.text


def test_the_table_scrolls_in_a_focusable_region(sample_client):
    response = sample_client.get(f"/zh/compare/?units={UNITS[0]},{UNITS[1]}")
    region = [e for e in page(response).elements if "compare-scroll" in e.attrs.get("class", "")][0]
    assert region.attrs["tabindex"] == "0" and region.attrs["role"] == "region"
    assert region.attrs["aria-label"]


KEYS = st.one_of(st.sampled_from(UNITS + [PARK, "xinyuan-agri-park", "", ",", "/", "a/b/c"]),
                 st.text(max_size=20))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parks=st.lists(KEYS, max_size=6), units=st.lists(KEYS, max_size=6),
       lang=st.sampled_from(["zh", "en"]))
def test_hostile_query_strings_never_fail(sample_app, parks, units, lang):
    query = [("parks", p) for p in parks] + [("units", u) for u in units]
    response = sample_app.test_client().get(f"/{lang}/compare/", query_string=query)
    assert response.status_code in (200, 302, 400, 404)
