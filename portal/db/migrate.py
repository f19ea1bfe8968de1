"""Alembic, driven from code: the migrations live in ``migrations/`` inside the package.

Alembic is imported when a migration is looked at, not with the package: the site starts
without it (a tenth of a second) and the database is migrated on first use.
"""

import logging
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATION_LOCK = 0x6C656164  # any constant shared by every process migrating this database
# Alembic logs its plugins and context at INFO on every look at the schema; a process that finds
# nothing to migrate says nothing, and `portal db upgrade` prints its own one line.
logging.getLogger("alembic").setLevel(logging.WARNING)


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
    with engine.connect() as connection, writing(connection).begin():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
        if current(connection) == newest:
            return False
        command.upgrade(alembic_config(connection), "head")
    return True


def revision(engine, message):
    """Write a new migration comparing the database with ``schema.metadata``."""
    from alembic import command

    with engine.connect() as connection, writing(connection).begin():
        command.revision(alembic_config(connection), message=message, autogenerate=True)
