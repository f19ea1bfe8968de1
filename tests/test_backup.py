"""Back up, restore into a fresh instance (a new instance folder / a new PostgreSQL schema): the
same leads, events, accounts, audit rows and the rest, column for column; the restored staff
member logs in; the audit log is still append-only; a non-empty database is refused."""

import json
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.backup import SKIPPED, tables
from portal.cli.backups import backup, restore
from portal.db import engine, transaction, utcnow
from portal.db.schema import audit_log, funds, outbox, targets

from .conftest import FIXTURE_CONTENT, build_app
from .lead_helpers import app_cache, database_url, lead_app, postgres_schema_url, postgres_url  # noqa: F401
from .staff.helpers import Staff, add_user, audit_rows, staff_app  # noqa: F401
from .status.helpers import NAME, insert_lead, lead_with_link, move


@pytest.fixture
def fresh(tmp_path, database_url):  # noqa: F811
    """``make()``: a second, empty instance on the same backend as the parametrized one."""
    made, drops = [], []

    def make(name="restored"):
        url = ""
        if database_url:
            url, drop = postgres_schema_url()
            drops.append(drop)
        app = build_app(FIXTURE_CONTENT, tmp_path / name, DATABASE_URL=url)
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["db"].dispose()
    for drop in drops:
        drop()


def fill(app):
    """Accounts, leads at several stages, events, a rating, mail, funds, targets, audit rows."""
    add_user(app, "li.na", "desk", desk="bureau")
    add_user(app, "admin.a", "admin")
    first, _ = lead_with_link(app)
    second = insert_lead(app, desk="agri-team", status="signed", contract_amount=Decimal("1234.50"),
                         signed_on=date(2026, 11, 20), copies=[{"desk": "bureau", "reason": "language"}])
    move(app, first, "contacted", "visit")
    now = utcnow()
    with transaction(app) as connection:
        connection.execute(outbox.insert().values(
            lead_id=first, kind="acknowledgement", message_id="<a@x>", created_at=now, sender="s@x.cn",
            sender_name="青岚县", recipient="zhang.wei@example.com", recipient_name=NAME,
            subject="We received your inquiry", body="正文\nbody", status="sent", attempts=1,
            next_attempt_at=now, sent_at=now))
        connection.execute(funds.insert().values(lead_id=second, arrived_on=date(2026, 11, 25),
                                                 amount=Decimal("600.00"), entered_at=now))
        connection.execute(targets.insert().values(year=2026, desk=None, projects=50,
                                                   contracted=Decimal("2230000"), updated_at=now))
    staff = Staff(app, "li.na")
    staff.login()  # audit rows of a login, as in real use
    staff.get("/staff/")


def everything(app):
    with engine(app).connect() as connection:
        return {t.name: [tuple(r) for r in connection.execute(sa.select(t).order_by(*t.primary_key))]
                for t in tables()}


def test_backup_then_restore_into_a_fresh_instance(staff_app, fresh, tmp_path):  # noqa: F811
    app = staff_app()
    fill(app)
    before = everything(app)
    assert all(before[name] for name in ("leads", "lead_events", "staff_users", "audit_log", "outbox",
                                         "funds", "targets"))
    dest = tmp_path / "portal-backup.jsonl.gz"
    result = app.test_cli_runner().invoke(backup, [str(dest)])
    assert result.exit_code == 0, result.output
    assert dest.exists() and not dest.with_name(dest.name + ".partial").exists()

    restored = fresh()
    result = restored.test_cli_runner().invoke(restore, [str(dest)])
    assert result.exit_code == 0, result.output
    after = everything(restored)
    for name, rows in before.items():
        if name == "audit_log":  # the restore adds its own row at the end
            assert after[name][:len(rows)] == rows
            assert [r[5] for r in after[name][len(rows):]] == ["backup.restored"]
        else:
            assert after[name] == rows, name

    staff = Staff(restored, "li.na")
    assert staff.login().status_code in (302, 303)
    assert staff.get("/staff/password").status_code == 200
    with pytest.raises(sa.exc.DatabaseError):
        with transaction(restored) as connection:
            connection.execute(audit_log.update().values(result="edited"))
    with pytest.raises(sa.exc.DatabaseError):
        with transaction(restored) as connection:
            connection.execute(audit_log.delete())
    add_user(restored, "new.one", "viewer")  # ids continue after the restored ones
    new_audit = audit_rows(restored)[-1].id
    assert new_audit > max(r[0] for r in before["audit_log"])


def test_restore_refuses_a_database_with_rows_unless_forced(staff_app, fresh, tmp_path):  # noqa: F811
    app = staff_app()
    fill(app)
    dest = tmp_path / "backup.jsonl"
    assert app.test_cli_runner().invoke(backup, [str(dest)]).exit_code == 0
    target = fresh("busy")
    add_user(target, "someone.else", "viewer")
    refused = target.test_cli_runner().invoke(restore, [str(dest)])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert [u[1] for u in everything(target)["staff_users"]] == ["someone.else"]
    forced = target.test_cli_runner().invoke(restore, [str(dest), "--force"])
    assert forced.exit_code == 0, forced.output
    assert [u[1] for u in everything(target)["staff_users"]] == ["li.na", "admin.a"]
    with pytest.raises(sa.exc.DatabaseError):  # the guard is back after the forced restore
        with transaction(target) as connection:
            connection.execute(audit_log.delete())


def test_restore_refuses_what_is_not_a_backup_or_of_a_newer_revision(staff_app, fresh, tmp_path):  # noqa: F811
    app = staff_app()
    dest = tmp_path / "backup.jsonl"
    assert app.test_cli_runner().invoke(backup, [str(dest)]).exit_code == 0
    lines = dest.read_text().splitlines()
    header = json.loads(lines[0])
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({**header, "revision": "9999"}) + "\n")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\n")
    target = fresh()
    for path, message in ((other, "revision 9999"), (other, "newer portal: upgrade first"),
                          (junk, "not a backup")):
        result = target.test_cli_runner().invoke(restore, [str(path)])
        assert result.exit_code != 0 and message in result.output


def test_sessions_and_rate_limits_are_not_backed_up():
    assert SKIPPED == {"staff_sessions", "rate_hits"}
    assert not SKIPPED & {t.name for t in tables()}
