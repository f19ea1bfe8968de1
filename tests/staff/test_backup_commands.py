"""``portal backup``, ``portal restore`` and ``portal leads purge`` as the README shows them: real
processes, on SQLite and PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from portal.db.schema import leads

from ..conftest import FIXTURE_CONTENT
from ..lead_helpers import Visitor, postgres_schema_url, stored_leads
from .helpers import PASSWORD, Staff, add_user

PORTAL = str(Path(sys.executable).with_name("portal"))


def portal(instance, database_url, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_INSTANCE_DIR=str(instance), PORTAL_CONTENT_DIR=str(FIXTURE_CONTENT),
               PORTAL_DATABASE_URL=database_url)
    return subprocess.run([PORTAL, *args], capture_output=True, text=True, env=env, timeout=120)


def test_back_up_then_restore_into_a_fresh_instance(staff_app, make_app, tmp_path):
    app = staff_app()
    Visitor(app, "zh").submit({"message": "想了解富硒茶加工项目"})
    add_user(app, "li.na", "desk", desk=stored_leads(app)[0].desk)
    dump = tmp_path / "portal-backup.jsonl.gz"

    done = portal(app.instance_path, app.config["DATABASE_URL"], "backup", str(dump))
    assert done.returncode == 0, done.stderr
    assert dump.stat().st_size > 0

    drop = None
    if app.config["DATABASE_URL"].startswith("postgresql"):
        fresh_url, drop = postgres_schema_url()
    else:
        fresh_url = f"sqlite:///{tmp_path / 'fresh' / 'portal.sqlite3'}"
    try:
        done = portal(tmp_path / "fresh", fresh_url, "restore", str(dump))
        assert done.returncode == 0, done.stderr
        again = portal(tmp_path / "fresh", fresh_url, "restore", str(dump))
        assert again.returncode != 0  # a database with rows is not overwritten by accident
        fresh = make_app(FIXTURE_CONTENT, DATABASE_URL=fresh_url, INSTANCE_DIR=str(tmp_path / "fresh"))
        with fresh.extensions["db"].engine.connect() as connection:
            restored = connection.execute(sa.select(leads.c.reference, leads.c.name)).all()
        assert restored == [(lead.reference, lead.name) for lead in stored_leads(app)]
        assert Staff(fresh, "li.na", PASSWORD).login().status_code == 303
        fresh.extensions["db"].dispose()
    finally:
        if drop:
            drop()


def test_purge_runs_from_the_shell(staff_app):
    app = staff_app()
    done = portal(app.instance_path, app.config["DATABASE_URL"], "leads", "purge")
    assert done.returncode == 0, done.stderr
    assert "0" in done.stdout
