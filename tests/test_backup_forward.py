"""A backup made by an older portal restores into this one, migrated forward (issue 20, item 1).

The older database is built for real: Alembic brings an empty database to an older revision and
rows go in as that schema had them. This code's ``portal backup`` reads the tables the database
has (the header names the old revision), and ``portal restore`` puts them into an empty
database at that revision, then runs every migration since on them, in one transaction.
"""

import gzip
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.backup import read_backup
from portal.cli.backups import backup, restore
from portal.db import create_engine, engine
from portal.db import migrate as migrations
from portal.db.migrate import current, head, migrate, migrating
from portal.db.schema import audit_log, leads, outbox, partner_links

from .conftest import FIXTURE_CONTENT, build_app
from .lead_helpers import BACKENDS, postgres_schema_url, require_postgres
from .staff.helpers import PASSWORD, Staff, add_user

CREATED = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
OLD_BACKUP = Path(__file__).parent / "fixtures" / "backups" / "portal-e76cc78-0002.jsonl.gz"


def lead_0001(number, **more):
    """A lead as revision 0001 stored it: no owner, stage times, copies or status token yet."""
    return {"id": number, "reference": f"QL-2026-{number:06d}", "submission_key": f"key-{number}",
            "created_at": CREATED, "lang": "zh", "name": f"张伟{number}", "company": "深圳锰业科技有限公司",
            "email": f"zhang{number}@example.com", "answers": {"message": "想了解富硒茶加工项目"},
            "desk": "bureau", "routed_by": "default", "consent_at": CREATED, "consent_version": "2026-11",
            "consent_share": True, "consent_newsletter": False, "needs_attention": False,
            "status": "new", **more}


OUTBOX_0001 = {"id": 1, "lead_id": 1, "kind": "acknowledgement", "message_id": "<a@x>",
               "created_at": CREATED, "sender": "s@x.cn", "sender_name": "青岚县",
               "recipient": "zhang1@example.com", "recipient_name": "张伟1", "subject": "收到",
               "body": "正文", "status": "sent", "attempts": 1, "next_attempt_at": CREATED}


@pytest.fixture(params=BACKENDS)
def blank(request, tmp_path):
    """``make(name)``: the URL of an empty database (no schema) on the parametrized backend."""
    drops = []

    def make(name):
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / name / 'portal.sqlite3'}"
        require_postgres()
        url, drop = postgres_schema_url()
        drops.append(drop)
        return url

    yield make
    for drop in drops:
        drop()


@pytest.fixture
def apps(tmp_path):
    """``make(url, name)``: an app on that database (building it leaves the database alone)."""
    made = []

    def make(url, name):
        app = build_app(FIXTURE_CONTENT, tmp_path / name, DATABASE_URL=url)
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["db"].dispose()


def old_database(url, revision="0001"):
    """A database at ``revision`` holding two leads and an acknowledgement, as that schema had them."""
    db = create_engine(url)
    try:
        with migrating(db) as connection:
            migrate(connection, revision)
            found = sa.MetaData()
            found.reflect(connection)
            two = [lead_0001(1), lead_0001(2, status="contacted")]
            connection.execute(found.tables["leads"].insert(), two)
            connection.execute(found.tables["outbox"].insert(), [OUTBOX_0001])
            connection.execute(found.tables["rate_hits"].insert(), [{"bucket": "ip", "hit_at": CREATED}])
    finally:
        db.dispose()


def revision_of(url):
    db = create_engine(url)
    try:
        with db.connect() as connection:
            return current(connection)
    finally:
        db.dispose()


def back_up_old(blank, apps, tmp_path, revision="0001"):
    url = blank("old")
    old_database(url, revision)
    dest = tmp_path / "old.jsonl.gz"
    result = apps(url, "old").test_cli_runner().invoke(backup, [str(dest)])
    assert result.exit_code == 0, result.output
    assert f"schema revision {revision}" in result.output
    assert revision_of(url) == revision  # a backup never migrates the database it reads
    return dest


def header(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.loads(handle.readline())


@pytest.mark.parametrize("target", ["no schema", "migrated and empty"])
def test_a_backup_of_revision_0001_restores_migrated_forward(blank, apps, tmp_path, target):
    dest = back_up_old(blank, apps, tmp_path)
    assert header(dest)["revision"] == "0001"
    assert header(dest)["tables"] == ["leads", "outbox"]  # the old database's tables, not today's

    url = blank("restored")
    restored = apps(url, "restored")
    if target == "migrated and empty":  # as after `portal prepare` / `portal db upgrade`
        engine(restored)
    assert revision_of(url) == (None if target == "no schema" else head())
    result = restored.test_cli_runner().invoke(restore, [str(dest)])
    assert result.exit_code == 0, result.output
    assert "leads 2, outbox 1" in result.output

    with engine(restored).connect() as connection:
        assert current(connection) == head()
        rows = connection.execute(sa.select(leads).order_by(leads.c.id)).mappings().all()
        assert [(r.reference, r.name, r.status, r.answers) for r in rows] == [
            ("QL-2026-000001", "张伟1", "new", {"message": "想了解富硒茶加工项目"}),
            ("QL-2026-000002", "张伟2", "contacted", {"message": "想了解富硒茶加工项目"})]
        assert all(r.created_at.replace(tzinfo=UTC) == CREATED for r in rows)
        assert all(r.owner_id is None and r.stage_at is None and r.status_token_hash is None for r in rows)
        assert connection.execute(sa.select(outbox.c.lead_id, outbox.c.subject)).all() == [(1, "收到")]
        assert connection.execute(sa.select(sa.func.count()).select_from(partner_links)).scalar() == 0
        restores = connection.execute(sa.select(audit_log.c.event, audit_log.c.detail)).all()
        assert [(e, d["revision"], d["rows"]) for e, d in restores] == [("backup.restored", "0001", 3)]

    # The restored leads live on in this version: in the back office, with new ids after theirs.
    add_user(restored, "li.na", "desk", desk="bureau")
    staff = Staff(restored, "li.na")
    staff.login()
    page = staff.get("/staff/leads/")
    assert page.status_code == 200 and "QL-2026-000001" in page.text and "QL-2026-000002" in page.text
    with pytest.raises(sa.exc.DatabaseError):  # the audit log's guard came with the migrations
        with engine(restored).begin() as connection:
            connection.execute(audit_log.update().values(result="edited"))


def test_a_later_data_migration_applies_to_the_restored_rows(blank, apps, tmp_path, monkeypatch):
    """What the forward migration is for: a revision after the backup's rewrites its rows. This
    code has no data migration yet, so the test adds one, as a future release will, to a copy of
    the migrations, and restores with this code pointed at it."""
    dest = back_up_old(blank, apps, tmp_path)
    copy = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "0099_stage_times.py").write_text(
        '"""Leads gain the time of their stage: until now, the time they came in."""\n'
        "from alembic import op\n\n"
        f'revision = "0099"\ndown_revision = "{head()}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade():\n"
        '    op.execute("UPDATE leads SET stage_at = created_at, updated_at = created_at '
        'WHERE stage_at IS NULL")\n\n\n'
        "def downgrade():\n    pass\n")
    monkeypatch.setattr(migrations, "MIGRATIONS", copy)
    assert head() == "0099"

    restored = apps(blank("restored"), "restored")
    with restored.app_context():
        read_backup(restored, dest)
    db = create_engine(restored.config["DATABASE_URL"])
    try:
        with db.connect() as connection:
            assert current(connection) == "0099"
            times = connection.execute(sa.select(leads.c.stage_at, leads.c.updated_at)).all()
    finally:
        db.dispose()
    assert [(s.replace(tzinfo=UTC), u.replace(tzinfo=UTC)) for s, u in times] == [(CREATED, CREATED)] * 2


def test_a_failed_restore_leaves_the_database_as_it_was(blank, apps, tmp_path):
    dest = back_up_old(blank, apps, tmp_path)
    broken = tmp_path / "broken.jsonl"
    with gzip.open(dest, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    # the acknowledgement of a lead that is not in the file: found only after every row is in
    lines = [line.replace('"lead_id": 1,', '"lead_id": 7,') for line in lines]
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")

    target = apps(blank("busy"), "busy")
    add_user(target, "someone.else", "viewer")
    result = target.test_cli_runner().invoke(restore, [str(broken), "--force"])
    assert result.exit_code != 0
    assert "nothing was restored, the database is as it was" in result.output
    with engine(target).connect() as connection:
        assert current(connection) == head()
        assert connection.execute(sa.text("SELECT name FROM staff_users")).scalars().all() == ["someone.else"]
        assert connection.execute(sa.select(sa.func.count()).select_from(leads)).scalar() == 0


def test_a_backup_of_revision_0002_with_accounts_restores(blank, apps, tmp_path):
    url = blank("old")
    old_database(url, "0002")
    db = create_engine(url)
    try:
        with migrating(db) as connection:
            connection.exec_driver_sql(
                "INSERT INTO staff_users (id, name, role, password_hash, must_change_password, "
                "failed_logins, created_at) VALUES (1, 'wang.fang', 'admin', 'x', false, 0, "
                "'2026-11-24 09:30:00')")
    finally:
        db.dispose()
    dest = tmp_path / "old.jsonl"
    assert apps(url, "old").test_cli_runner().invoke(backup, [str(dest)]).exit_code == 0
    first = json.loads(dest.read_text(encoding="utf-8").splitlines()[0])
    assert first["revision"] == "0002" and "partner_links" not in first["tables"]
    restored = apps(blank("restored"), "restored")
    result = restored.test_cli_runner().invoke(restore, [str(dest)])
    assert result.exit_code == 0, result.output
    assert "staff_users 1" in result.output and "leads 2" in result.output


def test_a_real_backup_of_an_older_portal_restores(blank, apps):
    """A file made by the code of commit e76cc78 (schema 0002), kept in tests/fixtures/backups."""
    restored = apps(blank("restored"), "restored")
    result = restored.test_cli_runner().invoke(restore, [str(OLD_BACKUP)])
    assert result.exit_code == 0, result.output
    assert "staff_users 1" in result.output and "leads 2" in result.output and "outbox 4" in result.output
    with engine(restored).connect() as connection:
        assert current(connection) == head()
        found = connection.execute(sa.select(leads.c.reference, leads.c.name).order_by(leads.c.id)).all()
    assert found == [("QL-2026-000001", "欧阳娜娜"), ("QL-2026-000002", "Anna Berg")]
    staff = Staff(restored, "li.na", PASSWORD)  # the password hash the old code wrote
    assert staff.login().status_code == 303
    page = staff.get("/staff/leads/")
    assert "QL-2026-000001" in page.text and "QL-2026-000002" in page.text
