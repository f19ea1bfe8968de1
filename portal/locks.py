"""An advisory lock on a folder: one writer at a time, across processes; readers never wait."""

import fcntl
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def folder_lock(folder):
    """Hold ``folder/.lock`` exclusively (waiting for any other holder) while the block runs."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    with open(Path(folder) / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
