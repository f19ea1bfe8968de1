"""``portal backup DEST`` and ``portal restore SRC``: the leads database in one portable file.

The file is JSON lines: a header (format, schema revision, time), then one line per row of
every table in ``schema.metadata`` order (parents before children). The same code serves
SQLite and PostgreSQL, and a backup of one restores into the other. Rows are read in one
transaction (REPEATABLE READ on PostgreSQL, the write lock on SQLite), so the file is one
consistent moment. ``DEST`` ending in ``.gz`` is compressed.

Sessions and rate-limit hits are not backed up: after a restore everyone logs in again.
A restore goes into a fresh, migrated database (the schema, with the audit log's append-only
triggers, comes from the migrations, never from the file) and refuses one that holds rows
unless ``--force``. See docs/operations-backup.md.
"""

import gzip
import json
import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import click
import sqlalchemy as sa

from . import audit
from .db import transaction, utcnow
from .db.migrate import current
from .db.schema import audit_log, metadata, rate_hits, staff_sessions

FORMAT = "invest-portal-backup"
VERSION = 1
SKIPPED = {staff_sessions.name, rate_hits.name}  # ephemeral: sessions end, limits start again
BATCH = 500


class BackupError(click.ClickException):
    """The file cannot be restored here; the message says why."""


def tables():
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED]


def encode(column, value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(value)
    return value


def opener(path, mode, name=None):
    """The file as text; gzip when its (final) ``name`` ends in ``.gz``."""
    path = Path(path)
    if (name or path.name).endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def write_backup(app, dest):
    """Write every row to ``dest`` (through a temporary file, renamed at the end); return counts."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    counts = {}
    partial.unlink(missing_ok=True)  # created anew, readable by the portal's own user only
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with transaction(app) as connection, opener(partial, "w", dest.name) as out:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        header = {"format": FORMAT, "version": VERSION, "revision": current(connection),
                  "created_at": utcnow().isoformat(), "tables": [t.name for t in tables()]}
        out.write(json.dumps(header) + "\n")
        for table in tables():
            counts[table.name] = 0
            query = sa.select(table).order_by(*table.primary_key.columns)
            for row in connection.execution_options(yield_per=BATCH).execute(query):
                values = {c.name: encode(c, row._mapping[c.name]) for c in table.columns}
                out.write(json.dumps({"t": table.name, "r": values}, ensure_ascii=False) + "\n")
                counts[table.name] += 1
    with open(partial, "rb+") as written:  # on disk before it takes the name
        os.fsync(written.fileno())
    partial.replace(dest)
    return counts


def row_count(connection):
    return sum(connection.execute(sa.select(sa.func.count()).select_from(t)).scalar()
               for t in metadata.sorted_tables)


def empty_all(connection):
    """``--force``: remove every row first. The audit log's guard refuses deletes of young rows,
    so on PostgreSQL TRUNCATE (no row triggers) and on SQLite the guard is lifted and put back
    in this same transaction, as the migration wrote it."""
    if connection.dialect.name == "postgresql":
        names = ", ".join(t.name for t in metadata.sorted_tables)
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return
    keep = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_keep'").scalar()
    for table in reversed(metadata.sorted_tables):
        if table is not audit_log:
            connection.execute(table.delete())
    connection.exec_driver_sql("DROP TRIGGER audit_log_keep")
    connection.execute(audit_log.delete())
    connection.exec_driver_sql(keep)


def reset_sequences(connection):
    if connection.dialect.name != "postgresql":
        return  # SQLite's INTEGER PRIMARY KEY continues from the largest id
    for table in metadata.sorted_tables:
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
            f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)")


def read_header(handle):
    try:
        header = json.loads(handle.readline())
    except (json.JSONDecodeError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("not a backup made by `portal backup`")
    if header.get("version") != VERSION:
        raise BackupError(f"backup format version {header.get('version')}; this portal reads {VERSION}")
    return header


def read_backup(app, src, force=False):
    """Insert every row of ``src`` into the app's (migrated) database; return counts."""
    by_name = {t.name: t for t in tables()}
    counts = {name: 0 for name in by_name}
    with opener(src, "r") as handle, transaction(app) as connection:
        header = read_header(handle)
        if header["revision"] != current(connection):
            raise BackupError(f"the backup is of schema revision {header['revision']}, this database is at "
                              f"{current(connection)}: restore with the portal version that made it")
        existing = row_count(connection)
        if existing and not force:
            raise BackupError(f"the database already holds {existing} rows: restore into a fresh instance, "
                              "or add --force to replace them")
        if existing:
            empty_all(connection)
        pending = {}
        for line in handle:
            item = json.loads(line)
            table = by_name.get(item["t"])
            if table is None:
                raise BackupError(f"unknown table {item['t']!r} in the backup")
            values = {c.name: decode(c, item["r"].get(c.name)) for c in table.columns}
            batch = pending.setdefault(table.name, [])
            batch.append(values)
            if len(batch) >= BATCH:
                flush(connection, by_name, pending)
            counts[table.name] += 1
        flush(connection, by_name, pending)
        reset_sequences(connection)
        audit.record("backup.restored", Path(src).name, detail={"rows": sum(counts.values()),
                                                                 "replaced": existing},
                     connection=connection)
    return counts


def flush(connection, by_name, pending):
    """Insert the buffered rows, parents first (the file is in that order too)."""
    for name in by_name:
        if pending.get(name):
            connection.execute(by_name[name].insert(), pending[name])
            pending[name] = []


def summary(counts):
    return ", ".join(f"{name} {count}" for name, count in counts.items())
