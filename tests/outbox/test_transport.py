"""Mail transports chosen by ``PORTAL_SMTP_URL``, and the ``portal outbox`` commands."""

import email
import os
import signal
import subprocess
import sys
import time
from email.policy import default as default_policy
from pathlib import Path

import pytest

from portal import create_app
from portal.config import ConfigError
from portal.outbox.transport import FileTransport, SmtpTransport, transport_for

from ..lead_helpers import Visitor, outbox_rows, stored_leads, wait_until
from ..staff.helpers import Staff, add_user

PORTAL = Path(sys.executable).with_name("portal")


@pytest.mark.parametrize("url,expected", [
    ("smtp://mail.example.gov.cn", ("mail.example.gov.cn", 25, False, False, None)),
    ("smtp://user%40x:p%40ss@mail:587?starttls=1", ("mail", 587, False, True, "user@x")),
    ("smtps://mail", ("mail", 465, True, False, None)),
])
def test_smtp_urls(url, expected):
    transport = transport_for({"SMTP_URL": url, "SMTP_TIMEOUT": 5}, "/tmp")
    assert isinstance(transport, SmtpTransport)
    assert (transport.host, transport.port, transport.tls, transport.starttls, transport.user) == expected


def test_a_wrong_smtp_url_stops_the_start(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_SMTP_URL"):
        create_app({"TESTING": True, "INSTANCE_DIR": str(tmp_path), "SMTP_URL": "http://mail"})


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_by_default_mail_goes_to_eml_files_in_the_instance_folder(lead_app):
    app = lead_app(SMTP_URL="")
    Visitor(app, "zh").submit({"name": "欧阳娜娜"})
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "0 sent, 2 written to a file (not mailed), 0 to retry, 0 failed" in result.output
    files = sorted((Path(app.instance_path) / "mail").glob("*.eml"))
    assert {f.name for f in files} == {r.message_id.strip("<>") + ".eml" for r in outbox_rows(app)}
    messages = [email.message_from_bytes(f.read_bytes(), policy=default_policy) for f in files]
    assert any("欧阳娜娜" in m["Subject"] for m in messages)


PRODUCTION = {"ENV": "production", "SITE_URL": "https://invest.example.gov.cn/zsj/",
              "SECRET_KEY": "k" * 40, "SMTP_URL": "files"}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_mail_written_to_files_is_never_called_sent(lead_app):
    app = lead_app(**PRODUCTION)
    Visitor(app, "zh").submit({"name": "欧阳娜娜"})
    runner = app.test_cli_runner()
    assert "2 written to a file" in runner.invoke(args=["outbox", "send"]).output
    assert {r.status for r in outbox_rows(app)} == {"written"}
    status = runner.invoke(args=["outbox", "status"]).output
    assert status.strip() == "0 pending, 0 sent, 0 failed, 2 written to a file (not mailed)"
    lead = stored_leads(app)[0]
    staff = signed_in_over_https(app, "leader")
    for url in ("/staff/", f"/staff/leads/{lead.id}/"):
        page = staff.get(url, follow_redirects=True)
        assert page.status_code == 200
        assert "Leads are not being mailed" in page.get_data(as_text=True)
    delivery = staff.get(f"/staff/leads/{lead.id}/").get_data(as_text=True)
    assert "written to a file" in delivery and ">sent<" not in delivery


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_banner_when_mail_goes_to_a_server(lead_app, smtp):
    app = lead_app(**{**PRODUCTION, "SMTP_URL": smtp.url})
    staff = signed_in_over_https(app, "leader")
    page = staff.get("/staff/", follow_redirects=True)
    assert "Leads are not being mailed" not in page.get_data(as_text=True)


class StaffOverHttps(Staff):
    def get(self, url, **kwargs):
        return super().get(url, base_url="https://localhost", **kwargs)

    def post(self, url, data=None, csrf=True, **kwargs):
        return super().post(url, data, csrf, base_url="https://localhost", **kwargs)


def signed_in_over_https(app, name, lang="en"):
    add_user(app, name, "leader")
    staff = StaffOverHttps(app, name, lang=lang)
    assert staff.login().status_code == 303
    return staff


def test_the_file_transport_delivers_a_repeated_message_once(tmp_path):
    message = email.message.EmailMessage()
    message["Message-ID"] = "<QL-2026-000001.desk.abc@localhost>"
    message.set_content("第一次")
    with FileTransport(tmp_path) as transport:
        transport.send(message)
        transport.send(message)
    assert [p.name for p in tmp_path.iterdir()] == ["QL-2026-000001.desk.abc@localhost.eml"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_status_and_retry_of_failed_messages(lead_app):
    app = lead_app(SMTP_URL="smtp://127.0.0.1:9", OUTBOX_MAX_ATTEMPTS=1)
    Visitor(app).submit({"email": ""})
    runner = app.test_cli_runner()
    runner.invoke(args=["outbox", "send"])
    assert runner.invoke(args=["outbox", "status"]).output.strip() == "0 pending, 0 sent, 1 failed"
    assert "1 failed message(s) queued again" in runner.invoke(args=["outbox", "retry"]).output
    assert runner.invoke(args=["outbox", "status"]).output.strip() == "1 pending, 0 sent, 0 failed"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_sender_loop_delivers_new_leads_and_stops_on_sigterm(lead_app):
    app = lead_app(SMTP_URL="")
    env = {**os.environ, "PORTAL_CONTENT_DIR": app.config["CONTENT_DIR"],
           "PORTAL_INSTANCE_DIR": app.instance_path, "PORTAL_DATABASE_URL": app.config["DATABASE_URL"]}
    loop = subprocess.Popen([PORTAL, "outbox", "send", "--loop", "--interval", "0.2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        Visitor(app).submit()
        assert wait_until(lambda: {r.status for r in outbox_rows(app)} == {"written"}, timeout=30)
    finally:
        loop.send_signal(signal.SIGTERM)
        started = time.monotonic()
        assert loop.wait(timeout=10) == 0
        assert time.monotonic() - started < 5
