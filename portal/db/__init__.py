"""The leads database: one engine per app, from ``DATABASE_URL``; SQLite in the instance folder
by default, PostgreSQL when the URL says so.

``transaction()`` is the only way the code writes. On SQLite its transactions start with
``BEGIN IMMEDIATE`` (reads on other connections with a plain ``BEGIN``): the writer takes the
lock at once and waits (busy timeout) for another writer to finish, instead of starting as a
reader and failing with "database is locked" when it tries to upgrade. WAL lets readers go on
meanwhile; ``synchronous=FULL`` because a lead the visitor was told is received must survive a
power cut.

The schema is brought to the newest migration on first use (under a lock, so several workers
starting at once migrate once); ``portal db upgrade`` does the same on purpose.
"""

import os
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from .cli import db_cli
from .migrate import upgrade

SQLITE_BUSY_TIMEOUT_S = 30
POOL_KEPT = 5  # PostgreSQL connections kept open between uses, per process (SQLAlchemy's default)
# A PostgreSQL host that does not answer at all (down, or a firewall dropping packets) fails a
# connection within this many seconds, not after the system's TCP timeout of minutes: the inquiry
# form then keeps the inquiry in the spool at once. A URL's own ?connect_timeout= wins.
PG_CONNECT_TIMEOUT_S = 5


class Database:
    """The engine of one app, created (and the schema upgraded) on first use."""

    def __init__(self, url, pool_size=None):
        self.url, self.pool_size = url, pool_size
        self.lock = threading.Lock()
        self._engine = None

    @property
    def engine(self):
        if self._engine is None:
            with self.lock:
                if self._engine is None:
                    engine = create_engine(self.url, self.pool_size)
                    upgrade(engine)
                    self._engine = engine
        return self._engine

    def release(self):
        """Close the connections kept open between uses; the engine stays (and opens anew)."""
        if self._engine is not None:
            self._engine.dispose()

    def dispose(self):
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def create_engine(url, pool_size=None):
    """An engine for ``url``; SQLite connections set up for many concurrent writers. A server's
    engine opens at most ``pool_size`` connections (``DATABASE_POOL_SIZE``), up to 5 of them kept
    between uses; 0 keeps none and sets no limit; None is SQLAlchemy's default (5 kept, 15 at most)."""
    url = sa.make_url(url)
    if url.get_backend_name() != "sqlite":
        connecting = {} if "connect_timeout" in url.query else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        if pool_size == 0:
            return sa.create_engine(url, poolclass=sa.pool.NullPool, connect_args=connecting)
        if pool_size is None:
            return sa.create_engine(url, pool_pre_ping=True, connect_args=connecting)
        kept = min(pool_size, POOL_KEPT)
        return sa.create_engine(url, pool_pre_ping=True, pool_size=kept, max_overflow=pool_size - kept,
                                connect_args=connecting)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # Personal data: the portal's own user only. SQLite gives its -wal and -shm files the
        # mode of the database file, so they follow.
        os.close(os.open(url.database, os.O_WRONLY | os.O_CREAT, 0o600))
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we send BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                       f"busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection):
        # A writer takes the lock at once; a reader (any other connection) begins deferred and,
        # under WAL, never waits for a writer.
        writing = connection.get_execution_options().get("portal_writing")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def default_url(instance_path):
    return f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}"


def init_app(app):
    url = app.config.get("DATABASE_URL") or default_url(app.instance_path)
    app.config["DATABASE_URL"] = url
    app.extensions["db"] = Database(url, app.config.get("DATABASE_POOL_SIZE"))
    app.cli.add_command(db_cli)


def engine(app=None):
    """The app's engine, its schema at the newest migration."""
    return (app or current_app).extensions["db"].engine


@contextmanager
def transaction(app=None):
    """A connection in a write transaction: committed on success, rolled back on error."""
    with engine(app).connect() as connection:
        connection.execution_options(portal_writing=True)
        with connection.begin():
            yield connection


def utcnow():
    return datetime.now(UTC)


def aware(value):
    """A datetime read back from the database, as UTC (SQLite returns it without zone)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
