"""No inquiry lost when the database is down (issue 20, item 7): a private PostgreSQL cluster is
stopped (``pg_ctl stop -m immediate``) during a run of inquiries sent over HTTP to a served app;
each visitor still reads "received" (a receipt code), each inquiry is a fsynced file in the
spool; /healthz and the back office say so; once the cluster is back, two importers at once (the
operator's ``portal leads import-spool`` and the outbox sender's round) make every inquiry a
lead exactly once, with its mails, at the time it was received."""

import html
import json
import os
import re
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from portal import spool
from portal.db import engine
from portal.db.schema import leads, outbox

from ..conftest import FIXTURE_CONTENT, build_app
from ..helpers import serving
from ..lead_helpers import GOOD, TEST_CONFIG, wait_until
from ..staff.helpers import PASSWORD, add_user, csrf_of
from .postgres_cluster import Cluster, require_binaries

PORTAL = Path(sys.executable).parent / "portal"
HIDDEN = re.compile(r'<input id="(\w+)" name="\w+" type="hidden" value="([^"]*)"')
RECEIPT = re.compile(r"S-[0-9A-F]{4}-[0-9A-F]{4}")
REFERENCE = re.compile(r"QL-\d{4}-\d{6}")


@pytest.fixture
def cluster():
    require_binaries()
    cluster = Cluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def site(cluster, tmp_path):
    """``make(**config)``: the app on the cluster, served on a free port; yields (app, base URL)."""
    opened = []

    def make(**config):
        app = build_app(FIXTURE_CONTENT, tmp_path / f"instance-{len(opened)}", DATABASE_URL=cluster.url,
                        **{**TEST_CONFIG, **config})
        server = serving(app)
        opened.append((app, server))
        return app, server.__enter__()

    yield make
    for app, server in opened:
        server.__exit__(None, None, None)
        app.extensions["db"].dispose()


def send(base, number, lang="en", **answers):
    """One visitor's inquiry over HTTP: open the form, send it, follow to the thank-you page.
    Returns (status of the POST, thank-you page text, time sent, time answered)."""
    browser = requests.Session()
    form = browser.get(f"{base}/{lang}/inquiry/", timeout=30)
    assert form.status_code == 200
    data = {k: html.unescape(v) for k, v in HIDDEN.findall(form.text)}
    data |= {**GOOD, "name": f"Investor {number}", "email": f"investor{number}@example.com", **answers}
    sent = datetime.now(UTC)
    posted = browser.post(f"{base}/{lang}/inquiry/", data=data, allow_redirects=False, timeout=30)
    answered = datetime.now(UTC)
    if posted.status_code != 303:
        return posted.status_code, posted.text, sent, answered
    thanks = browser.get(requests.compat.urljoin(base, posted.headers["Location"]), timeout=30)
    assert thanks.status_code == 200
    return 303, thanks.text, sent, answered


def health(base):
    response = requests.get(f"{base}/healthz", timeout=30)
    return response.status_code, response.json()


def staff_browser(app, base):
    """A leader signed in over HTTP."""
    add_user(app, "li", "leader")
    browser = requests.Session()
    login = browser.get(f"{base}/staff/login", timeout=30)
    signed = browser.post(f"{base}/staff/login", timeout=30, data={
        "name": "li", "password": PASSWORD, "csrf_token": csrf_of(login.text)})
    assert signed.status_code == 200 and "/staff/login" not in signed.url
    return browser


def command_env(app):
    env_file = Path(app.instance_path) / "empty.env"  # not this machine's /etc/portal/portal.env
    env_file.write_text("")
    return {**{k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")},
            "PORTAL_ENV_FILE": str(env_file), "PORTAL_INSTANCE_DIR": app.instance_path,
            "PORTAL_CONTENT_DIR": str(FIXTURE_CONTENT), "PORTAL_DATABASE_URL": app.config["DATABASE_URL"]}


def portal(app, *argv):
    return subprocess.Popen([str(PORTAL), *argv], env=command_env(app), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finished(process, timeout=120):
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, err


def rows(app, table, order):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(table).order_by(order)).all()


def test_inquiries_sent_while_postgresql_is_down_become_leads_once_the_database_is_back(site, cluster):
    app, base = site()
    status, body = health(base)
    assert (status, body["status"], body["database"], body["spooled"]) == (200, "ok", "ok", 0)
    leader = staff_browser(app, base)
    times = {}
    for number in range(3):  # the database up: leads at once, with their reference
        status, page, *times[number] = send(base, number)
        assert status == 303 and REFERENCE.search(page) and not RECEIPT.search(page)

    cluster.stop("immediate")
    for number in range(3, 9):
        status, page, *times[number] = send(base, number)
        assert status == 303, page[-2000:]
        assert "we have received your inquiry" in page and RECEIPT.search(page), page[-2000:]
        assert not REFERENCE.search(page)  # none exists yet: the page says it comes by mail
        assert "reference number is not ready yet" in page
    files = spool.waiting(app.instance_path)
    assert len(files) == 6
    folder = spool.folder(app.instance_path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    names = [json.loads(f.read_text())["values"]["name"] for f in files]
    assert names == [f"Investor {n}" for n in range(3, 9)]  # the files sort in the order received
    status, body = health(base)
    assert status == 200  # degraded, yet serving: see root.healthz
    assert (body["status"], body["database"], body["spooled"]) == ("degraded", "unreachable", 6)
    down = leader.get(f"{base}/staff/", timeout=30)
    assert down.status_code == 503 and "数据库无法连接" in down.text  # the back office speaks Chinese
    assert down.headers["Retry-After"]

    cluster.start()
    status, body = health(base)
    assert (status, body["status"], body["database"], body["spooled"]) == (200, "degraded", "ok", 6)
    office = leader.get(f"{base}/staff/", timeout=30)
    assert office.status_code == 200
    assert "数据库中断期间收到的 6 条咨询正在等待导入" in office.text

    # Two importers at once: the operator's command and a round of the outbox sender.
    first, second = portal(app, "leads", "import-spool"), portal(app, "outbox", "send")
    (code, out, err), (code2, out2, err2) = finished(first), finished(second)
    assert code == 0 and code2 == 0, (out, err, out2, err2)
    lines = re.findall(r"(S-\w{4}-\w{4}) -> (QL-\d{4}-\d{6})", out)
    counted = re.search(r"import_spool: (\d+) imported", out2)
    assert len(lines) + int(counted.group(1)) == 6, (out, out2)

    stored = rows(app, leads, leads.c.id)
    assert [lead.name for lead in stored] == [f"Investor {n}" for n in range(9)]  # each once, in order
    for number, lead in enumerate(stored):
        sent, answered = times[number]
        created = lead.created_at.astimezone(UTC)
        assert sent <= created <= answered, (number, created, sent, answered)  # when it was received
        assert lead.consent_at.astimezone(UTC) == created
    assert sorted(lead.created_at for lead in stored) == [lead.created_at for lead in stored]
    for receipt, reference in lines:
        lead = next(lead for lead in stored if lead.reference == reference)
        assert lead.submission_key[:8].upper() == receipt.replace("S-", "").replace("-", "")

    mails = rows(app, outbox, outbox.c.id)
    by_lead = {lead.id: [(m.kind, m.recipient) for m in mails if m.lead_id == lead.id] for lead in stored}
    direct = by_lead[stored[0].id]
    assert ("acknowledgement", "investor0@example.com") in direct and len(direct) >= 2
    for lead in stored[3:]:  # routed and mailed as the direct inquiries were
        investor = f"investor{lead.name.split()[1]}@example.com"
        assert by_lead[lead.id] == [(kind, investor if kind == "acknowledgement" else to)
                                    for kind, to in direct]
        acknowledgement = next(m for m in mails if m.lead_id == lead.id and m.kind == "acknowledgement")
        assert lead.reference in acknowledgement.subject
    assert spool.count(app.instance_path) == spool.Counts(0, 0)
    assert health(base)[1]["status"] == "ok"
    assert "正在等待导入" not in leader.get(f"{base}/staff/", timeout=30).text


def test_a_claim_left_by_a_dead_importer_is_imported_again_and_stores_nothing_twice(site, cluster):
    """An importer that committed the lead and died before removing its claimed file."""
    app, base = site()
    cluster.stop("immediate")
    assert send(base, 1)[0] == 303
    [waiting] = spool.waiting(app.instance_path)
    kept = waiting.read_bytes()
    cluster.start()
    code, out, err = finished(portal(app, "leads", "import-spool"))
    assert code == 0 and "1 imported" in out, (out, err)
    dead = spool.make_folder(spool.folder(app.instance_path) / spool.IMPORTING) / waiting.name
    dead.write_bytes(kept)
    code, out, err = finished(portal(app, "leads", "import-spool"))
    assert code == 0 and "0 imported, 1 already leads" in out, (out, err)
    assert len(rows(app, leads, leads.c.id)) == 1
    mails = rows(app, outbox, outbox.c.id)
    assert len({(m.kind, m.recipient) for m in mails}) == len(mails)  # no mail queued twice
    assert spool.count(app.instance_path) == spool.Counts(0, 0)


def test_a_spool_file_that_cannot_be_imported_is_moved_aside_and_reported(site, cluster):
    app, base = site()
    cluster.stop("immediate")
    assert send(base, 1)[0] == 303
    broken = spool.write(app.instance_path, "20260101T000000000000Z-" + "0" * 32, {"values": {"name": "x"}})
    cluster.start()
    code, out, err = finished(portal(app, "leads", "import-spool"))
    assert code == 1 and "1 imported" in out and "1 rejected" in out, (out, err)
    assert broken.name in err
    rejected = spool.rejected(app.instance_path)
    assert [p.name for p in rejected] == [broken.name]
    assert "missing" in rejected[0].with_name(rejected[0].name + ".reason.txt").read_text()
    status, body = health(base)
    assert (status, body["status"], body["spooled"], body["spool_rejected"]) == (200, "degraded", 0, 1)
    leader = staff_browser(app, base)
    assert "数据库中断期间收到的 1 条咨询无法导入" in leader.get(
        f"{base}/staff/", timeout=30).text


def test_while_the_database_is_down_the_spool_counts_the_limits(site, cluster):
    """Limits kept in the database cannot be checked: spooled files count against the same limits."""
    app, base = site(INQUIRY_LIMIT_PER_ADDRESS="2 per hour")
    cluster.stop("immediate")
    assert send(base, 1)[0] == 303
    assert send(base, 2)[0] == 303
    status, page, *_ = send(base, 3)
    assert status == 429 and "Please call us" in page
    assert len(spool.waiting(app.instance_path)) == 2
    cluster.start()


def test_a_full_spool_takes_no_more_and_says_to_call(site, cluster):
    app, base = site(INQUIRY_SPOOL_MAX=2)
    cluster.stop("immediate")
    spool.write(app.instance_path, "20260101T000000000000Z-" + "0" * 32, ["broken"])  # not counted
    assert send(base, 1)[0] == 303
    assert send(base, 2)[0] == 303
    status, page, *_ = send(base, 3)
    assert status == 503 and "Please call us" in page and not RECEIPT.search(page)
    assert len(spool.waiting(app.instance_path)) == 3
    cluster.start()


def test_the_same_form_sent_twice_while_the_database_is_down_is_one_inquiry(site, cluster):
    app, base = site()
    cluster.stop("immediate")
    browser = requests.Session()
    form = browser.get(f"{base}/zh/inquiry/", timeout=30)
    data = {**{k: html.unescape(v) for k, v in HIDDEN.findall(form.text)}, **GOOD}
    receipts = set()
    for _ in range(2):
        posted = browser.post(f"{base}/zh/inquiry/", data=data, timeout=30)
        assert posted.status_code == 200
        receipts |= set(RECEIPT.findall(posted.text))
    assert len(receipts) == 1 and len(spool.waiting(app.instance_path)) == 1
    cluster.start()


def test_the_sender_loop_imports_the_spool_when_the_database_comes_back(site, cluster):
    """Received in every language while the database is down; the sender's service, running all
    along, imports them and sends their mail once it is back."""
    app, base = site()
    cluster.stop("immediate")
    for number, lang in enumerate(["zh", "zh-hant", "en"]):
        status, page, *_ = send(base, number, lang=lang)
        assert status == 303 and RECEIPT.search(page) and not REFERENCE.search(page), page[-2000:]
    loop = portal(app, "outbox", "send", "--loop", "--interval", "0.3")
    try:
        time.sleep(1)  # a few rounds against the stopped database
        assert loop.poll() is None
        cluster.start()
        assert wait_until(lambda: not spool.count(app.instance_path), timeout=60)
        assert wait_until(lambda: {m.status for m in rows(app, outbox, outbox.c.id)} == {"written"},
                          timeout=60)
    finally:
        loop.terminate()
        code, out, err = finished(loop, timeout=30)
    assert code == 0, err[-3000:]
    stored = rows(app, leads, leads.c.id)
    assert [(lead.name, lead.lang) for lead in stored] == [
        ("Investor 0", "zh"), ("Investor 1", "zh-hant"), ("Investor 2", "en")]
    assert "import_spool: 3 imported" in err


def test_only_a_database_that_cannot_be_reached_sends_inquiries_to_the_spool(cluster):
    """A query cancelled by its timeout is the code's problem, not an outage: it is not spooled."""
    database = sa.create_engine(cluster.url)
    try:
        with pytest.raises(sa.exc.OperationalError) as cancelled, database.connect() as connection:
            connection.exec_driver_sql("SET statement_timeout = 10")
            connection.exec_driver_sql("SELECT pg_sleep(1)")
        assert not spool.unreachable(cancelled.value)
        with database.connect() as connection:
            cluster.stop("immediate")
            with pytest.raises(sa.exc.OperationalError) as gone:
                connection.exec_driver_sql("SELECT 1")
        assert spool.unreachable(gone.value)  # the server went away under an open connection
        with pytest.raises(sa.exc.OperationalError) as refused, database.connect():
            pass
        assert spool.unreachable(refused.value)
        cluster.start()
    finally:
        database.dispose()
