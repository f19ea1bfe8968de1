"""Every inquiry reaches a named desk: the chosen desk, the item's desk, the industry's team,
the region's resident office, else the bureau; the item's owner and a desk speaking the
inquiry's language get copies. Desks declare what they serve in content."""

import pytest

from portal.content.store import load_content
from portal.inquiry.routing import Copy, Route, language_codes, route
from portal.leads.regions import ALL_CODES, chinese_names, serves

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
    ({"desk": "prd-office", "item": "park:agri-park"},
     Route("prd-office", "desk", (Copy("agri-team", "item"),))),  # the visitor's choice stays
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


TEAM_EN = """---
name: 富硒产业招商专班
summary: 富硒茶和富硒食品项目的外商对接。
kind: team
industries: [agriculture]
languages: [中文, English]
address: 青岚县城关镇人民路88号
phone: 0915-8812361
email: selenium@qinglan.gov.cn
weight: 200
updated: 2026-10-01
---
富硒产业招商专班。
"""
EAST_OFFICE = OFFICE.replace("name: 驻珠三角招商办事处", "name: 驻长三角招商办事处").replace(
    "regions: [广东, 珠三角, 香港]", "regions: [长三角]").replace("prd@", "yrd@").replace(
    "updated:", "weight: 30\nlanguages: [中文]\nupdated:")
SHANGHAI_OFFICE = OFFICE.replace("name: 驻珠三角招商办事处", "name: 驻上海联络处").replace(
    "regions: [广东, 珠三角, 香港]", "regions: [上海]").replace("prd@", "sh@").replace(
    "updated:", "weight: 40\nlanguages: [中文, English]\nupdated:")
SPEAKING_OFFICE = OFFICE.replace("updated:", "weight: 20\nlanguages: [中文, 粤语, English]\nupdated:")


def speaking_desks(root):
    """The fixture tree, plus: a Cantonese and English speaking office for Guangdong and Hong
    Kong, a Chinese-only office for the Yangtze delta with an English-speaking one for Shanghai
    beside it, an English-speaking agriculture team after the Chinese-only one, a chamber, and
    an e-mail for the materials team. The bureau speaks Chinese and English."""
    with_desk(root, "prd-office", SPEAKING_OFFICE)
    with_desk(root, "sz-chamber", CHAMBER)
    with_desk(root, "yrd-office", EAST_OFFICE)
    with_desk(root, "sh-office", SHANGHAI_OFFICE)
    with_desk(root, "selenium-team", TEAM_EN)
    path = root / "desks" / "materials-team" / "index.zh.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "phone: 0915-8812370\n", "phone: 0915-8812370\nemail: materials@qinglan.gov.cn\n"), encoding="utf-8")
    return root


@pytest.fixture
def speaking(content_copy):
    loaded, problems = load_content(speaking_desks(content_copy))
    assert [p for p in problems if p.severity == "error"] == []
    return loaded


def item(desk):
    return Copy(desk, "item")


def language(desk):
    return Copy(desk, "language")


# explicit desk × item owned by another desk × industry × region × language (with and without a
# desk speaking it): (answers, lang, addressee, rule, copies)
RICE, MANGANESE, TEA = "project:rice-cold-chain", "project:manganese-sulfate", "project:tea-processing"
TABLE = [
    ({"desk": "prd-office", "item": RICE}, "en", "prd-office", "desk", [item("agri-team")]),
    ({"desk": "prd-office", "item": RICE}, "zh", "prd-office", "desk", [item("agri-team")]),
    ({"desk": "agri-team", "item": MANGANESE}, "en", "agri-team", "desk",
     [item("materials-team"), language("selenium-team")]),  # neither speaks English: a neighbour does
    ({"desk": "agri-team", "item": "park:agri-park"}, "en", "agri-team", "desk", [language("selenium-team")]),
    ({"desk": "agri-team", "item": "park:agri-park"}, "zh", "agri-team", "desk", []),  # its own item
    ({"desk": "bureau", "item": MANGANESE}, "en", "bureau", "desk", [item("materials-team")]),
    ({"desk": "materials-team", "item": RICE, "industry": "agriculture",
      "region": "HK"}, "en", "materials-team", "desk", [item("agri-team"), language("selenium-team")]),
    ({"desk": "sz-chamber", "item": TEA}, "en", "agri-team", "item",
     [language("selenium-team")]),  # a chamber cannot be addressed
    ({"item": TEA, "region": "HK"}, "en", "agri-team", "item", [language("selenium-team")]),
    ({"item": TEA, "region": "HK"}, "zh", "agri-team", "item", []),
    ({"item": "unit:materials-park/M2-101", "industry": "agriculture"}, "en", "materials-team", "item",
     [language("selenium-team")]),  # a team serving the visitor's industry speaks English
    ({"item": "unit:materials-park/M2-101"}, "en", "materials-team", "item",
     [language("bureau")]),  # no team serving materials speaks English: the bureau
    ({"industry": "agriculture"}, "en", "agri-team", "industry", [language("selenium-team")]),
    ({"industry": "materials", "region": "CN-GD"}, "en", "materials-team", "industry", [language("bureau")]),
    ({"industry": "materials", "region": "CN-GD"}, "zh", "materials-team", "industry", []),
    ({"industry": "tourism", "region": "CN-GD"}, "en", "prd-office", "region", []),  # it speaks English
    ({"region": "HK"}, "zh", "prd-office", "region", []),
    ({"region": "CN-SH"}, "en", "yrd-office", "region", [language("sh-office")]),  # the office beside it
    ({"region": "CN-JS"}, "en", "yrd-office", "region", [language("bureau")]),  # none beside it for Jiangsu
    ({"region": "CN-JS"}, "zh", "yrd-office", "region", []),
    ({"desk": "yrd-office", "item": "park:materials-park", "region": "CN-SH"}, "en", "yrd-office", "desk",
     [item("materials-team"), language("sh-office")]),
    ({}, "en", "bureau", "bureau", []),
    ({}, "zh", "bureau", "bureau", []),
]


@pytest.mark.parametrize("answers,lang,desk,rule,copies", TABLE)
def test_the_routing_table(speaking, answers, lang, desk, rule, copies):
    assert route(speaking, lang=lang, **answers) == Route(desk, rule, tuple(copies), lang)


@pytest.mark.parametrize("names,codes", [
    (["中文", "粤语", "English"], {"zh", "yue", "en"}),
    (["Chinese", "Cantonese"], {"zh", "yue"}),
    ([" 英语 ", "普通话"], {"en", "zh"}),
    (["Klingon"], set()),
])
def test_languages_are_read_as_staff_write_them(names, codes):
    assert language_codes(names) == codes


def query_of(answers):
    return "&".join(f"{k}={answers.get(k, '')}" for k in ("item", "industry", "region", "desk"))


@pytest.mark.parametrize("answers,lang,desk,rule,copies", TABLE)
def test_the_desk_the_form_names_is_the_desk_the_mail_goes_to(lead_app, content_copy, smtp, mailbox,
                                                              answers, lang, desk, rule, copies):
    """Without JavaScript: the visitor opens the form (from a desk's page if they chose one),
    picks their answers and sends; if the answers route elsewhere than the page said, the form
    asks first. The name asked about, the JSON the script reads and the mail's To: agree."""
    from portal.outbox import send_due

    from .helpers import Browser, confirm, notice

    root = speaking_desks(content_copy)
    content, _ = load_content(root)
    app = lead_app(root, SMTP_URL=smtp.url)
    browser = Browser(app, lang)
    opened = browser.open(f"?desk={answers['desk']}" if "desk" in answers else "")
    first = route(content, desk=answers.get("desk"), lang=lang)
    assert _shown(content, first.desk, lang) in notice(opened)
    assert notice(opened) == browser.client.get(
        f"/{lang}/inquiry/route?desk={answers.get('desk', '')}").get_json()["text"]
    asked = browser.client.get(f"/{lang}/inquiry/route?{query_of(answers)}")
    assert asked.headers["Cache-Control"] == "no-store" and asked.is_json
    shown = asked.get_json()
    assert (shown["desk"], shown["rule"]) == (desk, rule)
    assert [(c["desk"], c["reason"]) for c in shown["copies"]] == [(c.desk, c.reason) for c in copies]
    assert shown["name"] == _shown(content, desk, lang)

    sent = {k: v for k, v in answers.items() if k != "desk"}  # the desk comes from the page
    response = browser.send(sent)
    final = Route(desk, rule, tuple(copies), lang)
    if final.fingerprint != first.fingerprint:
        assert response.status_code == 200
        assert confirm(response) == shown["confirm"] and notice(response) == shown["text"]
        assert stored_leads(app) == []  # nothing stored before the visitor confirms
        response = browser.send(sent)
    else:
        assert confirm(response) is None
    assert response.status_code == 303
    [lead] = stored_leads(app)
    assert (lead.desk, lead.routed_by, lead.reply_lang) == (desk, rule, lang)
    assert lead.copies == [{"desk": c.desk, "reason": c.reason} for c in copies]

    send_due(app)
    staff = {m["To"].addresses[0].addr_spec: m for _, m in mailbox.received
             if m["To"].addresses[0].addr_spec != "zhang.wei@example.com"}
    for slug in [desk, *(c.desk for c in copies)]:
        zh = content.get("desks", slug, "zh")
        to = staff[zh.email]["To"].addresses[0]
        assert to.display_name == zh.name or slug == "bureau"  # the bureau inbox is named as the site
    [to_desk] = [m for m in staff.values() if m["To"].addresses[0].addr_spec == content.get(
        "desks", desk, "zh").email]
    body = to_desk.get_content()
    assert f"分派给 Routed to: {content.get('desks', desk, 'zh').name}（" in body
    for c in copies:
        assert f"抄送 Copy to: {content.get('desks', c.desk, 'zh').name}（" in body
    reply_in = {"zh": "请用中文回复 Please reply in Chinese", "en": "请用英文回复 Please reply in English"}
    assert body.startswith(reply_in[lang])


def _shown(content, slug, lang):
    return content.get("desks", slug, lang).name


def stored_leads(app):
    from ..lead_helpers import stored_leads as rows

    return rows(app)
