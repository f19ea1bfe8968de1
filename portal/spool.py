"""The inquiry spool: inquiries received while the database was unreachable, one JSON file each
in ``instance/spool/``, kept until they are leads.

This module only knows files (and which database errors mean "unreachable"), so the health check
and the back office, floors below the inquiry, can count the spool; ``portal.inquiry.spooling``
writes it and ``portal.inquiry.spool_import`` turns it into leads.

A visitor is told "received" only once the file is durable: written under a temporary name,
fsynced, renamed to its final name, and the folder fsynced (the rename itself is then on disk).
Folders are 0700 and files 0600: they hold personal data, as the database does.

Layout: ``spool/<received>-<key>.json`` waiting (names sort by the time received);
``spool/importing/`` claimed by an importer (a rename: of two importers one wins, the other gets
FileNotFoundError; importers also take ``.import.lock`` in turn, so leads are numbered in the
order received); ``spool/rejected/`` files that could not be imported, each with a
``.reason.txt``, kept for the operator: never deleted by the code.
"""

import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from .durable import fsync_folder

SUFFIX = ".json"
IMPORTING = "importing"
REJECTED = "rejected"
# PostgreSQL SQLSTATEs that mean "the server is not there to take this now", not "this is wrong":
# class 08 connection exceptions, 57P01-57P03 shut down / restarting, 53xxx out of resources
# (disk full, too many connections).
UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03", "53")
SQLITE_UNREACHABLE = ("unable to open database file", "disk i/o error", "readonly database")


def unreachable(error):
    """True if ``error`` (from SQLAlchemy) says the database cannot be reached or cannot write at
    all, so storing anywhere else is right; False for every other error (a bug stays a bug)."""
    if not isinstance(error, sa.exc.OperationalError):
        return False
    if error.connection_invalidated:  # the server went away under an open connection
        return True
    original = error.orig
    state = getattr(original, "sqlstate", None)
    if state is not None:
        return state.startswith(UNREACHABLE_STATES)
    if type(original).__module__.startswith("psycopg"):  # no SQLSTATE: the connection itself failed
        return True
    return any(words in str(original).lower() for words in SQLITE_UNREACHABLE)


def folder(instance_path):
    return Path(instance_path) / "spool"


def make_folder(path):
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)  # whatever the umask or an older folder said
    return path




def write(instance_path, name, record):
    """Store ``record`` durably as ``spool/<name>.json``; return its path. Raises OSError."""
    spool = make_folder(folder(instance_path))
    final = spool / f"{name}{SUFFIX}"
    temporary = spool / f".{name}.{os.getpid()}.tmp"
    data = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(spool)
    return final


def read(path):
    """The record in a spool file (ValueError if it is not a JSON object)."""
    record = json.loads(Path(path).read_text("utf-8"))
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    return record


def waiting(instance_path):
    """The files waiting to be imported, oldest first."""
    spool = folder(instance_path)
    return sorted(spool.glob(f"*{SUFFIX}")) if spool.is_dir() else []


def claimed(instance_path):
    found = folder(instance_path) / IMPORTING
    return sorted(found.glob(f"*{SUFFIX}")) if found.is_dir() else []


def rejected(instance_path):
    found = folder(instance_path) / REJECTED
    return sorted(found.glob(f"*{SUFFIX}")) if found.is_dir() else []


def find(instance_path, key):
    """The spool file (waiting or being imported) of submission ``key``, or None."""
    pattern = f"*-{key}{SUFFIX}"
    spool = folder(instance_path)
    if not spool.is_dir():
        return None
    return next(iter([*spool.glob(pattern), *(spool / IMPORTING).glob(pattern)]), None)


@dataclass(frozen=True)
class Counts:
    waiting: int  # received, not yet a lead (claimed files included)
    rejected: int  # could not be imported: the operator must look

    def __bool__(self):
        return bool(self.waiting or self.rejected)


def count(instance_path):
    return Counts(len(waiting(instance_path)) + len(claimed(instance_path)), len(rejected(instance_path)))


@contextmanager
def import_lock(instance_path, wait=True):
    """Hold the spool's import lock (one importer at a time, so leads are numbered in the order
    received); yields False without waiting when ``wait`` is False and another importer holds it."""
    spool = make_folder(folder(instance_path))
    with open(spool / ".import.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def claim(path):
    """Move a waiting file to ``importing/`` for this process; None if another took it first."""
    target = make_folder(path.parent / IMPORTING) / path.name
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def release(path):
    """Put a claimed file back to wait (the database went away during the import)."""
    os.rename(path, path.parent.parent / path.name)


def release_orphans(instance_path):
    """Put back the claims of importers that died before their commit; return how many. Call it
    holding ``import_lock``: then no other importer is at work, so every claim is an orphan."""
    orphans = claimed(instance_path)
    for path in orphans:
        release(path)
    return len(orphans)


def done(path):
    """Remove a claimed file whose lead is committed."""
    path.unlink()
    fsync_folder(path.parent)


def reject(path, reason):
    """Move a claimed file aside to ``rejected/`` with the reason beside it; return its new path."""
    target = make_folder(path.parent.parent / REJECTED) / path.name
    note = target.with_name(target.name + ".reason.txt")
    descriptor = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(reason.rstrip() + "\n")
    os.rename(path, target)
    fsync_folder(target.parent)
    return target
