"""The lead page: everything the investor sent (labels in the staff member's language, a
choice in both), where the lead went and why, the delivery of each message, the timeline; in
both languages; nothing the investor typed reaches the page unescaped."""

import pytest

from portal.db import transaction
from portal.db.schema import leads

from ..lead_helpers import Visitor, stored_leads
from .test_inbox import add_message, make_lead, signed_in


@pytest.fixture
def app(staff_app):
    return staff_app()


@pytest.mark.parametrize("lang, expected", [
    ("en", ["张伟", "深圳锰业科技有限公司", "zhang.wei@example.com",
            "富硒茶加工厂选址", "Received and routed", "Mail of this lead", "the industry"]),
    ("zh", ["张伟", "深圳锰业科技有限公司", "zhang.wei@example.com", "富硒茶加工厂选址"]),
])
def test_the_page_shows_what_the_investor_sent(app, lang, expected):
    Visitor(app, "zh").submit({"industry": "agriculture", "message": "富硒茶加工厂选址"})
    [lead] = stored_leads(app)
    li = signed_in(app, "li", "desk", desk=lead.desk, lang=lang)
    response = li.get(f"/staff/leads/{lead.id}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in expected:
        assert text in html, text
    assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in html
    industry = next(a for a in lead.answers if a["field"] == "industry")
    mine, other = (industry["text"]["en"], industry["text"]["zh"]) if lang == "en" else (
        industry["text"]["zh"], industry["text"]["en"])
    assert f"{mine} ({other})" in html  # a choice in both languages
    for answer in lead.answers:
        assert f"<dt>{answer['label'][lang]}</dt>" in html
    assert lead.reference in html


def test_the_page_shows_routing_copies_reply_by_and_partner(app):
    from datetime import date

    lead_id = make_lead(app, desk="bureau", routed_by="region", ref="shenzhen-chamber",
                        source_page="/en/projects/fuxi-tea-processing/", reply_by=date(2030, 1, 4),
                        copies=[{"desk": "agri-team", "reason": "item"}], reply_lang="en", lang="en")
    boss = signed_in(app, "boss", "leader")
    html = boss.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    for text in ("the investor's region", "shenzhen-chamber", "/en/projects/fuxi-tea-processing/",
                 "Jan 4, 2030", "Modern Agriculture Investment Team (owner of the item asked about)",
                 "Qinglan County Investment Promotion Bureau"):
        assert text in html, text


def test_each_message_shows_its_delivery_state(app):
    lead_id = make_lead(app)
    add_message(app, lead_id, "failed")
    add_message(app, lead_id, "pending", kind="bureau", recipient="invest@qinglan.gov.cn")
    li = signed_in(app, "li", "desk", desk="agri-team")
    html = li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    table = html.split("Mail of this lead")[1].split("</table>")[0]
    assert "agri@qinglan.gov.cn" in table and "invest@qinglan.gov.cn" in table
    assert "SMTPRecipientsRefused: 550" in table and ">30<" in table
    assert table.count("Send again") == 1  # a pending message is not sent again


def test_the_timeline_lists_every_change_with_who_and_when(app):
    lead_id = make_lead(app)
    li = signed_in(app, "li", "desk", desk="agri-team")
    li.get(f"/staff/leads/{lead_id}/")
    li.post(f"/staff/leads/{lead_id}/take")
    li.post(f"/staff/leads/{lead_id}/stage", {"stage": "contacted"})
    li.post(f"/staff/leads/{lead_id}/note", {"text": "约了下周考察"})
    html = li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    timeline = html.split('id="timeline-title"')[1]
    places = [timeline.index(text) for text in ("Owner: — → li", "Stage: New → Contacted", "约了下周考察")]
    assert places == sorted(places)
    assert timeline.count("· li") == 3


def test_what_the_investor_typed_is_escaped(app):
    hostile = '<script>alert(1)</script>'
    answers = [{"field": "message", "label": {"zh": "留言", "en": "Message"}, "value": hostile}]
    lead_id = make_lead(app, company=hostile, answers=answers)
    boss = signed_in(app, "boss", "leader")
    for url in ("/staff/leads/", f"/staff/leads/{lead_id}/"):
        html = boss.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_a_revoke_form_when_the_status_page_offers_it(app):
    lead_id = make_lead(app)
    li = signed_in(app, "li", "desk", desk="agri-team")
    form = f'action="/staff/leads/{lead_id}/status-link/revoke"'
    assert form not in li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)  # no link yet
    with transaction(app) as connection:
        connection.execute(leads.update().where(leads.c.id == lead_id).values(status_token_hash="ab" * 32))
    offered = "staff.revoke_status_link" in app.view_functions
    assert (form in li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)) == offered
    if offered:  # the other area's view answers it and comes back here
        response = li.post(f"/staff/leads/{lead_id}/status-link/revoke")
        assert response.status_code == 303
        html = li.get(response.headers["Location"]).get_data(as_text=True)
        assert form not in html and "Investor's status link" in html


def test_unknown_leads_are_404_for_every_role_that_reads(app):
    boss = signed_in(app, "boss", "leader")
    assert boss.get("/staff/leads/12345/").status_code == 404
    boss.get("/staff/leads/")  # a page with the session's CSRF token
    assert boss.post("/staff/leads/12345/note", {"text": "x"}).status_code == 404
