"""The acknowledgement, in the investor's language: everything they sent, each answer with its
label; the reply-by date in Chinese working days; their private status link, of which the
database holds only the hash and no log, outbox row or staff mail the token. Through the real
form and an SMTP server in-process, on SQLite and PostgreSQL."""

import logging
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from portal.db import engine
from portal.db.schema import leads, outbox
from portal.leads.tokens import token_hash
from portal.outbox import send_due

from ..lead_helpers import Visitor, outbox_rows, stored_leads

SITE = "https://invest.example.cn"
INVESTOR = "zhang.wei@example.com"
ANSWERS = {"company": "深圳锰业科技有限公司", "title": "总经理", "wechat": "wxid_qinglan88",
           "channel": "wechat", "region": "CN-GD", "industry": "materials", "band": "50m-200m",
           "space": "land", "area": "50", "timing": "6m", "item": "project:manganese-sulfate",
           "message": "想了解电价。\nWhat does power cost?"}
RECEIVED = datetime(2026, 9, 25, 3, 0, tzinfo=UTC)  # Mid-Autumn Festival, a Friday


def acknowledgement(mailbox):
    [ack] = mailbox.to(INVESTOR)
    return ack


@pytest.fixture
def sent(lead_app, smtp, mailbox, monkeypatch):
    def send(lang, answers=ANSWERS, received=RECEIVED):
        app = lead_app(SMTP_URL=smtp.url, SITE_URL=SITE)
        monkeypatch.setattr("portal.inquiry.leads.utcnow", lambda: received)
        Visitor(app, lang).submit(answers)
        assert send_due(app, now=max(datetime.now(UTC), received)).failed == 0  # a lead from "the future"
        return app

    return send


@pytest.mark.parametrize("lang,expected", [
    ("zh", ["姓名: 张伟", "单位名称: 深圳锰业科技有限公司", "产业: 新材料", "地区: 广东",
            "留言:\n想了解电价。\nWhat does power cost?"]),
    ("en", ["Your name: 张伟", "Company or organisation: 深圳锰业科技有限公司", "Industry: New materials",
            "Country or region: Guangdong", "Your message:\n想了解电价。\nWhat does power cost?"]),
])
def test_the_acknowledgement_repeats_every_answer_in_the_visitors_language(sent, mailbox, lang, expected):
    app = sent(lang)
    [lead] = stored_leads(app)
    body = acknowledgement(mailbox).get_content().replace("\r\n", "\n")
    for answer in lead.answers:
        shown = answer["text"][lang] if answer.get("text") else answer["value"]
        separator = ":\n" if answer["field"] == "message" else ": "
        assert f"{answer['label'][lang]}{separator}{shown}" in body, answer["field"]
    assert len(lead.answers) == len(ANSWERS) + 3  # name, e-mail and phone too: nothing left out
    for text in expected:
        if lang == "zh" and not text.startswith(("姓名", "单位名称", "产业")):
            continue  # labels whose Chinese comes from the catalogue filled at the end
        assert text in body


@pytest.mark.parametrize("lang,date", [("zh", "2026年9月29日"),
                                       ("en", "We will reply by Sep 29, 2026, China time (UTC+8).")])
def test_the_acknowledgement_and_the_staff_mail_give_the_reply_by_date(sent, mailbox, lang, date):
    sent(lang)
    assert date in acknowledgement(mailbox).get_content()
    [staff] = mailbox.to("invest@qinglan.gov.cn")
    assert "答复期限 Reply by: 2026-09-29（2个工作日 2 working days）" in staff.get_content()


def test_a_date_without_an_official_schedule_is_about(sent, mailbox):
    sent("en", received=datetime(2026, 12, 30, 2, 0, tzinfo=UTC))
    assert "We will reply by about Jan 1, 2027, China time (UTC+8)." in acknowledgement(mailbox).get_content()
    [staff] = mailbox.to("invest@qinglan.gov.cn")
    assert "答复期限 Reply by: 约 about 2027-01-01" in staff.get_content()


@pytest.mark.parametrize("lang, phone", [
    ("en", "Tel. 0915-8812370 (+86 915 881 2370)"),  # dialled from Germany or Hong Kong
    ("zh-hant", "電話 0915-8812370 (+86 915 881 2370)"),
    ("zh", "电话 0915-8812370\n"),  # in the mainland, as dialled there
])
def test_the_acknowledgement_gives_the_desks_phone_as_dialled_from_the_readers_country(sent, mailbox, lang,
                                                                                       phone):
    sent(lang)
    body = acknowledgement(mailbox).get_content().replace("\r\n", "\n")
    assert phone in body, body


def test_the_english_acknowledgement_gives_office_hours_in_china_time(sent, mailbox, lead_app):
    """The bureau answers general inquiries; its hours are given with their time zone."""
    sent("en", answers={**ANSWERS, "item": "", "industry": ""})
    body = acknowledgement(mailbox).get_content().replace("\r\n", "\n")
    assert "Tel. 0915-8812345 (+86 915 881 2345)" in body
    assert re.search(r"Office hours: .+, China time \(UTC\+8\)\n", body), body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_status_link_is_in_the_acknowledgement_and_only_its_hash_anywhere_else(
        sent, mailbox, caplog, lang):
    caplog.set_level(logging.DEBUG)
    app = sent(lang)
    body = acknowledgement(mailbox).get_content()
    link = re.search(rf"{SITE}/{lang}/status/([A-Za-z0-9_-]{{32}})/\s", body)
    assert link, body
    token = link.group(1)
    [lead] = stored_leads(app)
    assert lead.status_token_hash == token_hash(token)
    with engine(app).connect() as connection:
        stored = [*connection.execute(sa.select(leads)).all(), *connection.execute(sa.select(outbox)).all()]
    assert stored and not any(token in str(value) for row in stored for value in row)
    staff = [m for rcpts, m in mailbox.received if INVESTOR not in rcpts]
    assert staff and not any(token in m.as_string() or "/status/" in m.get_content() for m in staff)
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # not the test's SMTP server
    assert not any(token in r.getMessage() for r in ours)


def test_two_leads_get_two_links(sent, mailbox):
    app = sent("en")
    Visitor(app, "en").submit({"email": "other@example.com"})
    send_due(app)
    first, second = stored_leads(app)
    assert first.status_token_hash != second.status_token_hash


def test_a_seal_typed_by_a_visitor_is_not_opened(sent, mailbox):
    """The seal's markers are control characters the form strips from what a visitor types."""
    app = sent("en", answers={"message": "link: \x1fAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x1f end"})
    assert "link: AAAAAAAAAAAAAAAAAAAAAAAAAAAA end" in acknowledgement(mailbox).get_content()
    [lead] = stored_leads(app)
    assert [a["value"] for a in lead.answers if a["field"] == "message"] == [
        "link: AAAAAAAAAAAAAAAAAAAAAAAAAAAA end"]
    [ack] = [row for row in outbox_rows(app) if row.kind == "acknowledgement"]
    assert ack.body.count("\x1f") == 2  # the one seal: the status link's
