"""Alembic, driven from code: the migrations live in ``migrations/`` inside the package.

Alembic is imported when a migration is looked at, not with the package: the site starts
without it (a tenth of a second) and the database is migrated on first use.
"""

import logging
from contextlib import contextmanager
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATION_LOCK = 0x6C656164  # any constant shared by every process migrating this database
# Alembic logs its plugins and context at INFO on every look at the schema; a process that finds
# nothing to migrate says nothing, and `portal db upgrade` prints its own one line.
logging.getLogger("alembic").setLevel(logging.WARNING)


class BrokenReferences(RuntimeError):
    """Rows that refer to rows that are not there: the transaction was rolled back."""


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(connection):
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def writing(connection):
    """``connection`` marked as a writer: on SQLite its transactions take the lock at once."""
    return connection.execution_options(portal_writing=True)


def lineage(revision_id=None):
    """The revisions from the first to ``revision_id`` (default: the newest), oldest first;
    None if this code does not know ``revision_id`` (a newer portal made it)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config())
    try:
        found = script.get_revision(revision_id or script.get_current_head())
    except CommandError:
        return None
    if found is None:
        return None
    return [r.revision for r in reversed(list(script.iterate_revisions(found.revision, "base")))]


@contextmanager
def migrating(engine):
    """A connection in one write transaction in which the schema may change.

    PostgreSQL: under an advisory lock, so concurrent callers migrate once. SQLite: with foreign
    keys off while it lasts, as SQLite prescribes for recreating a table (Alembic's batch mode does
    that to alter a column): with them on, dropping the old ``leads`` fails on the first ``outbox``
    row that refers to it. The references are checked before the commit instead.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # a pragma outside any transaction, on this connection only
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with writing(connection).begin():
                if not sqlite:
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
                yield connection
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").first()):
                    raise BrokenReferences(f"a {broken[0]} row refers to a missing {broken[2]} row "
                                       f"(rowid {broken[1]})")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def migrate(connection, revision_id):
    """Bring the schema on ``connection`` (from ``migrating``) up or down to ``revision_id``."""
    from alembic import command

    now = current(connection)
    if now is None or now in lineage(revision_id):
        command.upgrade(alembic_config(connection), revision_id)
    else:
        command.downgrade(alembic_config(connection), revision_id)


def upgrade(engine):
    """Bring the schema to the newest migration; return True if anything was applied.

    Runs inside one write transaction (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on
    PostgreSQL; both make DDL transactional), so concurrent callers apply each step once.
    """
    from alembic import command

    newest = head()
    with engine.connect() as connection:
        if current(connection) == newest:
            return False
    with migrating(engine) as connection:
        if current(connection) == newest:
            return False
        command.upgrade(alembic_config(connection), "head")
    return True


def revision(engine, message):
    """Write a new migration comparing the database with ``schema.metadata``."""
    from alembic import command

    with engine.connect() as connection, writing(connection).begin():
        command.revision(alembic_config(connection), message=message, autogenerate=True)
