"""What a mail tells: its links never take their host from a request's Host or X-Forwarded-Host
(a forged header must not send the investor's private status link elsewhere), and a desk only
copied on a lead reads it masked, as its lead page shows it (issue 20, attack findings)."""

import re

import pytest

from portal.outbox import send_due

from ..lead_helpers import Visitor, stored_leads
from ..staff.test_inbox import signed_in

EVIL = "evil.example"
FORGED = {"Host": EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"}


def everything(mailbox):
    return "\n".join(f"{m}\n{m.get_content()}" for _rcpts, m in mailbox.received)


@pytest.mark.parametrize("config,root", [
    ({}, "http://127.0.0.1:8000/"),
    ({"PROXY_COUNT": 1}, "http://127.0.0.1:8000/"),
    ({"SITE_URL": "https://invest.example.cn/zsj"}, "https://invest.example.cn/zsj/"),
    ({"SITE_URL": "https://invest.example.cn", "PROXY_COUNT": 1}, "https://invest.example.cn/"),
])
def test_a_forged_host_never_reaches_a_mail(lead_app, smtp, mailbox, config, root):
    app = lead_app(SMTP_URL=smtp.url, **config)
    Visitor(app, "en", **FORGED).submit({"industry": "agriculture"})
    assert send_due(app).sent >= 2
    assert EVIL not in everything(mailbox)
    [ack] = mailbox.to("zhang.wei@example.com")
    assert re.search(rf"{re.escape(root)}en/status/[A-Za-z0-9_-]{{32}}/", ack.get_content())


def test_with_trusted_hosts_another_host_is_refused_and_the_trusted_one_is_used(lead_app, smtp, mailbox):
    app = lead_app(SMTP_URL=smtp.url, TRUSTED_HOSTS=("invest.example.cn",), PROXY_COUNT=1)
    assert app.test_client().get("/en/inquiry/", headers=FORGED).status_code == 400
    assert app.test_client().get("/en/inquiry/", headers={"Host": EVIL}).status_code == 400
    Visitor(app, "en", **{**FORGED, "Host": "invest.example.cn",
                          "X-Forwarded-Host": "invest.example.cn"}).submit({"industry": "agriculture"})
    send_due(app)
    assert EVIL not in everything(mailbox)
    [ack] = mailbox.to("zhang.wei@example.com")
    assert re.search(r"https://invest\.example\.cn/en/status/[A-Za-z0-9_-]{32}/", ack.get_content())


def test_a_copied_desk_reads_in_its_mail_what_its_lead_page_shows(lead_app, smtp, mailbox):
    app = lead_app(SMTP_URL=smtp.url, SITE_URL="https://invest.example.cn")
    answers = {"item": "project:tea-processing", "wechat": "wxid_qinglan88", "desk": "bureau"}
    Visitor(app, "zh").submit(answers, confirm="y")
    [lead] = stored_leads(app)
    assert lead.desk == "bureau" and [c["desk"] for c in lead.copies] == ["agri-team"]
    send_due(app)
    [copy] = mailbox.to("agri@qinglan.gov.cn")
    [routed] = mailbox.to("invest@qinglan.gov.cn")
    body = copy.get_content()
    for secret in ("13800138000", "138 0013 8000", "zhang.wei@example.com", "wxid_qinglan88", "张伟"):
        assert secret not in body and secret not in str(copy["Subject"]), secret
    assert copy["Reply-To"] is None
    assert "zhang.wei@example.com" in routed.get_content() and routed["Reply-To"] == "zhang.wei@example.com"
    li = signed_in(app, "li", "desk", desk="agri-team")
    page = li.get(f"/staff/leads/{lead.id}/").get_data(as_text=True)
    for masked in ("138****8000", "z***@example.com", "张*", "w***8"):
        assert masked in page and masked in body, masked
