"""Mail for every lead, through a real SMTP server in-process (aiosmtpd): to the routed desk and
the bureau inbox, an acknowledgement to the investor in their language; correct headers for
Chinese; nothing injected; nothing lost when the server is down, slow, or the sender dies
between sending and marking. On SQLite and on PostgreSQL."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

from portal.db import transaction, utcnow
from portal.db.schema import leads, outbox
from portal.leads.privacy import ERASED
from portal.outbox import send_due
from portal.outbox.sender import claim_next

from ..helpers import edit, page
from ..inquiry.test_routing import OFFICE, with_desk
from ..lead_helpers import Mailbox, SmtpServer, Visitor, free_port, outbox_rows, stored_leads

BUREAU = "invest@qinglan.gov.cn"


@pytest.fixture
def content(content_copy):
    """The fixture tree with a resident office for Guangdong and an e-mail for every team."""
    with_desk(content_copy, "prd-office", OFFICE)
    edit(content_copy / "desks" / "materials-team" / "index.zh.md", "phone: 0915-8812370\n",
         "phone: 0915-8812370\nemail: materials@qinglan.gov.cn\n")
    return content_copy


@pytest.mark.parametrize("answers,desk_address", [
    ({"item": "project:rice-cold-chain", "region": "CN-GD"}, "agri@qinglan.gov.cn"),  # the item's desk
    ({"industry": "materials", "region": "CN-GD"}, "materials@qinglan.gov.cn"),  # the industry's team
    ({"industry": "tourism", "region": "CN-GD"}, "prd@qinglan.gov.cn"),  # the region's office
    ({"region": "CN-SH"}, None),  # the bureau alone
])
def test_each_lead_reaches_its_desk_the_bureau_and_the_investor(lead_app, content, smtp, mailbox,
                                                                answers, desk_address):
    app = lead_app(content, SMTP_URL=smtp.url)
    Visitor(app, "en").submit({**answers, "email": "investor@example.com"})
    report = send_due(app)
    expected = 3 if desk_address else 2
    assert (report.sent, report.retrying, report.failed) == (expected, 0, 0)
    [lead] = stored_leads(app)
    if desk_address:
        [to_desk] = mailbox.to(desk_address)
        assert lead.reference in to_desk["Subject"]
        assert to_desk["Reply-To"] == "investor@example.com"
    [to_bureau] = mailbox.to(BUREAU)
    assert lead.reference in to_bureau.get_content()
    if desk_address:  # the bureau is copied: it reads the lead as its page shows it, masked
        assert "张*" in to_bureau["Subject"] and "张伟" not in to_bureau["Subject"]
        assert to_bureau["Reply-To"] is None
    else:  # the bureau works the lead itself
        assert "张伟" in to_bureau["Subject"]
    [ack] = mailbox.to("investor@example.com")
    assert ack["Subject"] == f"We received your inquiry {lead.reference}"
    assert "2 working days" in ack.get_content()
    assert ack["Reply-To"] == (desk_address or BUREAU)
    assert all(row.status == "sent" and row.attempts == 1 for row in outbox_rows(app))


def test_chinese_names_and_subjects_are_encoded_and_read_back(lead_app, smtp, mailbox):
    app = lead_app(SMTP_URL=smtp.url)
    Visitor(app, "zh").submit({"name": "欧阳 娜娜", "company": "青岚锰业（深圳）有限公司"})
    send_due(app)
    [lead] = stored_leads(app)
    for raw in mailbox.raw:
        headers = raw.split(b"\r\n\r\n", 1)[0]
        assert headers.isascii(), "non-ASCII headers must be RFC 2047 encoded"
    [staff] = mailbox.to(BUREAU)
    assert staff["Subject"] == f"【投资咨询 {lead.reference}】欧阳 娜娜"
    assert staff["From"].addresses[0].display_name == "青岚县投资促进局"
    body = staff.get_content()
    assert "青岚锰业（深圳）有限公司" in body and "单位名称 Company or organisation" in body
    [ack] = mailbox.to("zhang.wei@example.com")
    assert ack["Subject"] == f"我们已收到您的咨询 {lead.reference}"
    assert ack["To"].addresses[0].display_name == "欧阳 娜娜"
    assert "2个工作日" in ack.get_content()
    assert "姓名: 欧阳 娜娜" in ack.get_content()  # what they sent is theirs: it is repeated


def test_crlf_in_fields_cannot_add_headers_or_recipients(lead_app, smtp, mailbox):
    app = lead_app(SMTP_URL=smtp.url)
    evil = "张伟\r\nBcc: victim@example.org\r\nSubject: you won"
    assert Visitor(app).send({"email": "a@example.com\r\nBcc: victim@example.org"}).status_code == 422
    Visitor(app).submit({"name": evil, "company": evil, "title": "x\nX-Injected: 1", "wechat": ""})
    send_due(app)
    assert len(mailbox.received) == 2
    for recipients, message in mailbox.received:
        assert "victim@example.org" not in recipients
        assert message["Bcc"] is None and message["X-Injected"] is None
        assert len(message.get_all("Subject")) == 1
    [staff] = mailbox.to(BUREAU)
    assert staff["Subject"].endswith("张伟 Bcc: victim@example.org Subject: you won")


def test_smtp_down_the_lead_is_stored_and_delivered_when_it_is_back(lead_app, mailbox):
    port = free_port()  # nothing listens here yet
    app = lead_app(SMTP_URL=f"smtp://127.0.0.1:{port}")
    thanks = Visitor(app, "zh").submit()
    [lead] = stored_leads(app)
    assert thanks.status_code == 200 and lead.reference in page(thanks).text
    report = send_due(app)
    assert (report.sent, report.retrying) == (0, 1)
    rows = outbox_rows(app)
    assert [r.status for r in rows] == ["pending", "pending"]
    assert "Connection refused" in rows[0].last_error
    server = SmtpServer(mailbox, port=port)
    server.start()
    try:
        report = send_due(app)
    finally:
        server.stop()
    assert report.sent == 2
    assert {r.status for r in outbox_rows(app)} == {"sent"}
    assert len(mailbox.received) == 2
    assert not stored_leads(app)[0].needs_attention


def test_retries_wait_longer_each_time(lead_app, mailbox):
    port = free_port()
    app = lead_app(SMTP_URL=f"smtp://127.0.0.1:{port}", OUTBOX_RETRY_SECONDS=60)
    Visitor(app).submit({"email": ""})  # one message: the bureau's
    start = utcnow()
    send_due(app, now=start)
    [first] = outbox_rows(app)
    assert first.attempts == 1
    assert send_due(app, now=start + timedelta(seconds=30)).retrying == 0  # not due yet
    send_due(app, now=start + timedelta(seconds=61))
    [second] = outbox_rows(app)
    assert second.attempts == 2
    waited = second.next_attempt_at.replace(tzinfo=None) - first.next_attempt_at.replace(tzinfo=None)
    assert waited == timedelta(seconds=121)  # retry at +61 s failed: next one 120 s later, not 60


def test_a_slow_server_does_not_slow_the_form(lead_app):
    slow = Mailbox(delay=30)
    server = SmtpServer(slow)
    server.start()
    app = lead_app(SMTP_URL=server.url, SMTP_TIMEOUT=2)
    Visitor(app).submit()
    sender = threading.Thread(target=send_due, args=(app,))
    sender.start()
    time.sleep(0.3)  # the sender is now waiting on the server
    timings = []
    for n in range(3):
        started = time.perf_counter()
        Visitor(app).submit({"email": f"investor{n}@example.com"})
        timings.append(time.perf_counter() - started)
    sender.join(timeout=20)
    server.stop()
    assert max(timings) < 1.0, timings
    assert len(stored_leads(app)) == 4
    rows = outbox_rows(app)
    assert {r.status for r in rows} == {"pending"}  # nothing lost: retried later
    assert any("timed out" in (r.last_error or "") for r in rows)


def test_a_crash_between_send_and_mark_neither_loses_nor_duplicates(lead_app, smtp, mailbox):
    app = lead_app(SMTP_URL=smtp.url, OUTBOX_LEASE_SECONDS=120)
    Visitor(app).submit()
    sender = {}

    def crash_after_the_server_accepts(message):  # the sender dies before it can mark
        if "killed" not in sender:
            sender["killed"] = message["Message-ID"]
            os.kill(sender["process"].pid, signal.SIGKILL)

    mailbox.on_data = crash_after_the_server_accepts
    env = {**os.environ, "PORTAL_CONTENT_DIR": app.config["CONTENT_DIR"],
           "PORTAL_INSTANCE_DIR": app.instance_path, "PORTAL_DATABASE_URL": app.config["DATABASE_URL"],
           "PORTAL_SMTP_URL": smtp.url, "PORTAL_OUTBOX_LEASE_SECONDS": "120"}
    command = [os.path.join(os.path.dirname(sys.executable), "portal"), "outbox", "send"]
    sender["process"] = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
    try:
        sender["process"].wait(timeout=60)
    finally:  # a sender the SMTP server never reached is not left running
        if sender["process"].poll() is None:
            sender["process"].kill()
            sender["process"].wait()
    assert sender["process"].returncode == -signal.SIGKILL
    crashed = [r for r in outbox_rows(app) if r.message_id == sender["killed"]][0]
    assert (crashed.status, crashed.attempts) == ("pending", 1) and crashed.claimed_until

    send_due(app)  # a sender started at once leaves the claimed message alone
    assert [r.status for r in outbox_rows(app) if r.id == crashed.id] == ["pending"]
    send_due(app, now=utcnow() + timedelta(seconds=121))  # the claim has lapsed
    rows = outbox_rows(app)
    assert {r.status for r in rows} == {"sent"}  # nothing lost
    ids = mailbox.message_ids()
    assert sorted(set(ids)) == sorted(r.message_id for r in rows)  # each message, under one id
    copies = [raw for raw, (_, m) in zip(mailbox.raw, mailbox.received, strict=True)
              if m["Message-ID"] == crashed.message_id]
    assert len(copies) == 2 and copies[0] == copies[1]  # a repeat is the same message, not a new one


def test_a_refused_recipient_fails_at_once_and_flags_the_lead(lead_app, smtp, mailbox):
    mailbox.refuse.add("gone@qinglan.gov.cn")
    app = lead_app(SMTP_URL=smtp.url, BUREAU_INBOX="gone@qinglan.gov.cn")
    Visitor(app).submit()
    report = send_due(app)
    assert (report.sent, report.failed) == (2, 1)  # the bureau desk and the investor; not the inbox
    failed = [r for r in outbox_rows(app) if r.status == "failed"]
    assert failed[0].recipient == "gone@qinglan.gov.cn" and "550" in failed[0].last_error
    assert stored_leads(app)[0].needs_attention


def test_a_message_deferred_every_time_gives_up_after_the_last_attempt(lead_app, smtp, mailbox):
    mailbox.defer = True
    app = lead_app(SMTP_URL=smtp.url, OUTBOX_MAX_ATTEMPTS=3)
    Visitor(app).submit({"email": ""})  # one message: the bureau's
    for _ in range(3):
        send_due(app)
    [row] = outbox_rows(app)
    assert (row.status, row.attempts) == ("failed", 3) and "451" in row.last_error
    assert stored_leads(app)[0].needs_attention
    assert send_due(app).sent == 0


def test_two_senders_never_claim_the_same_message(lead_app):
    app = lead_app()
    Visitor(app).submit()
    now = utcnow()
    first, second, third = claim_next(app, now), claim_next(app, now), claim_next(app, now)
    assert first.id != second.id and third is None


def test_a_lead_whose_desks_have_no_address_is_flagged(lead_app, content_copy):
    edit(content_copy / "desks" / "bureau" / "index.zh.md", "email: invest@qinglan.gov.cn\n", "")
    app = lead_app(content_copy)
    Visitor(app).submit({"industry": "materials"})  # materials-team has no e-mail either
    [lead] = stored_leads(app)
    assert lead.needs_attention
    assert [r.kind for r in outbox_rows(app)] == ["acknowledgement"]


def test_a_message_that_cannot_be_built_fails_once_with_its_reason(lead_app, smtp, mailbox):
    """An acknowledgement whose address was erased (as erasures left them before mail was
    cancelled) can never become a mail message: one attempt, marked failed with the reason,
    never claimed again, and ``portal outbox retry`` leaves an erased lead's mail alone."""
    app = lead_app(SMTP_URL=smtp.url)
    Visitor(app, "zh").submit({"name": "欧阳娜娜"})
    [lead] = stored_leads(app)
    with transaction(app) as connection:
        connection.execute(outbox.update().where(outbox.c.kind == "acknowledgement").values(
            recipient=ERASED, recipient_name=ERASED))
    report = send_due(app)
    assert (report.sent, report.retrying, report.failed) == (1, 0, 1)  # the bureau's still went
    [ack] = [r for r in outbox_rows(app) if r.kind == "acknowledgement"]
    assert (ack.status, ack.attempts) == ("failed", 1)
    assert "cannot be built" in ack.last_error and "domain" in ack.last_error
    later = utcnow() + timedelta(days=2)
    assert claim_next(app, later) is None
    assert (send_due(app, now=later).failed, len(mailbox.received)) == (0, 1)
    with transaction(app) as connection:
        connection.execute(leads.update().where(leads.c.id == lead.id).values(erased_at=utcnow()))
    result = app.test_cli_runner().invoke(args=["outbox", "retry"])
    assert "0 failed message(s) queued again" in result.output, result.output
    assert [r.status for r in outbox_rows(app) if r.kind == "acknowledgement"] == ["failed"]
