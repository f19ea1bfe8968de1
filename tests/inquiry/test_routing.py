"""Every inquiry reaches a named desk: the item's desk, the chosen desk, the industry's team,
the region's resident office, else the bureau. Desks declare what they serve in content."""

import pytest

from portal.content.store import load_content
from portal.leads.regions import ALL_CODES, chinese_names, serves
from portal.inquiry.routing import Route, route

OFFICE = """---
name: 驻珠三角招商办事处
summary: 面向广东、香港、澳门的企业开展驻点招商。
kind: office
regions: [广东, 珠三角, 香港]
address: 深圳市福田区福华三路88号
phone: 0755-83268817
email: prd@qinglan.gov.cn
updated: 2026-10-20
---
驻珠三角招商办事处。
"""
CHAMBER = OFFICE.replace("kind: office", "kind: chamber").replace("prd@", "chamber@").replace(
    "regions: [广东, 珠三角, 香港]", "regions: [广东, 上海]")


def with_desk(root, slug, text):
    (root / "desks" / slug).mkdir()
    (root / "desks" / slug / "index.zh.md").write_text(text, encoding="utf-8")


@pytest.fixture
def content(content_copy):
    with_desk(content_copy, "prd-office", OFFICE)
    with_desk(content_copy, "sz-chamber", CHAMBER)
    loaded, problems = load_content(content_copy)
    assert [p for p in problems if p.severity == "error"] == []
    return loaded


@pytest.mark.parametrize("answers,expected", [
    ({"item": "project:manganese-sulfate", "industry": "agriculture", "region": "CN-GD"},
     Route("materials-team", "item")),
    ({"item": "park:agri-park"}, Route("agri-team", "item")),
    ({"item": "unit:materials-park/M2-101", "industry": "agriculture"}, Route("materials-team", "item")),
    ({"desk": "prd-office", "industry": "agriculture"}, Route("prd-office", "desk")),
    ({"industry": "agriculture", "region": "CN-GD"}, Route("agri-team", "industry")),
    ({"industry": "tourism", "region": "CN-GD"}, Route("prd-office", "region")),
    ({"region": "HK"}, Route("prd-office", "region")),
    ({"region": "CN-SH"}, Route("bureau", "bureau")),  # only a chamber serves Shanghai
    ({"desk": "sz-chamber"}, Route("bureau", "bureau")),  # chambers are partners, not desks
    ({}, Route("bureau", "bureau")),
    ({"item": "project:no-such-project", "industry": "weapons", "region": "XX"}, Route("bureau", "bureau")),
])
def test_the_routing_rule(content, answers, expected):
    assert route(content, **answers) == expected


def test_a_content_edit_changes_the_routing(content_copy):
    with_desk(content_copy, "prd-office", OFFICE.replace("[广东, 珠三角, 香港]", "[长三角]"))
    content, _ = load_content(content_copy)
    assert route(content, region="CN-ZJ") == Route("prd-office", "region")
    assert route(content, region="CN-GD") == Route("bureau", "bureau")


@pytest.mark.parametrize("code,names", [
    ("CN-GD", {"广东", "广东省", "珠三角", "粤港澳大湾区"}),
    ("CN-SH", {"上海", "上海市", "长三角"}),
    ("CN-GX", {"广西", "广西自治区"}),
    ("HK", {"中国香港", "香港", "香港特别行政区", "粤港澳大湾区"}),
    ("SG", {"新加坡"}),
    ("OTHER", set()),
])
def test_regions_are_matched_by_the_names_staff_write(code, names):
    assert chinese_names(code) == names


def test_every_offered_region_has_a_name_in_both_languages():
    from portal.leads.regions import label

    for code in ALL_CODES - {"OTHER"}:
        assert label(code, "zh") and label(code, "en"), code
    assert serves([" 江苏 "], "CN-JS") and not serves(["江苏"], "CN-ZJ")
