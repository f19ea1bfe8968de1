"""``portal staff`` as an administrator runs it on the server: a real process, the password on
standard input (never on the command line), on SQLite and PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

from ..conftest import FIXTURE_CONTENT
from .helpers import PASSWORD, Staff

PORTAL = str(Path(sys.executable).with_name("portal"))


def portal(instance, database_url, *args, stdin=""):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_INSTANCE_DIR=str(instance), PORTAL_CONTENT_DIR=str(FIXTURE_CONTENT),
               PORTAL_DATABASE_URL=database_url)
    return subprocess.run([PORTAL, "staff", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)


def test_add_list_reset_disable_as_an_administrator_types_them(staff_app, tmp_path):
    app = staff_app()
    instance, url = Path(app.instance_path), app.config["DATABASE_URL"]

    done = portal(instance, url, "add", "chen.jing", "--role", "desk", "--desk", "agri-team",
                  stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "added chen.jing (desk, desk agri-team)" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr

    refused = portal(instance, url, "add", "zhou.min", "--role", "leader", stdin="qinglan\n")
    assert refused.returncode != 0 and "at least 12 characters" in refused.stderr
    unknown_desk = portal(instance, url, "add", "zhou.min", "--role", "desk", "--desk", "tea",
                          stdin=PASSWORD + "\n")
    assert unknown_desk.returncode != 0 and "no desk 'tea'" in unknown_desk.stderr
    assert "agri-team" in unknown_desk.stderr  # the existing desks are named

    listed = portal(instance, url, "list")
    assert listed.stdout.split() == ["chen.jing", "desk", "agri-team", "must", "change", "password"]

    staff = Staff(app, "chen.jing")  # the first login goes to the password page
    assert staff.login().headers["Location"].endswith("/staff/password")

    assert portal(instance, url, "reset", "chen.jing", stdin="Another-Pass-2027\n").returncode == 0
    assert Staff(app, "chen.jing").login().status_code == 401
    assert Staff(app, "chen.jing", "Another-Pass-2027").login().status_code == 303

    assert portal(instance, url, "disable", "chen.jing").returncode == 0
    assert Staff(app, "chen.jing", "Another-Pass-2027").login().status_code == 401
    assert "disabled" in portal(instance, url, "list").stdout

    empty = portal(instance, url, "add", "wu.hao", "--role", "viewer", stdin="")
    assert empty.returncode != 0 and "no password on standard input" in empty.stderr


def test_prune_audit_keeps_what_is_young(staff_app):
    app = staff_app()
    done = portal(Path(app.instance_path), app.config["DATABASE_URL"], "prune-audit")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("removed 0 audit rows older than 365 days")
