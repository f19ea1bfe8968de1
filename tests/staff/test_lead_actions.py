"""Working a lead: take it, hand it over, name the responsible leader and department, move its
stage (closing with a reason, signing with the contract), enter funds in place, write notes,
send failed mail again. Each action is a POST → 303 → the lead page with a message, recorded as
a timestamped lead event and audited."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.db import aware, engine
from portal.db.schema import funds, lead_events, leads
from portal.outbox import send_due

from ..lead_helpers import Visitor, outbox_rows, stored_leads
from .helpers import audit_rows
from .test_inbox import add_message, make_lead, signed_in, user_id


def lead_row(app, lead_id):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(leads).where(leads.c.id == lead_id)).one()


def events(app, lead_id, kind=None):
    with engine(app).connect() as connection:
        query = sa.select(lead_events).where(lead_events.c.lead_id == lead_id).order_by(lead_events.c.id)
        if kind:
            query = query.where(lead_events.c.kind == kind)
        return connection.execute(query).all()


def act(staff, lead_id, action, data=None):
    """Open the lead page (its CSRF token), POST the action; return the response."""
    staff.get(f"/staff/leads/{lead_id}/")
    return staff.post(f"/staff/leads/{lead_id}/{action}", data or {})


def followed(staff, response):
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    return staff.get(response.headers["Location"]).get_data(as_text=True)


@pytest.fixture
def app(staff_app):
    return staff_app()


def test_desk_staff_take_an_unowned_lead_and_own_it(app):
    lead_id = make_lead(app)
    li = signed_in(app, "li", "desk", desk="agri-team")
    before = datetime.now(UTC)
    page = followed(li, act(li, lead_id, "take"))
    assert "You own this lead now" in page
    assert lead_row(app, lead_id).owner_id == user_id(app, "li")
    [event] = events(app, lead_id, "owner")
    assert event.old is None and event.new == str(user_id(app, "li")) and aware(event.at) >= before
    assert [r.object for r in audit_rows(app, "lead.taken")] == [f"QL-2026-{lead_id:06d}"]
    wang = signed_in(app, "wang", "desk", desk="agri-team")  # second comer: the first stays owner
    assert "Take this lead" not in wang.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    assert "Someone took this lead" in followed(wang, wang.post(f"/staff/leads/{lead_id}/take"))
    assert lead_row(app, lead_id).owner_id == user_id(app, "li")


def test_the_owner_hands_over_with_a_reason_recorded(app):
    li = signed_in(app, "li", "desk", desk="agri-team")
    lead_id = make_lead(app, owner_id=user_id(app, "li"))
    wang = signed_in(app, "wang", "desk", desk="agri-team")
    page = followed(li, act(li, lead_id, "hand-over", {"owner": str(user_id(app, "wang")),
                                                      "reason": "王负责茶叶项目"}))
    assert "handed over to wang" in page
    assert lead_row(app, lead_id).owner_id == user_id(app, "wang")
    [event] = events(app, lead_id, "owner")
    assert (event.old, event.new, event.note) == (str(user_id(app, "li")), str(user_id(app, "wang")),
                                                  "王负责茶叶项目")
    assert audit_rows(app, "lead.handed-over")[0].detail == {"from": user_id(app, "li"),
                                                             "to": user_id(app, "wang")}
    # li is not the owner any more: the page says so, nothing changes
    response = act(li, lead_id, "hand-over", {"owner": str(user_id(app, "li")), "reason": "回来"})
    assert response.status_code == 409
    assert "Only the lead&#39;s owner or a leader" in response.get_data(as_text=True)
    assert lead_row(app, lead_id).owner_id == user_id(app, "wang")
    # no reason: re-rendered with the error
    response = act(wang, lead_id, "hand-over", {"owner": str(user_id(app, "li")), "reason": ""})
    assert response.status_code == 422
    # someone of another desk cannot be chosen
    add_other = signed_in(app, "chen", "desk", desk="materials-team")
    assert add_other.get(f"/staff/leads/{lead_id}/").status_code == 404
    response = act(wang, lead_id, "hand-over", {"owner": str(user_id(app, "chen")), "reason": "换人"})
    assert response.status_code == 422


def test_a_leader_names_the_responsible_leader_and_department_and_hands_over(app):
    lead_id = make_lead(app)
    signed_in(app, "li", "desk", desk="agri-team")
    boss = signed_in(app, "boss", "leader")
    chosen = {"leader": "陈副县长", "department": "县农业农村局"}
    page = followed(boss, act(boss, lead_id, "responsible", chosen))
    assert "陈副县长" in page and "县农业农村局" in page
    row = lead_row(app, lead_id)
    assert (row.leader, row.department) == ("陈副县长", "县农业农村局")
    assert [(e.kind, e.new) for e in events(app, lead_id)] == [("leader", "陈副县长"),
                                                              ("department", "县农业农村局")]
    followed(boss, act(boss, lead_id, "hand-over", {"owner": str(user_id(app, "li")), "reason": "分派"}))
    assert lead_row(app, lead_id).owner_id == user_id(app, "li")
    assert len(audit_rows(app, "lead.responsible")) == 1
    li = signed_in(app, "li2", "desk", desk="agri-team")
    assert act(li, lead_id, "responsible", {"leader": "x"}).status_code == 403


def test_stage_moves_are_timed_and_the_first_response_is_set_once(app):
    lead_id = make_lead(app)
    li = signed_in(app, "li", "desk", desk="agri-team")
    page = followed(li, act(li, lead_id, "stage", {"stage": "contacted", "note": "电话联系了"}))
    assert "The lead is now at the stage: Contacted" in page
    first = lead_row(app, lead_id)
    assert first.status == "contacted" and first.first_response_at is not None
    assert first.stage_at == first.first_response_at
    followed(li, act(li, lead_id, "stage", {"stage": "visit"}))
    followed(li, act(li, lead_id, "stage", {"stage": "new"}))
    followed(li, act(li, lead_id, "stage", {"stage": "contacted"}))
    row = lead_row(app, lead_id)
    assert row.first_response_at == first.first_response_at and row.stage_at > first.stage_at
    assert [(e.old, e.new) for e in events(app, lead_id, "stage")] == [
        ("new", "contacted"), ("contacted", "visit"), ("visit", "new"), ("new", "contacted")]
    assert events(app, lead_id, "stage")[0].note == "电话联系了"
    assert [r.detail for r in audit_rows(app, "lead.stage")][0] == {"from": "new", "to": "contacted"}


def test_closing_needs_a_reason(app):
    lead_id = make_lead(app)
    li = signed_in(app, "li", "desk", desk="agri-team")
    response = act(li, lead_id, "stage", {"stage": "closed"})
    assert response.status_code == 422 and "Choose why the lead is closed" in response.get_data(as_text=True)
    assert lead_row(app, lead_id).status == "new"
    followed(li, act(li, lead_id, "stage", {"stage": "closed", "reason": "elsewhere"}))
    row = lead_row(app, lead_id)
    assert (row.status, row.closed_reason) == ("closed", "elsewhere")
    assert "Invested elsewhere" in li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)


@pytest.mark.parametrize("typed, wan", [("1.2亿", Decimal("12000")), ("8000万", Decimal("8000")),
                                        ("8,000", Decimal("8000")), ("８０００万元", Decimal("8000")),
                                        ("350万元", Decimal("350"))])
def test_signing_records_the_contract_amount_in_wan(app, typed, wan):
    lead_id = make_lead(app, status="negotiating")
    li = signed_in(app, "li", "desk", desk="agri-team")
    followed(li, act(li, lead_id, "stage", {"stage": "signed", "amount": typed, "signed_on": "2026-11-28"}))
    row = lead_row(app, lead_id)
    assert (row.status, Decimal(row.contract_amount), row.signed_on) == ("signed", wan, date(2026, 11, 28))
    [contract] = events(app, lead_id, "contract")
    assert Decimal(contract.new) == wan and contract.note == "2026-11-28"


@pytest.mark.parametrize("lang, message", [("en", "A signed lead needs the date of signing."),
                                           ("zh", "已签约的线索须填写签约日期。")])
def test_a_refused_action_says_why_at_the_top_and_at_the_field_and_returns_to_the_form(app, lang, message):
    lead_id = make_lead(app, status="negotiating")
    li = signed_in(app, "li", "desk", desk="agri-team", lang=lang)
    page = li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    assert f'action="/staff/leads/{lead_id}/stage#stage-title"' in page  # the answer opens at the form
    response = act(li, lead_id, "stage", {"stage": "signed", "amount": "８０００万"})
    assert response.status_code == 422 and lead_row(app, lead_id).status == "negotiating"
    html = response.get_data(as_text=True)
    top = html[html.index('<main id="main"'):html.index("<h1")]
    assert 'role="alert"' in top and message in top  # the message at the top of the page
    field = html[html.index('id="stage-title"'):]
    assert f'<p class="error" id="stage-signed-on-error">{message}</p>' in field  # and at the field
    assert 'value="８０００万"' in field  # what was typed stays
    signed = {"stage": "signed", "amount": "８０００万", "signed_on": "２０２６-１１-２８"}
    done = act(li, lead_id, "stage", signed)
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/staff/leads/{lead_id}/#top")


@pytest.mark.parametrize("lang, message", [
    ("en", "A signed lead needs its contract amount."),
    ("zh", "“很多”不是金额"),
])
def test_signing_without_a_good_amount_is_refused_in_the_page_language(app, lang, message):
    lead_id = make_lead(app, status="negotiating")
    li = signed_in(app, "li", "desk", desk="agri-team", lang=lang)
    amount = "" if lang == "en" else "很多"
    response = act(li, lead_id, "stage", {"stage": "signed", "amount": amount, "signed_on": "2026-11-28"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert lead_row(app, lead_id).status == "negotiating"
    response = act(li, lead_id, "stage", {"stage": "signed", "amount": "100万", "signed_on": "2026-02-30"})
    assert response.status_code == 422 and lead_row(app, lead_id).signed_on is None


def test_the_contract_can_be_corrected_once_signed(app):
    lead_id = make_lead(app, status="signed", contract_amount=Decimal(100), signed_on=date(2026, 5, 1))
    li = signed_in(app, "li", "desk", desk="agri-team")
    followed(li, act(li, lead_id, "contract", {"amount": "2.5亿", "signed_on": "2026年5月2日"}))
    row = lead_row(app, lead_id)
    assert (Decimal(row.contract_amount), row.signed_on) == (Decimal(25000), date(2026, 5, 2))
    assert Decimal(events(app, lead_id, "contract")[0].old) == Decimal(100)
    assert len(audit_rows(app, "lead.contract")) == 1
    open_lead = make_lead(app)
    assert act(li, open_lead, "contract", {"amount": "1亿", "signed_on": "2026-05-02"}).status_code == 422


def test_funds_in_place_add_up_for_signed_leads_only(app):
    lead_id = make_lead(app, status="started", contract_amount=Decimal(20000), signed_on=date(2026, 3, 1))
    li = signed_in(app, "li", "desk", desk="agri-team")
    followed(li, act(li, lead_id, "funds", {"arrived_on": "2026-04-01", "amount": "3000万", "note": "首期"}))
    page = followed(li, act(li, lead_id, "funds", {"arrived_on": "2026-06-01", "amount": "0.5亿"}))
    assert "Funds in place so far: CNY 80 million" in page  # as the site writes money, in English
    with engine(app).connect() as connection:
        amounts = connection.execute(sa.select(funds.c.amount).where(funds.c.lead_id == lead_id)
                                     .order_by(funds.c.id)).scalars().all()
    assert [Decimal(a) for a in amounts] == [Decimal(3000), Decimal(5000)]
    assert [e.note for e in events(app, lead_id, "funds")] == ["2026-04-01", "2026-06-01"]
    assert len(audit_rows(app, "lead.funds")) == 2
    assert act(li, lead_id, "funds", {"arrived_on": "2026-06-01", "amount": "-5"}).status_code == 422
    new_lead = make_lead(app)
    assert act(li, new_lead, "funds", {"arrived_on": "2026-06-01", "amount": "5"}).status_code == 422


def test_a_note_is_kept_as_an_event_and_a_hostile_one_is_escaped(app):
    lead_id = make_lead(app)
    li = signed_in(app, "li", "desk", desk="agri-team")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = followed(li, act(li, lead_id, "note", {"text": hostile}))
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page
    [event] = events(app, lead_id, "note")
    assert event.note == hostile and event.user_id == user_id(app, "li")
    assert act(li, lead_id, "note", {"text": "x" * 5001}).status_code == 422
    assert act(li, lead_id, "note", {"text": "   "}).status_code == 422
    assert len(events(app, lead_id, "note")) == 1
    assert len(audit_rows(app, "lead.note")) == 1


def test_copied_desks_read_the_lead_and_change_nothing(app):
    lead_id = make_lead(app, desk="bureau", copies=[{"desk": "agri-team", "reason": "language"}])
    message_id = add_message(app, lead_id, kind="acknowledgement", recipient="zhang.wei@example.com")
    li = signed_in(app, "li", "desk", desk="agri-team")
    page = li.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    for button in ("Take this lead", "Save the note", f"messages/{message_id}/resend", "stage-stage"):
        assert button not in page
    before = lead_row(app, lead_id)
    for action, data in [("take", {}), ("stage", {"stage": "contacted"}), ("note", {"text": "我们也看到了"}),
                         (f"messages/{message_id}/resend", {}), ("hand-over", {"owner": "1", "reason": "x"}),
                         ("contract", {"amount": "8000", "signed_on": "2026-12-01"})]:
        response = act(li, lead_id, action, data)
        assert response.status_code == 403, action
        assert "Your desk is only copied on this lead" in response.get_data(as_text=True), action
    assert lead_row(app, lead_id) == before
    assert events(app, lead_id) == []
    assert [m.status for m in outbox_rows(app)] == ["failed"]
    assert act(li, make_lead(app, desk="materials-team"), "take").status_code == 404


def test_every_action_needs_the_csrf_token(app):
    lead_id = make_lead(app)
    li = signed_in(app, "li", "desk", desk="agri-team")
    response = li.post(f"/staff/leads/{lead_id}/take", {}, csrf=False)
    assert response.status_code == 400
    assert lead_row(app, lead_id).owner_id is None


def test_resend_turns_a_failed_message_into_a_delivered_one(staff_app, smtp, mailbox):
    app = staff_app(SMTP_URL=smtp.url)
    Visitor(app, "zh").submit({"industry": "agriculture", "message": "富硒茶加工厂选址"})
    [lead] = stored_leads(app)
    desk_message = next(m for m in outbox_rows(app) if m.kind == "desk")
    mailbox.refuse = {desk_message.recipient}
    send_due(app)
    assert next(m for m in outbox_rows(app) if m.kind == "desk").status == "failed"
    assert lead_row(app, lead.id).needs_attention
    li = signed_in(app, "li", "desk", desk=lead.desk)
    page = li.get(f"/staff/leads/{lead.id}/").get_data(as_text=True)
    assert "failed" in page and "550" in page
    mailbox.refuse = set()
    delivered = len(mailbox.to(desk_message.recipient))
    followed(li, li.post(f"/staff/leads/{lead.id}/messages/{desk_message.id}/resend"))
    assert next(m for m in outbox_rows(app) if m.kind == "desk").status == "pending"
    report = send_due(app)
    assert report.sent == 1
    row = next(m for m in outbox_rows(app) if m.kind == "desk")
    assert row.status == "sent" and row.sent_at is not None
    assert len(mailbox.to(desk_message.recipient)) == delivered + 1
    assert not lead_row(app, lead.id).needs_attention
    assert [e.kind for e in events(app, lead.id)] == ["resend"]
    assert audit_rows(app, "lead.resend")[0].detail == {"message": desk_message.id, "kind": "desk"}
    assert li.post(f"/staff/leads/{lead.id}/messages/999999/resend").status_code == 404
