"""Search on the shipped sample content, as investors type: each query and the item that must be
among its first three results. Failing rows say what an investor would have missed."""

import pytest

from .helpers import hrefs

QUERIES = [
    # unspaced Chinese compounds
    ("zh", "富硒茶加工", "projects/fuxi-tea-processing"),
    ("zh", "康养旅游", "projects/wellness-resort"),
    ("zh", "标准化厂房招商", "policies/factory-rent-support"),
    ("zh", "锰基电池材料", "projects/manganese-deep-processing"),
    ("zh", "森林康养度假", "projects/wellness-resort"),
    ("zh", "电解锰深加工", "projects/manganese-deep-processing"),
    ("zh", "硫酸锰", "projects/high-purity-manganese-sulfate"),
    ("zh", "锰酸锂正极材料", "projects/lithium-manganate-cathode"),
    ("zh", "冷链物流中心", "projects/selenium-produce-cold-chain"),
    ("zh", "古镇旅游开发", "projects/ancient-town-tourism"),
    ("zh", "漂流项目", "projects/qinglan-river-rafting"),
    ("zh", "医养结合养老", "projects/elderly-care-center"),
    ("zh", "中药材饮片加工", "projects/herbal-medicine-processing"),
    ("zh", "茶文化小镇", "projects/tea-culture-town"),
    ("zh", "富硒食品产业园", "projects/selenium-food-park"),
    ("zh", "厂房租金补贴", "policies/factory-rent-support"),
    ("zh", "工业用地保障", "policies/industrial-land-support"),
    ("zh", "代办服务", "policies/proxy-approval-service"),
    ("zh", "点状供地", "projects/wellness-resort"),  # an incentive the project page lists
    ("zh", "引荐奖励", "policies/referral-reward-2023"),
    ("zh", "人才引进", "policies/talent-attraction"),
    ("zh", "西部大开发税收优惠", "policies/western-development-tax"),
    ("zh", "城北工业集中区", "parks/chengbei-industrial-zone"),
    ("zh", "新材料产业园", "parks/new-materials-park"),
    ("zh", "深圳商会", "contact/shenzhen-chamber"),
    ("zh", "长三角办事处", "contact/yrd-office"),
    # traditional characters
    ("zh", "標準化廠房", "policies/factory-rent-support"),
    ("zh", "富硒茶加工項目", "projects/fuxi-tea-processing"),
    ("zh", "康養", "projects/wellness-resort"),
    # pinyin, in full, spaced and as initials
    ("zh", "qinglan", "projects/qinglan-river-rafting"),
    ("zh", "fuxicha", "projects/fuxi-tea-processing"),
    ("zh", "fu xi cha", "projects/fuxi-tea-processing"),
    ("zh", "xcl", "parks/new-materials-park"),
    ("zh", "xincailiao", "parks/new-materials-park"),
    ("zh", "kangyang", "projects/wellness-resort"),
    ("zh", "chengbei", "parks/chengbei-industrial-zone"),
    # English with typos and plurals
    ("en", "manganse", "projects/manganese-deep-processing"),
    ("en", "tourisum", "projects/ancient-town-tourism"),
    ("en", "factroy", "policies/factory-rent-support"),
    ("en", "factories", "policies/factory-rent-support"),
    ("en", "cold chains", "projects/selenium-produce-cold-chain"),
    ("en", "wellness resorts", "projects/wellness-resort"),
    ("en", "manufacturing", "policies/western-development-tax"),
    ("en", "selenium tea processing", "projects/fuxi-tea-processing"),
    ("en", "rent-free factory", "policies/factory-rent-support"),
    # synonyms and abbreviations, both ways
    ("zh", "港澳", "contact/prd-office"),
    ("en", "WFOE", "projects/fuxi-tea-processing"),
    ("zh", "养老", "projects/elderly-care-center"),
    ("en", "Hong Kong", "contact/prd-office"),
    ("zh", "厂房", "policies/factory-rent-support"),
    ("en", "workshop", "projects/fuxi-tea-processing"),
    ("zh", "wellness", "projects/wellness-resort"),
    ("en", "康养", "projects/wellness-resort"),
    ("zh", "外资", "projects/fuxi-tea-processing"),
    ("zh", "factory", "policies/factory-rent-support"),
    ("zh", "车间", "parks/xinyuan-agri-park"),
    ("en", "foreign investment", "projects/fuxi-tea-processing"),
    ("zh", "大健康", "projects/wellness-resort"),
    ("en", "Macau", "contact/prd-office"),
    ("zh", "免租", "policies/factory-rent-support"),
    ("en", "subsidies", "policies/selenium-agri-processing-subsidy"),
    ("zh", "投促局", "contact/bureau"),
    ("en", "TCM", "projects/herbal-medicine-processing"),
    # mixed languages
    ("en", "锰 battery", "projects/lithium-manganate-cathode"),
    ("en", "富硒 tea", "projects/fuxi-tea-processing"),
    ("zh", "tea 加工", "projects/fuxi-tea-processing"),
    ("zh", "rafting 漂流", "projects/qinglan-river-rafting"),
]


@pytest.mark.parametrize("lang,q,item", QUERIES, ids=[f"{lang}:{q}" for lang, q, _ in QUERIES])
def test_the_item_is_in_the_first_three_results(sample_client, lang, q, item):
    first = hrefs(sample_client, lang, q)[:3]
    assert f"/{lang}/{item}/" in first, first


def test_the_table_covers_every_way_of_typing():
    assert len(QUERIES) >= 40
    assert len({q for _, q, _ in QUERIES}) == len(QUERIES)
