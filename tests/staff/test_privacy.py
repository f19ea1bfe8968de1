"""Personal data requests: find a person's leads by e-mail or phone as they type it, export
everything stored about them, erase it (confirmed by typing it again); statistics stay; audited
without personal data. And the retention rule, ``portal leads purge``."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_babel import gettext

from portal.db import engine, transaction, utcnow
from portal.db.schema import audit_log, feedback, lead_events, leads, outbox
from portal.leads.answers import in_language
from portal.leads.cli import leads_cli
from portal.leads.privacy import ERASED, months_before
from portal.outbox import send_due

from ..lead_helpers import Visitor, outbox_rows, stored_leads
from ..status.helpers import EMAIL, MESSAGE, NAME, PERSONAL, insert_lead, lead_with_link, move
from .helpers import Staff, add_user, audit_rows

VARIANTS = ["zhang.wei@example.com", "ZHANG.WEI@EXAMPLE.COM", " Zhang.Wei@example.com ",
            "138 0013 8000", "+86 138-0013-8000", "13800138000", "+8613800138000"]
STATISTICS = ("desk", "industry", "region", "status", "stage_at", "created_at", "contract_amount",
              "signed_on", "ref", "reference", "routed_by", "reply_by")


@pytest.fixture
def admin(staff_app):
    def make(lang="en"):
        app = staff_app()
        add_user(app, "admin.a", "admin")
        staff = Staff(app, "admin.a", lang=lang)
        staff.login()
        staff.get("/staff/privacy/")
        return app, staff
    return make


def a_person(app):
    """Two leads of the person, one of someone else; mail queued for the first; a rating."""
    first, token = lead_with_link(app)
    second = insert_lead(app, desk="agri-team", status="signed", contract_amount=1200)
    other = insert_lead(app, name="李雷", email="li.lei@example.com", phone="+8613900139000",
                        company="雷氏", answers=[])
    move(app, first, "contacted")
    now = utcnow()
    with transaction(app) as connection:
        connection.execute(lead_events.insert().values(lead_id=first, at=now, kind="note",
                                                       note=f"called {NAME} on 13800138000"))
        for kind, recipient in (("desk", "invest@qinglan.gov.cn"), ("acknowledgement", EMAIL)):
            connection.execute(outbox.insert().values(
                lead_id=first, kind=kind, message_id=f"<m-{kind}@x>", created_at=now,
                sender="noreply@qinglan.gov.cn", sender_name="青岚县", recipient=recipient,
                recipient_name=NAME if kind == "acknowledgement" else "投资促进局",
                reply_to=EMAIL if kind == "desk" else None, subject=f"[Inquiry] {NAME}",
                body=f"{NAME} {MESSAGE}", status="sent", attempts=1, next_attempt_at=now, sent_at=now))
        connection.execute(feedback.insert().values(lead_id=first, at=now, desk="bureau",
                                                    scores={"overall": 5}, comment=f"{NAME}很满意"))
    return first, second, other, token


def rows(app, table, order):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(table).order_by(order)).all()


def say(app, lang, text, **values):
    with app.test_request_context("/staff/"), in_language(lang):
        return gettext(text, **values)


@pytest.mark.parametrize("typed", VARIANTS)
def test_find_by_email_or_phone_as_typed(admin, typed):
    app, staff = admin()
    first, second, other, _ = a_person(app)
    html = staff.post("/staff/privacy/", {"who": typed}).get_data(as_text=True)
    assert f"QL-2026-{first:06d}" in html and f"QL-2026-{second:06d}" in html
    assert f"QL-2026-{other:06d}" not in html
    [row] = audit_rows(app, "privacy.search")
    assert "138" not in json.dumps(row.detail) and "example" not in json.dumps(row.detail)


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_a_bad_identifier_is_refused_in_the_page_language(admin, lang):
    app, staff = admin(lang)
    response = staff.post("/staff/privacy/", {"who": "hello"})
    assert response.status_code == 400
    assert say(app, lang, "Please enter an e-mail address or a phone number, e.g. 138 0013 8000.") in \
        response.get_data(as_text=True)


def test_export_is_everything_stored_about_them(admin):
    app, staff = admin()
    first, second, _, _ = a_person(app)
    response = staff.post("/staff/privacy/export", {"who": "+86 138-0013-8000"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert [lead["id"] for lead in data["leads"]] == [first, second]
    lead = data["leads"][0]
    assert lead["name"] == NAME and lead["email"] == EMAIL and lead["phone"] == "+8613800138000"
    assert MESSAGE in [a["value"] for a in lead["answers"]]
    assert [h["kind"] for h in lead["history"]] == ["stage", "note"]
    assert all("user_id" not in h for h in lead["history"])
    assert "status_token_hash" not in lead and "owner_id" not in lead
    assert lead["rating"]["scores"] == {"overall": 5}
    [mail] = lead["messages_sent_to_you"]  # the acknowledgement; the desk's copy was not to them
    assert mail["recipient"] == EMAIL and MESSAGE in mail["body"]
    [row] = audit_rows(app, "privacy.export")
    assert row.detail["references"] == [f"QL-2026-{first:06d}", f"QL-2026-{second:06d}"]
    assert NAME not in json.dumps(row.detail, ensure_ascii=False) and "138" not in (row.object or "")


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_erase_asks_to_type_it_again(admin, lang):
    app, staff = admin(lang)
    first, *_ = a_person(app)
    response = staff.post("/staff/privacy/erase", {"who": EMAIL, "confirm": "someone@else.com"})
    assert response.status_code == 400
    assert say(app, lang, "This is not the same e-mail address or phone number: nothing was erased.") in \
        response.get_data(as_text=True)
    assert rows(app, leads, leads.c.id)[0].name == NAME and audit_rows(app, "privacy.erase") == []


def test_erase_removes_the_person_and_keeps_the_statistics(admin):
    app, staff = admin()
    first, second, other, token = a_person(app)
    before = {r.id: r for r in rows(app, leads, leads.c.id)}
    response = staff.post("/staff/privacy/erase", {"who": "138 0013 8000", "confirm": "+8613800138000"})
    assert response.status_code == 303
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert f"QL-2026-{first:06d}" in page  # the flash names the references
    after = {r.id: r for r in rows(app, leads, leads.c.id)}
    for lead_id in (first, second):
        lead = after[lead_id]
        assert lead.erased_at is not None and lead.name == ERASED
        assert (lead.company, lead.email, lead.phone, lead.wechat, lead.client_address) == (None,) * 5
        assert lead.status_token_hash is None
        for column in STATISTICS:
            assert getattr(lead, column) == getattr(before[lead_id], column), column
        stored = json.dumps(lead.answers, ensure_ascii=False)
        assert all(secret not in stored for secret in PERSONAL)
        assert "新材料" in stored and "2000" in stored  # choices and the size of space stay
    assert after[other].name == "李雷" and after[other].erased_at is None
    everything = json.dumps([tuple(map(str, r)) for t in (leads, lead_events, outbox, feedback)
                             for r in rows(app, t, t.c.id)], ensure_ascii=False)
    for secret in PERSONAL:
        assert secret not in everything, secret
    assert [r.scores for r in rows(app, feedback, feedback.c.id)] == [{"overall": 5}]
    assert app.test_client().get(f"/en/status/{token}/").status_code == 404
    found = staff.post("/staff/privacy/", {"who": EMAIL}).get_data(as_text=True)
    assert f"QL-2026-{first:06d}" not in found
    [row] = audit_rows(app, "privacy.erase")
    assert row.detail == {"by": "phone", "references": [f"QL-2026-{first:06d}", f"QL-2026-{second:06d}"]}


@pytest.mark.parametrize("role, desk", [("desk", "agri-team"), ("leader", None), ("auditor", None),
                                        ("viewer", None)])
def test_only_administrators_handle_requests(staff_app, role, desk):
    app = staff_app()
    add_user(app, "someone", role, desk=desk)
    first, *_ = a_person(app)
    staff = Staff(app, "someone")
    staff.login()
    assert staff.get("/staff/privacy/").status_code == 403
    staff.get("/staff/password")
    assert staff.post("/staff/privacy/export", {"who": EMAIL}).status_code == 403
    assert staff.post("/staff/privacy/erase", {"who": EMAIL, "confirm": EMAIL}).status_code == 403
    assert rows(app, leads, leads.c.id)[0].erased_at is None


def test_purge_erases_closed_leads_older_than_the_retention(staff_app):
    app = staff_app(LEAD_RETENTION_MONTHS=36)
    now = utcnow()
    old_closed = insert_lead(app, status="closed", stage_at=months_before(now, 37), closed_reason="elsewhere")
    young_closed = insert_lead(app, status="closed", stage_at=months_before(now, 35))
    old_open = insert_lead(app, status="negotiating", stage_at=months_before(now, 40))
    runner = app.test_cli_runner()
    result = runner.invoke(leads_cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "Erased the personal data of 1 closed leads" in result.output
    erased = {r.id: r.erased_at is not None for r in rows(app, leads, leads.c.id)}
    assert erased == {old_closed: True, young_closed: False, old_open: False}
    kept = rows(app, leads, leads.c.id)[0]
    assert (kept.status, kept.closed_reason, kept.desk) == ("closed", "elsewhere", "bureau")
    [row] = audit_rows(app, "privacy.purge")
    assert row.detail == {"months": 36, "references": [f"QL-2026-{old_closed:06d}"]}
    again = runner.invoke(leads_cli, ["purge"])
    assert "of 0 closed leads" in again.output


def test_purge_keeps_everything_when_retention_is_zero(staff_app):
    app = staff_app(LEAD_RETENTION_MONTHS=0)
    insert_lead(app, status="closed", stage_at=utcnow() - timedelta(days=3650))
    result = app.test_cli_runner().invoke(leads_cli, ["purge"])
    assert result.exit_code == 0 and "nothing erased" in result.output
    assert all(r.erased_at is None for r in rows(app, leads, leads.c.id))
    with engine(app).connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar() == 0


def test_months_before_handles_short_months():
    from datetime import datetime

    assert months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert months_before(datetime(2026, 1, 15), 36) == datetime(2023, 1, 15)


def test_erasure_cancels_the_lead_s_mail_and_it_cannot_be_sent_again(staff_app, smtp, mailbox):
    """After an erasure nothing goes to the person any more; "Send again"
    is refused with a message (never a 500) and the sender never retries a thing it cannot send."""
    app = staff_app(SMTP_URL=smtp.url)
    Visitor(app, "zh").submit({"industry": "agriculture", "message": "富硒茶加工厂选址"})
    send_due(app)  # the first lead's mail went out
    Visitor(app, "zh").submit({"industry": "agriculture", "message": "冷链仓储用地"})
    sent, waiting = stored_leads(app)
    delivered = len(mailbox.received)
    assert {m.status for m in outbox_rows(app) if m.lead_id == waiting.id} == {"pending"}
    add_user(app, "admin.a", "admin")
    admin = Staff(app, "admin.a", lang="zh")
    admin.login()
    admin.get("/staff/privacy/")
    erased = admin.post("/staff/privacy/erase", {"who": "138 0013 8000", "confirm": "13800138000"})
    assert erased.status_code == 303

    cancelled = [m for m in outbox_rows(app) if m.lead_id == waiting.id]
    assert cancelled and {m.status for m in cancelled} == {"cancelled"}
    assert all(m.last_error for m in cancelled)
    report = send_due(app)
    assert (report.sent, report.retrying, report.failed) == (0, 0, 0)
    assert len(mailbox.received) == delivered
    status = app.test_cli_runner().invoke(args=["outbox", "status"]).output
    assert f"0 pending, {delivered} sent, 0 failed, {len(cancelled)} cancelled" in status

    add_user(app, "li", "leader")
    leader = Staff(app, "li", lang="en")
    leader.login()
    page = leader.get(f"/staff/leads/{sent.id}/").get_data(as_text=True)
    assert "Send again" not in page  # nothing of the person's is left to send
    assert "cancelled" in leader.get(f"/staff/leads/{waiting.id}/").get_data(as_text=True)
    ack = next(m for m in outbox_rows(app) if m.lead_id == sent.id and m.kind == "acknowledgement")
    for lead, message in ((sent, ack), (waiting, cancelled[0])):
        response = leader.post(f"/staff/leads/{lead.id}/messages/{message.id}/resend")
        assert 300 <= response.status_code < 500
        if response.status_code in (302, 303):
            response = leader.get(response.headers["Location"])
        assert "personal data of this lead was erased" in response.get_data(as_text=True)
    assert next(m for m in outbox_rows(app) if m.id == ack.id).status == "sent"
    assert {m.status for m in outbox_rows(app) if m.lead_id == waiting.id} == {"cancelled"}
    report = send_due(app)
    assert (report.sent, report.retrying, report.failed) == (0, 0, 0)
    assert len(mailbox.received) == delivered
    assert audit_rows(app, "lead.resend") == []
