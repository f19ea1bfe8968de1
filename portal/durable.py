"""Writes that survive a crash: after a rename (or a new or removed file), the folder itself is
fsynced, or the change may be lost with the power even though the file's data was flushed."""

import os


def fsync_folder(path):
    """Make the folder's entries (renames, new and removed files) durable."""
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
