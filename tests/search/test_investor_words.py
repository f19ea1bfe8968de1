"""Issue 18: the words investors type find what the county offers, with the figures they look
for; English results read as the English site does; pinyin finds a new project's title."""

import pytest

from portal.search.documents import FACT_NAMES

from .helpers import hrefs, results

RESORT = "projects/wellness-resort/"
ELDERLY = "projects/elderly-care-center/"
TOURISM = "projects/ancient-town-tourism/"
PRD_OFFICE = "contact/prd-office/"
COSTS = "environment/"
PARKS = ("parks/new-materials-park/", "parks/chengbei-industrial-zone/", "parks/xinyuan-agri-park/")
POWER_PRICE = ("parks/new-materials-park/", COSTS)  # the park that gives its power price
FACTORY_PAGES = ("policies/factory-rent-support/", "news/2026-11-16-materials-park-units-ready/",
                 *PARKS)

# What the county offers, in the words of a mainland, a Hong Kong or Taiwan and an English
# reader: (language, query, pages of which one must be among the first three results).
EVERYDAY_WORDS = [
    # resort
    ("zh", "度假村", [RESORT]), ("zh-hant", "渡假村", [RESORT]), ("zh-hant", "度假村", [RESORT]),
    ("en", "resort", [RESORT]),
    # elderly care
    ("zh", "养老院", [ELDERLY]), ("zh-hant", "安老院", [ELDERLY]), ("zh-hant", "老人院", [ELDERLY]),
    ("zh-hant", "養老院", [ELDERLY]), ("zh-hant", "長者", [ELDERLY]), ("en", "nursing home", [ELDERLY]),
    ("en", "aged care", [ELDERLY]),
    # hot spring: the county's resort offer
    ("zh", "温泉", [RESORT]), ("zh-hant", "溫泉", [RESORT]), ("en", "hot spring", [RESORT]),
    # eco-tourism
    ("zh", "生态旅游", [TOURISM, "projects/tea-culture-town/"]),
    ("zh-hant", "生態旅遊", [TOURISM, "projects/tea-culture-town/"]),
    ("en", "eco-tourism", [TOURISM, "projects/tea-culture-town/", "projects/qinglan-river-rafting/"]),
    # Hong Kong capital
    ("zh", "港资", [PRD_OFFICE]), ("zh-hant", "港資", [PRD_OFFICE]),
    ("en", "Hong Kong investors", [PRD_OFFICE]),
    # industrial building
    ("zh", "工厦", FACTORY_PAGES), ("zh-hant", "工廈", FACTORY_PAGES),
    ("en", "industrial building", FACTORY_PAGES),
    # land price
    ("zh", "地价", PARKS), ("zh-hant", "土地價格", PARKS), ("en", "land price", PARKS),
    # power price
    ("zh", "电价", POWER_PRICE), ("zh-hant", "電費", POWER_PRICE), ("en", "electricity", PARKS),
    ("en", "power price", POWER_PRICE),
    # labour and wages
    ("zh", "工资", [COSTS]), ("zh-hant", "勞動力", [COSTS, "policies/factory-rent-support/"]),
    ("zh-hant", "人工成本", [COSTS]), ("en", "wages", [COSTS]), ("en", "labour", [COSTS]),
]


@pytest.mark.parametrize("lang,query,wanted", EVERYDAY_WORDS,
                         ids=[f"{lang}-{query}" for lang, query, _ in EVERYDAY_WORDS])
def test_the_words_investors_use_find_what_the_county_offers(sample_client, lang, query, wanted):
    found = hrefs(sample_client, lang, query)[:3]
    assert any(href == f"/{lang}/{page}" for href in found for page in wanted), found


def test_an_hong_kong_word_for_factories_finds_factories_not_offices(sample_client):
    # 工廈 is cut into 工 and 廈: apart, they were found in 工作 and 財富大廈 of the two
    # resident offices, and nothing else was.
    found = hrefs(sample_client, "zh-hant", "工廈")
    assert len(found) > 2
    assert not {"/zh-hant/contact/prd-office/", "/zh-hant/contact/yrd-office/"} & set(found)


def snippet_of(parsed, href):
    """The snippet text of the hit whose title links to ``href``, without spaces (the page
    reader puts one around every marked word)."""
    hits, current = {}, None
    for element in parsed.elements:
        if element.tag == "a" and element.attrs.get("href", "").startswith("/") and current is None:
            current = element.attrs["href"]
        if element.tag == "p" and element.attrs.get("class") == "snippet" and current:
            hits.setdefault(current, element.text)
            current = None
        if element.tag == "li" and element.attrs.get("class") == "hit":
            current = None
    return "".join(hits.get(href, "").split())


@pytest.mark.parametrize("lang,query,park,figure", [
    ("en", "land price", "parks/new-materials-park/", "Industrial land price: CNY 180,000 per mu"),
    ("zh", "土地价格", "parks/new-materials-park/", "工业用地价格：18万元/亩"),
    ("zh-hant", "土地價格", "parks/chengbei-industrial-zone/", "工業用地價格：15萬元/畝"),
    # From the fact's name, not from the middle of its line.
    ("zh", "电价", "parks/new-materials-park/",
     "…供电：220kV岚桥变电站距园区2公里，110kV双回路供电，大工业用电约0.52元/kWh"),
    ("en", "electricity", "parks/xinyuan-agri-park/", "Power: 35 kV park substation"),
    ("en", "distances", "parks/new-materials-park/", "Qinglan county seat 6 km"),
    ("zh", "水价", "parks/new-materials-park/", "工业用水3.2元/吨"),
])
def test_a_fact_of_a_park_is_found_with_its_figure_in_the_snippet(sample_client, lang, query, park,
                                                                  figure):
    _, found, parsed = results(sample_client, lang, query)
    href = f"/{lang}/{park}"
    assert href in [h for h, _ in found]
    assert "".join(figure.split()) in snippet_of(parsed, href)


@pytest.mark.parametrize("lang,query,figure", [
    ("en", "land price", "Industrial land price: CNY 180,000 per mu"),
    ("en", "transport", "Qinglan county seat 6 km"),
    ("zh", "租金", "厂房租金：8–15元/㎡/月"),
    ("zh-hant", "交通區位", "交通區位：青嵐縣城 6 km"),
])
def test_the_fixture_parks_facts_are_found_by_their_names(client, lang, query, figure):
    # The fixture tree has no synonyms: the names the park page gives its facts find them.
    _, found, parsed = results(client, lang, query)
    href = f"/{lang}/parks/materials-park/"
    assert href in [h for h, _ in found]
    assert "".join(figure.split()) in snippet_of(parsed, href)


def test_english_snippets_write_sums_and_areas_as_the_english_site_does(sample_client):
    _, found, parsed = results(sample_client, "en", "total investment")
    snippet = snippet_of(parsed, f"/en/{RESORT}")
    assert "Totalinvestment:CNY960million" in snippet
    texts = [e.text for e in parsed.find_all("p", **{"class": "snippet"})]
    assert texts and not any("亿元" in t or "万元" in t for t in texts)
    _, _, parsed = results(sample_client, "en", "1-101")
    unit = parsed.find_all("p", **{"class": "snippet"})[0].text
    assert "5,800 m²" in unit and "㎡" not in unit


@pytest.mark.parametrize("query", ["manganse", "factory for rent", "standard factory buildings"])
def test_a_highlighted_title_is_one_mark_per_run_of_matched_words(sample_client, query):
    response, found, parsed = results(sample_client, "en", query)
    assert found
    html = response.get_data(as_text=True)
    assert "</mark><mark>" not in html
    if "factory" in query:
        assert "<mark>Factory Buildings</mark>" in html


def test_a_real_word_is_not_corrected_to_another_word(client):
    # The fixture tree has no synonyms and no "wages"; it has "pages", a first letter away,
    # and "water", two letters away.
    _, found, parsed = results(client, "en", "wages")
    assert found == [] and "Did you mean" not in parsed.text
    assert not [a for a in parsed.find_all("a") if "q=pages" in a.attrs.get("href", "")
                or "q=water" in a.attrs.get("href", "")]


def test_a_word_with_synonyms_is_not_corrected_as_a_typo(sample_client):
    _, found, parsed = results(sample_client, "en", "wages")
    assert "Did you mean" not in parsed.text
    assert found[0][0] == f"/en/{COSTS}"


def test_a_typo_is_still_corrected(sample_client, client):
    for c in (sample_client, client):
        _, found, parsed = results(c, "en", "manganse")
        assert found and "Did you mean" in parsed.text


@pytest.mark.parametrize("lang,other", [("zh", "英文"), ("zh-hant", "英文"), ("en", "other language")])
def test_the_empty_page_suggests_in_the_visitors_own_language(sample_client, lang, other):
    _, found, parsed = results(sample_client, lang, "zzqqxx")
    assert found == []
    assert other not in parsed.text  # a Chinese reader is not sent to English, nor the reverse
    popular = [a.text for a in parsed.find_all("a") if "/search?q=" in a.attrs.get("href", "")
               and "zzqqxx" not in a.attrs.get("href", "")]
    if lang == "en":
        assert "New materials" in popular
    else:
        assert "新材料" in popular and ("新農業" if lang == "zh-hant" else "新农业") in popular


TEA_POLYPHENOL = """---
title: 富硒茶多酚提取项目
summary: 利用夏秋茶和修剪叶，建设提取生产线，年产提取物150吨。
industry: 新农业
park: agri-park
location: 青岚县富硒农业产业园
total_investment: 1.2亿元
cooperation_modes: [独资, 合资]
status: 招商中
maturity: 项目简介
construction_content: 新建提取车间一座。
construction_conditions: 园区“七通一平”已完成。
market_outlook: 茶提取物市场需求旺盛。
benefits:
  annual_output: 2亿元
  annual_tax: 1200万元
  jobs: 120
  payback_years: 5
figures_basis: 项目简介估算 2026
desk: agri-team
department: 县农业农村局
updated: 2026-11-20
---
## 项目概况

年产提取物150吨。
"""


def test_the_pinyin_of_a_new_projects_title_finds_it(make_app, search_copy):
    # 富硒茶 is one of the bureau's words, kept whole: the title is cut 富硒茶 多 酚, and
    # 茶多酚 (tea polyphenols), in no other text of the project, had no pinyin.
    app = make_app(search_copy)
    client = app.test_client()
    folder = search_copy / "projects" / "tea-polyphenol"
    folder.mkdir()
    (folder / "index.zh.md").write_text(TEA_POLYPHENOL, encoding="utf-8")
    app.extensions["content"].publish(force=True)  # as the editor's publish does
    for lang in ("zh", "zh-hant"):
        for query in ("chaduofen", "cha duo fen", "cdf", "fuxicha"):
            assert f"/{lang}/projects/tea-polyphenol/" in hrefs(client, lang, query)[:3], (lang, query)



@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_facts_are_searched_under_the_names_their_pages_show(sample_client, lang):
    # documents.FACT_NAMES repeats the labels of the park and project pages: they must agree.
    shown = sample_client.get(f"/{lang}/parks/new-materials-park/").get_data(as_text=True)
    shown += sample_client.get(f"/{lang}/{RESORT}").get_data(as_text=True)
    assert [name for name in FACT_NAMES[lang].values() if f">{name}<" not in shown] == []
