"""``portal backup DEST`` and ``portal restore SRC``: the leads database in one portable file.

The file is JSON lines: a header (format, schema revision, time), then one line per row of
every table the database holds, parents before children. The tables and columns are read from
the database itself, not from this code's models, so a database an older portal left behind
backs up as it is, named by its own schema revision. The same code serves SQLite and PostgreSQL,
and a backup of one restores into the other. Rows are read in one transaction (REPEATABLE READ
on PostgreSQL, the write lock on SQLite), so the file is one consistent moment. ``DEST`` ending
in ``.gz`` is compressed. A backup never changes the schema.

Sessions and rate-limit hits are not backed up: after a restore everyone logs in again.
A restore goes into an empty database, in one transaction: the schema is brought to the
backup's revision (the audit log's append-only triggers come from the migrations, never from
the file), the rows go in, and the migrations since then bring them to the newest revision, data
migrations included. A backup of a newer portal is refused; so is a database that holds rows,
unless ``--force``. See docs/operations.md.
"""

import gzip
import json
import os
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import click
import sqlalchemy as sa

from . import audit
from .db import create_engine, utcnow
from .db.migrate import BrokenReferences, current, head, lineage, migrate, migrating, writing
from .db.schema import audit_log, metadata, rate_hits, staff_sessions

FORMAT = "invest-portal-backup"
VERSION = 1
SKIPPED = {staff_sessions.name, rate_hits.name}  # ephemeral: sessions end, limits start again
BATCH = 500


class BackupError(click.ClickException):
    """The file cannot be written or restored here; the message says why."""


def tables():
    """The tables a backup holds, as this code's models define them (the newest revision)."""
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED]


def database_tables(connection):
    """The tables a backup holds, as the database has them (its columns at its revision)."""
    found = sa.MetaData()
    found.reflect(connection, only=lambda name, _: name not in SKIPPED and name != "alembic_version")
    return found.sorted_tables


def encode(value):
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


@contextmanager
def database(app, create=False):
    """An engine on the app's database that never migrates it (``portal.db.engine`` would);
    a SQLite file is created only if ``create``."""
    url = sa.make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite" and not create and not Path(url.database or "").is_file():
        raise BackupError(f"no database at {url.database}")
    db = create_engine(url)
    try:
        yield db
    finally:
        db.dispose()


def write_backup(app, dest):
    """Write every row to ``dest`` (through a temporary file, renamed at the end); return the
    header and the count of rows per table."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    counts = {}
    with database(app) as db:
        partial.unlink(missing_ok=True)  # created anew, readable by the portal's own user only
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            with db.connect() as connection, writing(connection).begin(), \
                    opener(partial, "w", dest.name) as out:
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                revision = current(connection)
                if revision is None:
                    raise BackupError(f"no portal database at {db.url}: nothing to back up")
                found = database_tables(connection)
                header = {"format": FORMAT, "version": VERSION, "revision": revision,
                          "created_at": utcnow().isoformat(), "tables": [t.name for t in found]}
                out.write(json.dumps(header) + "\n")
                for table in found:
                    counts[table.name] = write_rows(connection, table, out)
            with open(partial, "rb+") as written:  # on disk before it takes the name
                os.fsync(written.fileno())
            partial.replace(dest)
        finally:
            partial.unlink(missing_ok=True)
        if revision == head():  # the audit log as this code knows it; an older one is left as it is
            with db.connect() as connection, writing(connection).begin():
                audit.record("backup.created", dest.name, detail={"rows": sum(counts.values())},
                             connection=connection)
    return header, counts


def write_rows(connection, table, out):
    count = 0
    query = sa.select(table).order_by(*table.primary_key.columns)
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        values = {name: encode(value) for name, value in row._mapping.items()}
        out.write(json.dumps({"t": table.name, "r": values}, ensure_ascii=False) + "\n")
        count += 1
    return count


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
        if "id" not in table.c:  # a table keyed otherwise (search_misses: month and query)
            continue
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
            f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)")


def read_header(handle):
    """The header of a backup this portal can restore; its revision known to this code."""
    try:
        header = json.loads(handle.readline())
    except (json.JSONDecodeError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("not a backup made by `portal backup`")
    if header.get("version") != VERSION:
        raise BackupError(f"backup format version {header.get('version')}; this portal reads {VERSION}")
    revision, newest = header.get("revision"), head()
    path = lineage(revision) if isinstance(revision, str) else None
    if path is None:
        raise BackupError(f"the backup is of schema revision {revision}, which this portal (newest revision "
                          f"{newest}) does not know: it was made by a newer portal: upgrade first")
    if revision not in lineage():
        raise BackupError(f"the backup is of schema revision {revision}, not one this portal's revision "
                          f"{newest} descends from: restore with the portal version that made it")
    return header


def read_backup(app, src, force=False):
    """Restore ``src`` into the app's database, migrated forward from the backup's revision to
    the newest, in one transaction; return the count of rows per table."""
    with opener(src, "r") as handle, database(app, create=True) as db:
        header = read_header(handle)
        try:
            return restore_rows(db, handle, header, Path(src).name, force)
        except (sa.exc.IntegrityError, sa.exc.DataError, BrokenReferences) as error:
            raise BackupError(f"the backup's rows do not fit together ({getattr(error, 'orig', error)}): "
                              "nothing was restored, the database is as it was") from None


def restore_rows(db, handle, header, name, force):
    """The restore's one transaction (see ``read_backup``)."""
    with migrating(db) as connection:
        existing, now = 0, current(connection)
        if now is not None and now not in lineage():
            raise BackupError(f"the database is at schema revision {now}, which this portal does not "
                              "know (a newer portal migrated it): restore with that portal")
        if now is not None:  # a database with a schema: emptied, then taken down
            migrate(connection, "head")
            existing = row_count(connection)
            if existing and not force:
                raise BackupError(f"the database already holds {existing} rows: restore into a fresh "
                                  "instance, or add --force to replace them")
            if existing:
                empty_all(connection)
        migrate(connection, header["revision"])  # the schema the rows were written in
        counts = insert_rows(connection, handle)
        migrate(connection, "head")  # and every migration since, on the restored rows
        reset_sequences(connection)
        audit.record("backup.restored", name, connection=connection, detail={
            "rows": sum(counts.values()), "replaced": existing, "revision": header["revision"]})
    return counts


def insert_rows(connection, handle):
    """Insert the file's rows into the tables as the database now has them."""
    by_name = {t.name: t for t in database_tables(connection)}
    counts = {name: 0 for name in by_name}
    pending = {}
    for line in handle:
        item = json.loads(line)
        table = by_name.get(item["t"])
        if table is None:
            raise BackupError(f"unknown table {item['t']!r} in the backup")
        if unknown := set(item["r"]) - set(table.columns.keys()):
            raise BackupError(f"unknown column(s) {', '.join(sorted(unknown))} of {table.name} in the backup")
        values = {c.name: decode(c, item["r"].get(c.name)) for c in table.columns}
        batch = pending.setdefault(table.name, [])
        batch.append(values)
        if len(batch) >= BATCH:
            flush(connection, by_name, pending)
        counts[table.name] += 1
    flush(connection, by_name, pending)
    return counts


def flush(connection, by_name, pending):
    """Insert the buffered rows, parents first (the file is in that order too)."""
    for name in by_name:
        if pending.get(name):
            connection.execute(by_name[name].insert(), pending[name])
            pending[name] = []


def summary(counts):
    return ", ".join(f"{name} {count}" for name, count in counts.items())
