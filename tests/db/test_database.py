"""The leads database: SQLite in the instance folder by default (WAL, writers queue instead of
failing), PostgreSQL when configured; the schema comes from the Alembic migrations."""

import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.db import engine
from portal.db.migrate import head
from portal.db.schema import metadata

from ..lead_helpers import GOOD, Visitor, stored_leads


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_default_database_is_a_sqlite_file_in_the_instance_folder(lead_app):
    app = lead_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{app.instance_path}/portal.sqlite3"
    with engine(app).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_the_migrations_build_exactly_the_schema_the_code_uses(lead_app):
    app = lead_app()
    with engine(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == head()
        assert compare_metadata(context, metadata) == []


def test_portal_db_upgrade_creates_then_reports_the_database(lead_app):
    app = lead_app()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert f"revision {head()}" in first.output
    again = runner.invoke(args=["db", "upgrade"])
    assert "already at revision" in again.output
    assert "password" not in again.output.lower()


def test_50_concurrent_submits_store_50_leads(lead_app):
    """Fifty visitors press "send" at the same moment: every lead is stored, none fails."""
    app = lead_app()
    visitors = [Visitor(app) for _ in range(50)]
    for visitor in visitors:
        visitor.open()
    start = threading.Barrier(len(visitors))
    statuses = []

    def send(n, visitor):
        start.wait()
        statuses.append(visitor.send({"email": f"investor{n}@example.com", "phone": ""}).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [303] * 50
    stored = stored_leads(app)
    assert len(stored) == 50
    assert len({lead.reference for lead in stored}) == 50


def test_a_transaction_that_fails_leaves_nothing_behind(lead_app):
    from portal.db import transaction
    from portal.db.schema import leads

    app = lead_app()
    with pytest.raises(sa.exc.IntegrityError):
        with transaction(app) as connection:
            connection.execute(leads.insert().values(submission_key="x", lang="zh", name=GOOD["name"],
                                                     answers=[], desk="bureau", routed_by="bureau",
                                                     created_at=sa.func.now(), consent_at=sa.func.now(),
                                                     consent_version="2026-11", consent_share=False,
                                                     consent_newsletter=False, needs_attention=False,
                                                     status="new"))
            connection.execute(leads.insert().values(submission_key="x"))  # breaks NOT NULL / UNIQUE
    assert stored_leads(app) == []
