"""The lead page: everything the investor sent (labels in the staff member's language, a
choice in both), where the lead went and why, the delivery of each message, the timeline; in
both languages; nothing the investor typed reaches the page unescaped."""

import pytest
import sqlalchemy as sa

from portal.db import transaction
from portal.db.schema import leads
from portal.leads import privacy

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
    # Staff read about someone else: the form's "Your name", "Your message" are "Name", "Message".
    said = {"en": {"name": "Name", "message": "Message"}, "zh": {"name": "姓名"}}[lang]
    for answer in lead.answers:
        if answer["field"] != "message" or lang == "en":
            assert f"<dt>{said.get(answer['field'], answer['label'][lang])}</dt>" in html
    assert "<dt>Your " not in html
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


def test_the_status_link_is_managed_on_its_own_page_not_by_one_click(app):
    lead_id = make_lead(app, email=None)
    li = signed_in(app, "li", "desk", desk="agri-team")
    manage = f'href="/staff/leads/{lead_id}/status-link/"'
    revoke = f'action="/staff/leads/{lead_id}/status-link/revoke'
    html = li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    assert manage not in html and revoke not in html  # no link, no address to send one to
    with transaction(app) as connection:
        connection.execute(leads.update().where(leads.c.id == lead_id).values(status_token_hash="ab" * 32))
    html = li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    assert revoke not in html  # the lead page itself never revokes
    assert (manage in html) == ("staff.status_link" in app.view_functions)
    if manage in html:  # the other area's page asks first, then comes back here
        page = li.get(f"/staff/leads/{lead_id}/status-link/").get_data(as_text=True)
        assert revoke in page and 'class="button-danger"' in page
        confirmed = {"confirm": f"QL-2026-{lead_id:06d}"}
        response = li.post(f"/staff/leads/{lead_id}/status-link/revoke", confirmed)
        assert response.status_code == 303
        html = li.get(response.headers["Location"]).get_data(as_text=True)
        assert manage not in html and "Investor's status link" in html and "revoked" in html


def test_erased_details_say_so_in_english_too(app):
    lead_id = make_lead(app, desk="agri-team")
    add_message(app, lead_id, status="sent", kind="acknowledgement", recipient="zhang.wei@example.com")
    with transaction(app) as connection:
        privacy.erase(connection, connection.execute(sa.select(leads).where(leads.c.id == lead_id)).all())
    for who, role, desk in (("li", "desk", "agri-team"), ("wang", "desk", "materials-team"),
                            ("boss", "leader", None)):
        staff = signed_in(app, who, role, desk=desk, lang="en")
        for url in (f"/staff/leads/{lead_id}/", "/staff/leads/"):
            response = staff.get(url)
            html = response.get_data(as_text=True)
            if f"QL-2026-{lead_id:06d}" not in html:  # another desk does not see the lead
                continue
            assert "(erased)" in html and "张伟" not in html and "zhang.wei" not in html, (who, url)
            assert "已删除" not in html, (who, url)


def test_unknown_leads_are_404_for_every_role_that_reads(app):
    boss = signed_in(app, "boss", "leader")
    assert boss.get("/staff/leads/12345/").status_code == 404
    boss.get("/staff/leads/")  # a page with the session's CSRF token
    assert boss.post("/staff/leads/12345/note", {"text": "x"}).status_code == 404
