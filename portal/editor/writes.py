"""All-or-nothing writes of a bundle's files, refused when a file changed since it was read.

A publish writes several files (``index.zh.md``, ``index.en.md``, photos…) that must change
together: after a crash or a power cut the bundle is either all old or all new, never half.

1. Every new content goes to a hidden temporary file in the bundle's folder (hidden files are never
   published nor read as content), fsynced.
2. A journal in ``journal_dir`` names the folder, the renames (temporary → final) and deletions.
   It is written twice, each time whole under a temporary name, fsynced and renamed: first
   ``prepared`` (before any temporary file exists, so that a crash leaves nothing unnamed), then,
   once every temporary file is on disk, ``committed``. That rename is the moment of the write.
3. The renames and deletions are done (other files first, ``index.zh.md`` last: a bundle appears
   to the loader only once the rest is in place), the folder fsynced, the journal removed.

``recover`` finishes what a crash interrupted: a committed journal is rolled forward (its
temporary files are all on disk, so finishing the renames gives all new), a prepared one rolled
back (its temporary files are removed: all old). Every write first recovers, under one lock.

Optimistic concurrency: the caller says which digest (sha256 of the bytes, None for no file) each
file had when the form was opened; if any differs now (another editor, a hand edit, a ``git
pull``), nothing is written and ``Conflict`` names the files with both digests.

Modes: content files are not private (``portal.filemodes`` lists what is); a replaced file keeps
its mode, a new one gets the mode the umask gives, as a file saved by hand would. The journal is
the instance's own: its folder 0700, its files 0600.
"""

import hashlib
import json
import os
import secrets
from pathlib import Path

from ..durable import fsync_folder
from ..locks import folder_lock

PREPARED, COMMITTED = "prepared", "committed"
LAST = "index.zh.md"  # renamed last: the loader sees a bundle only when its index.zh.md exists


class Conflict(Exception):
    """Files changed on disk since they were read: ``changed`` maps each name to
    ``(expected digest, actual digest)`` (None: no file)."""

    def __init__(self, changed):
        self.changed = dict(changed)
        super().__init__("changed on disk since read: " + ", ".join(sorted(self.changed)))


def digest(path):
    """The sha256 (hex) of the file's bytes; None if there is no such file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return None


def digests(folder, names):
    """``{name: digest}`` of the files ``names`` in ``folder``."""
    return {name: digest(Path(folder) / name) for name in names}


def write_bundle(folder, files, *, expected=None, journal_dir):
    """Write ``files`` (name -> bytes or text; None deletes the file) into ``folder`` at once.

    ``expected`` (name -> digest or None) is what the caller read; a name written but not in
    ``expected`` is expected to be absent. If a file differs, raise Conflict and write nothing.
    Creates ``folder`` if needed. Returns ``{name: digest}`` of the files as written.
    """
    folder = Path(folder)
    Path(journal_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
    for name in files:
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"not a bundle file name: {name!r}")
    with folder_lock(journal_dir):
        finish(journal_dir)
        if expected is not None:
            check(folder, files, expected)
        contents = {name: as_bytes(content) for name, content in files.items()}
        if not contents:
            return {}
        make_folder(folder)
        token = secrets.token_hex(8)
        renames = [(temporary_name(name, token), name) for name, data in contents.items() if data is not None]
        journal = {"folder": str(folder.resolve()), "renames": sorted(renames, key=order),
                   "deletions": sorted(name for name, data in contents.items() if data is None)}
        path = Path(journal_dir) / f"{token}.json"
        save_journal(path, {**journal, "state": PREPARED})
        try:
            for temporary, name in renames:
                write_temporary(folder / temporary, contents[name], folder / name)
            fsync_folder(folder)
        except BaseException:
            roll_back(path, journal)
            raise
        save_journal(path, {**journal, "state": COMMITTED})
        roll_forward(path, journal)
    return {name: None if data is None else hashlib.sha256(data).hexdigest()
            for name, data in contents.items()}


def check(folder, files, expected):
    """Raise Conflict if a file named in ``expected`` or ``files`` is not as expected."""
    changed = {}
    for name in sorted({*expected, *files}):
        actual = digest(folder / name)
        if actual != expected.get(name):
            changed[name] = (expected.get(name), actual)
    if changed:
        raise Conflict(changed)


def recover(journal_dir):
    """Finish every write a crash interrupted; return the folders touched. Safe to call at any
    time (at start-up, before a publish): it waits for a write in progress to end.

    A committed journal is rolled forward (all new), a prepared one rolled back (all old). A
    journal that cannot be read (only by damage to the disk: each is written whole, then renamed)
    is set aside as ``<name>.damaged`` for the IT person to read; the writes go on.
    """
    if not Path(journal_dir).is_dir():
        return []
    with folder_lock(journal_dir):
        return finish(journal_dir)


def finish(journal_dir):
    """``recover``, for a caller that holds the lock: a prepared journal is a write in progress
    only while its writer holds the lock, so without it a live write would be rolled back."""
    journal_dir = Path(journal_dir)
    touched = []
    for leftover in journal_dir.glob(".*.json.tmp"):  # a journal not yet renamed: never in force
        leftover.unlink(missing_ok=True)
    for path in sorted(journal_dir.glob("*.json")):
        try:
            journal = json.loads(path.read_text("utf-8"))
            state = journal["state"]
            Path(journal["folder"])
        except (ValueError, KeyError, TypeError):
            os.replace(path, path.with_name(path.name + ".damaged"))
            continue
        if state == COMMITTED:
            roll_forward(path, journal)
        else:
            roll_back(path, journal)
        touched.append(Path(journal["folder"]))
    return touched


def roll_forward(path, journal):
    """Do the journal's renames and deletions (again: each is done once), then drop it."""
    folder = Path(journal["folder"])
    for temporary, name in journal["renames"]:
        if (folder / temporary).exists():
            os.replace(folder / temporary, folder / name)
    for name in journal["deletions"]:
        (folder / name).unlink(missing_ok=True)
    fsync_folder(folder)
    drop_journal(path)


def roll_back(path, journal):
    """Remove the journal's temporary files, then drop it: the bundle stays as it was."""
    folder = Path(journal["folder"])
    for temporary, _name in journal["renames"]:
        (folder / temporary).unlink(missing_ok=True)
    if folder.is_dir():
        fsync_folder(folder)
    drop_journal(path)


def order(rename):
    """Other files first, ``index.zh.md`` last."""
    return (rename[1] == LAST, rename[1])


def temporary_name(name, token):
    return f".{name}.{token}.tmp"


def as_bytes(content):
    """Bytes as given; text as UTF-8 with LF line endings (what the content reader expects)."""
    if content is None or isinstance(content, bytes):
        return content
    return content.replace("\r\n", "\n").encode("utf-8")


def write_temporary(path, data, final):
    """Write ``data`` to the new file ``path``, fsynced, with the mode ``final`` has (if any)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(descriptor, "wb") as handle:
            try:
                os.fchmod(handle.fileno(), os.stat(final).st_mode & 0o7777)
            except FileNotFoundError:
                pass
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def make_folder(folder):
    """Create ``folder`` (and its parents) durably: each new folder's entry fsynced."""
    missing = []
    path = folder
    while not path.exists():
        missing.append(path)
        path = path.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        fsync_folder(path.parent)


def save_journal(path, journal):
    """Write the journal whole under a temporary name, fsync, rename over ``path``, fsync."""
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(journal, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    fsync_folder(path.parent)


def drop_journal(path):
    path.unlink(missing_ok=True)
    fsync_folder(path.parent)


