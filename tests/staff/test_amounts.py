"""Amounts in the back office read as the public site writes money (2.8亿元, CNY 280 million), in
every language: the lead's contract, its timeline, its funds in place and the dashboard's figures;
never as the 万元 they are stored in (``28000.0``) nor with a Chinese unit on an English page."""

import re
from datetime import datetime, timedelta, timezone

import pytest

from .helpers import Staff
from .test_inbox import make_lead, signed_in

CST = timezone(timedelta(hours=8))


def act(staff, lead_id, action, data):
    staff.get(f"/staff/leads/{lead_id}/")
    response = staff.post(f"/staff/leads/{lead_id}/{action}", data)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]


def part(html, start, end):
    """The text of the page from ``start`` to the next ``end`` (tags left in)."""
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def worked(staff_app):
    """A lead signed at 2.8亿, corrected to ３亿元 (full-width), with 1.2亿 and 8000 (万元) in place,
    all dated today in China so that the dashboard's year counts them."""
    app = staff_app()
    today = datetime.now(CST).date().isoformat()
    lead_id = make_lead(app, status="negotiating")
    li = signed_in(app, "li", "desk", desk="agri-team", lang="zh")
    act(li, lead_id, "stage", {"stage": "signed", "amount": "2.8亿", "signed_on": today})
    act(li, lead_id, "contract", {"amount": "３亿元", "signed_on": today})
    act(li, lead_id, "funds", {"arrived_on": today, "amount": "1.2亿"})
    act(li, lead_id, "funds", {"arrived_on": today, "amount": "8000"})
    signed_in(app, "boss", "leader")
    return app, lead_id


EXPECTED = {
    "en": {"timeline": ["Contract: — → CNY 280 million", "Contract: CNY 280 million → CNY 300 million",
                        "Funds in place: CNY 120 million", "Funds in place: CNY 80 million"],
           "contract": "CNY 300 million", "funds": ["CNY 120 million", "CNY 80 million", "CNY 200 million"],
           "so_far": "Funds in place so far: CNY 200 million",
           "dashboard": ("CNY 300 million", "CNY 200 million")},
    "zh": {"timeline": ["合同: — → 2.8亿元", "合同: 2.8亿元 → 3亿元", "到位资金: 1.2亿元",
                        "到位资金: 8,000万元"],
           "contract": "3亿元", "funds": ["1.2亿元", "8,000万元", "2亿元"], "so_far": "2亿元",
           "dashboard": ("3亿元", "2亿元")},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lead_page_shows_amounts_as_the_site_writes_money(worked, lang):
    app, lead_id = worked
    boss = Staff(app, "boss", lang=lang)
    boss.login()
    html = boss.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    expected = EXPECTED[lang]
    timeline = text(part(html, '<ol class="timeline">', "</ol>"))
    for line in expected["timeline"]:
        if lang == "zh":  # the Chinese catalog may write the colon full-width
            line = line.replace(": ", "[:：] ?")
            assert re.search(line.replace("(", r"\(").replace(")", r"\)"), timeline), (line, timeline)
        else:
            assert line in timeline, (line, timeline)
    assert not re.search(r"\d+\.0\b|28000|12000", timeline), timeline
    facts = text(part(html, '<section aria-labelledby="route-title">', "</section>"))
    assert expected["contract"] in facts and "30000" not in facts and "30,000" not in facts
    funds = text(part(html, '<section aria-labelledby="funds-title">', "<form"))
    for amount in expected["funds"]:
        assert amount in funds, (amount, funds)
    assert expected["so_far"] in funds
    if lang == "en":  # no Chinese unit on an English page's amounts
        assert "万元" not in timeline + facts + funds and "亿元" not in timeline + facts + funds


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_dashboard_figures_are_amounts_as_the_site_writes_money(worked, lang):
    app, _ = worked
    boss = Staff(app, "boss", lang=lang)
    boss.login()
    html = boss.get("/staff/dashboard/").get_data(as_text=True)
    contracted, funds = EXPECTED[lang]["dashboard"]
    assert f'id="fig-contracted">{contracted}<' in html
    assert f'id="fig-funds">{funds}<' in html
    assert "10,000 yuan contracted" not in html
