"""An inquiry from the traditional-Chinese site: acknowledged in traditional characters, read by
staff in Chinese with the site it came from named, routed like a Chinese inquiry. Through the
real form and an SMTP server in-process, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest

from portal.outbox import send_due

from ..lead_helpers import Visitor, stored_leads
from .text import simplified_only, visible_text

INVESTOR = "zhang.wei@example.com"
ANSWERS = {"company": "香港錳業科技有限公司", "region": "HK", "industry": "materials",
           "item": "project:manganese-sulfate", "message": "想了解電價和廠房租金。"}


@pytest.fixture
def sent(lead_app, smtp, mailbox):
    app = lead_app(SMTP_URL=smtp.url, SITE_URL="https://invest.example.cn")
    thanks = Visitor(app, "zh-hant").submit(ANSWERS)
    assert send_due(app, now=datetime.now(UTC)).failed == 0
    return app, thanks


def test_the_thank_you_page_and_acknowledgement_are_traditional(sent, mailbox):
    app, thanks = sent
    page = visible_text(thanks.get_data(as_text=True))
    assert simplified_only(page) == {}
    assert "QL-" in page
    [ack] = mailbox.to(INVESTOR)
    body = ack.get_content()
    assert simplified_only(body) == {} and simplified_only(str(ack["Subject"])) == {}
    assert "https://invest.example.cn/zh-hant/status/" in body  # the status page, in its language
    assert "香港錳業科技有限公司" in body and "想了解電價和廠房租金。" in body  # as the visitor wrote them
    # Every answer under its Chinese label, converted; chosen options by their text, not their code.
    for line in ("姓名: 張偉", "單位名稱: 香港錳業科技有限公司", "產業: 新材料",
                 "留言:\n想了解電價和廠房租金。"):
        assert line in body.replace("\r\n", "\n"), line
    assert "\nname:" not in body and "\nindustry:" not in body


def test_staff_read_it_in_chinese_flagged_as_from_the_traditional_site(sent, mailbox):
    app, _ = sent
    [lead] = stored_leads(app)
    assert (lead.lang, lead.reply_lang) == ("zh-hant", "zh-hant")
    assert lead.copies == [] or all(c["reason"] != "language" for c in lead.copies)  # Chinese desks read it
    staff = [m for rcpts, m in mailbox.received if INVESTOR not in rcpts]
    assert staff
    for message in staff:
        body = message.get_content()
        assert body.startswith("请用繁体中文回复 Please reply in traditional Chinese")
        assert "使用语言 Language used: 繁体中文 traditional Chinese（繁体中文网站" in body
