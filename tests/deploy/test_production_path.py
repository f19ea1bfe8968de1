"""The production path of docs/operations.md, end to end, as real processes in a temporary root:
install an OLD release on a fresh PostgreSQL database, its services started from the shipped
units behind the shipped nginx configuration under /zsj/ (self-signed certificate), data put
in (a leader, two inquiries over HTTPS, the leader's note on one), then the upgrade to HEAD, a
failed upgrade, the checks, the backups (the timer's job, and cron's line in cron's empty
environment), a rollback and back, and the OLDER release's backup restored into a fresh
database, served, and logged into.

The backup restored is the one deploy/upgrade makes with the old release before it upgrades:
an old release predates the settings file and `portal backup DIR --keep-days`, so cron's line
and the nightly unit only work from the release that brings them (that is what issue 20 fixes).
The new release is HEAD as committed (a clone's): changes not committed are not in it.
"""

import getpass
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from ..lead_helpers import GOOD, PG_SERVER, Mailbox, SmtpServer, free_port, require_postgres
from ..quality.components import require
from .browser import Browser, wait_until_serving
from .nginx import Site, require_nginx
from .procedure import Procedure
from .services import Systemd

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# The old release: a tag of main at least 20 commits old if there is one, else a commit from
# before issue 20's work ("The house has floors again"), which predates the settings file.
OLD_COMMIT = "70d8f49769c3fcf5fe65591583ddd7dfc51207ab"
MIN_AGE = 20
PASSWORD, NEW_PASSWORD = "Qinglan-2026-zhaoshang", "Qinglan-2027-touzi-cujin"
ADD_ADMIN = "runuser -u portal -- /srv/portal/current/.venv/bin/portal staff add --role admin wang.admin"
INSTALL = ("cd /srv/portal/src", 'deploy/install "$RELEASE"')
UPGRADE = ("cd /srv/portal/src", "git fetch --tags", 'git checkout "$RELEASE"', "deploy/upgrade")
RESTART = "systemctl restart portal.service portal-outbox.service"
ROLL_BACK = ('ln -sfn /srv/portal/releases/"$PREVIOUS" /srv/portal/current.new',
             "mv -T /srv/portal/current.new /srv/portal/current", RESTART)
DOCTOR = "runuser -u portal -- /srv/portal/current/.venv/bin/portal doctor"
RESTORE = ("runuser -u portal -- env PORTAL_DATABASE_URL=postgresql+psycopg://portal@/portal_restored "
           '/srv/portal/current/.venv/bin/portal restore "$BACKUP"')
CRON_BACKUP = ("30 2 * * * portal /srv/portal/current/.venv/bin/portal backup /var/backups/portal "
               "--keep-days 30")


def git(*args):
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def old_release():
    """A release of main at least MIN_AGE commits older than HEAD: the newest such tag, else OLD_COMMIT."""
    for tag in git("tag", "--merged", "HEAD", "--sort=-creatordate").split():
        if int(git("rev-list", "--count", f"{tag}..HEAD")) >= MIN_AGE:
            return git("rev-parse", "--short=12", f"{tag}^{{commit}}")
    assert int(git("rev-list", "--count", f"{OLD_COMMIT}..HEAD")) >= MIN_AGE
    return OLD_COMMIT[:12]


def new_database():
    """A fresh database on the test server: (its URL, drop function)."""
    name = f"portal_e2e_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return sa.make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False), drop


def rows(url):
    """What must survive: every lead, every lead event, every account with its password hash."""
    engine = sa.create_engine(url)
    queries = {"leads": "SELECT reference, email FROM leads ORDER BY id",
               "events": "SELECT lead_id, kind, note FROM lead_events ORDER BY id",
               "staff": "SELECT name, role, password_hash FROM staff_users ORDER BY name"}
    try:
        with engine.connect() as c:
            return {name: c.execute(sa.text(query)).all() for name, query in queries.items()}
    finally:
        engine.dispose()


def fill_settings(path, **values):
    """What the IT person does in an editor: the CHANGE-ME values, and lines of their own."""
    text = path.read_text()
    for name, value in values.items():
        line = next((x for x in text.splitlines() if x.startswith(f"PORTAL_{name}=")), None)
        text = text.replace(line, f"PORTAL_{name}={value}") if line else text + f"PORTAL_{name}={value}\n"
    path.write_text(text)


def settings_environment(path):
    return {k: v for k, v in (line.split("=", 1) for line in path.read_text().splitlines()
                              if line.startswith("PORTAL_"))}


def log_in(site, name, password):
    browser = Browser(site.base, site.context)
    browser.open("/staff/login")
    status, location, _ = browser.open("/staff/login", {"name": name, "password": password})
    assert status == 303, f"login of {name}: {status}"
    return browser, location


def send_inquiries(site, count):
    browsers = [Browser(site.base, site.context) for _ in range(count)]
    for browser in browsers:
        assert browser.open("/zh/inquiry/")[0] == 200
    time.sleep(3.5)  # the form refuses what is sent faster than a person types (3 s)
    for n, browser in enumerate(browsers):
        status, location, body = browser.open("/zh/inquiry/", {**GOOD, "email": f"investor{n}@example.com"})
        assert status == 303, body[-2000:]


def test_production_path(tmp_path):
    require_postgres()
    require_nginx()
    require(shutil.which("python3") and shutil.which("git"), "python3 and git are needed (apt-get install)")
    started = time.monotonic()
    old, head = old_release(), git("rev-parse", "--short=12", "HEAD")
    root = tmp_path / "root"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(root / "srv" / "portal" / "src")], check=True)
    (root / "etc" / "systemd" / "system").mkdir(parents=True)
    database, drop_database = new_database()
    restored, drop_restored = new_database()
    mailbox = Mailbox()
    smtp = SmtpServer(mailbox)
    smtp.start()
    systemd = Systemd(root)
    upstream = free_port()
    site = Site(tmp_path / "nginx", "prefix", upstream).install()
    procedure = Procedure(root, [("postgresql+psycopg://portal@/portal_restored", restored)])
    trust = {"SSL_CERT_FILE": str(site.cert)}  # portal doctor trusts the self-signed certificate
    try:
        # Install the old release: the first run writes the settings and stops; fill them in.
        first = procedure.run(*INSTALL, RELEASE=old, status=1)
        assert "CHANGE-ME" in first.stderr
        assert (os.stat(procedure.env_file).st_mode & 0o777) == 0o640
        fill_settings(procedure.env_file, SITE_URL=site.base, SMTP_URL=smtp.url, DATABASE_URL=database,
                      MAIL_FROM="noreply@example.gov.cn", BUREAU_INBOX="zsj@example.gov.cn", PORT=upstream)
        procedure.run(*INSTALL, RELEASE=old)
        assert os.readlink(root / "srv/portal/current").endswith(f"/releases/{old}")
        site.start()
        wait_until_serving(site.base, site.context)

        # Data with the old release: an account (its commands need the settings exported, as
        # deploy/upgrade gives them), two inquiries over HTTPS, the first password changed, a note.
        subprocess.run([root / "srv/portal/current/.venv/bin/portal", "staff", "add", "--role", "leader",
                        "zhao.leader"], input=PASSWORD + "\n", text=True, check=True, capture_output=True,
                       env={"PATH": "/usr/bin:/bin", **settings_environment(procedure.env_file)})
        send_inquiries(site, 2)
        staff, location = log_in(site, "zhao.leader", PASSWORD)
        assert location.endswith("/zsj/staff/password")
        staff.open("/staff/password")
        assert staff.open("/staff/password", {"current": PASSWORD, "new": NEW_PASSWORD,
                                              "repeat": NEW_PASSWORD})[0] == 303
        assert staff.open("/staff/leads/1/")[0] == 200
        status, _, page = staff.open("/staff/leads/1/note", {"text": "已电话联系，下周考察园区"})
        assert status == 303, (staff.hidden, page[-3000:])
        assert mailbox.wait_for(4, timeout=60), "the outbox service did not send the leads' mail"
        before = rows(database)
        assert len(before["leads"]) == 2 and before["events"] and len(before["staff"]) == 1

        # Upgrade to HEAD: a backup with the old release, then the new one serves the same data.
        upgrade = procedure.run(*UPGRADE, RELEASE=head)
        assert os.readlink(root / "srv/portal/current").endswith(f"/releases/{head}")
        backups = root / "var/backups/portal"
        (older,) = backups.glob(f"pre-upgrade-*-{old}.jsonl.gz")
        assert "== f." in upgrade.stdout and (older.stat().st_mode & 0o777) == 0o600
        wait_until_serving(site.base, site.context)
        assert rows(database) == before
        assert log_in(site, "zhao.leader", NEW_PASSWORD)[1].endswith("/zsj/staff/leads/")

        # Check, add the first administrator as the doc says, the services.
        # One problem is expected: under /zsj/ the county's own server block answers plain HTTP,
        # and the stand-in for it (tests/deploy/nginx.py) has no port-80 redirect to check.
        doctor = procedure.run(DOCTOR, status=1, **trust)
        problems = [line for line in doctor.stdout.splitlines() if not line.startswith("WARNING")]
        assert len(problems) == 1 and problems[0].startswith("PROBLEM: HTTP 无响应"), doctor.stdout
        procedure.run(ADD_ADMIN, input=PASSWORD + "\n")
        assert log_in(site, "wang.admin", PASSWORD)[1].endswith("/zsj/staff/password")
        procedure.run("systemctl status portal.service portal-outbox.service")
        assert "portal-backup.timer" in procedure.run("systemctl list-timers 'portal-*'").stdout
        procedure.run(RESTART)
        wait_until_serving(site.base, site.context)

        # A failed upgrade (here at its first step: the settings name a database that is not
        # there) stops, says where and how to roll back, and leaves the running release alone.
        broken = procedure.env_file.with_name("broken.env")
        broken.write_text(procedure.env_file.read_text().replace(database, database + "_missing"))
        failed = subprocess.run([root / "srv/portal/src/deploy/upgrade"], capture_output=True, text=True,
                                env={**procedure.env, "PORTAL_ENV_FILE": str(broken)}, timeout=300)
        assert failed.returncode != 0 and "FAILED at step a" in failed.stderr, failed.stderr
        assert "still current" in failed.stderr and os.readlink(root / "srv/portal/current").endswith(head)
        wait_until_serving(site.base, site.context, timeout=5)

        # Backups: the timer's job now, and cron's line as cron runs it (empty environment).
        procedure.run("systemctl start portal-backup.service", "ls -l /var/backups/portal")
        procedure.cron(CRON_BACKUP)
        nightly = sorted(backups.glob("portal-*.jsonl.gz"))
        assert nightly and all((p.stat().st_mode & 0o777) == 0o600 for p in nightly)

        # Roll back to the old release, and forward again, as the doc says.
        procedure.run(*ROLL_BACK, PREVIOUS=old)
        wait_until_serving(site.base, site.context)
        assert os.readlink(root / "srv/portal/current").endswith(f"/releases/{old}")
        procedure.run(*ROLL_BACK, PREVIOUS=head)
        wait_until_serving(site.base, site.context)

        # The OLDER backup restored with the NEW release into a fresh database, then served.
        procedure.run(RESTORE, BACKUP=str(older))
        assert rows(restored) == before
        fill_settings(procedure.env_file, DATABASE_URL=restored)
        procedure.run(RESTART)
        wait_until_serving(site.base, site.context)
        assert log_in(site, "zhao.leader", NEW_PASSWORD)[1].endswith("/zsj/staff/leads/")
        assert procedure.not_run() == [], "commands of docs/operations.md no test runs"
        for unit in ("portal.service", "portal-outbox.service"):  # each stopped as its unit says
            assert "KILLED" not in systemd.log(unit), systemd.log(unit)[-3000:]
        # SIGTERM to Granian's main process alone (KillMode=mixed): its workers stop gracefully.
        assert "Killing worker" not in systemd.log("portal.service"), systemd.log("portal.service")[-3000:]
        print(f"production path: {time.monotonic() - started:.0f} s; runtime venv "
              f"{du(root / 'srv/portal/releases' / head / '.venv')} MB (user {getpass.getuser()})")
    finally:
        site.stop()
        systemd.stop_all()
        smtp.stop()
        drop_database()
        drop_restored()


def du(path):
    return int(subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True).stdout.split()[0])
