"""The files of the instance folder that hold personal data or secrets, and their modes.

They are created 0600 (folders 0700) since issue 20; files from before keep the mode the umask
gave them (0644: readable by every user of the server). ``portal db upgrade``, which every upgrade
runs once as the portal's user, tightens them and names each; ``portal doctor`` names any still
loose. Not on start-up: a worker changing modes behind the IT person's back would be a surprise
(a backup tool reading by group stops working with no word said), and a file owned by root would
stop the site from starting; an upgrade is the moment someone reads what the command prints.
"""

import os
import stat
from pathlib import Path

PRIVATE = ("portal.sqlite3", "portal.sqlite3-wal", "portal.sqlite3-shm", "secret_key", "mail", "backups",
           "spool")


def private_paths(instance):
    """Each private file and folder in ``instance`` (folders with everything in them)."""
    for name in PRIVATE:
        path = Path(instance) / name
        if path.is_dir() and not path.is_symlink():
            yield path
            yield from (p for p in sorted(path.rglob("*")) if not p.is_symlink())
        elif path.is_file():
            yield path


def loose(instance):
    """``[(path, mode)]`` of the private paths that the group or others may use."""
    found = []
    for path in private_paths(instance):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            found.append((path, mode))
    return found


def tighten(instance):
    """Take group and others' rights from each private path; ``[(path, old mode, new mode)]`` of
    those changed. A path this user may not change is left, for ``portal doctor`` to name."""
    changed = []
    for path, mode in loose(instance):
        try:
            os.chmod(path, mode & 0o700)
        except PermissionError:
            continue
        changed.append((path, mode, mode & 0o700))
    return changed
