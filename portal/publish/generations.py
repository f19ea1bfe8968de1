"""Published generations on disk: each a complete, separate output; ``current`` names the live one.

Layout of a publication folder (``instance/published/``, and ``instance/preview/`` for staff)::

    current -> gen-20261201T093000.123456-1a2b3c  symlink, replaced atomically by each publish
    gen-…/generation.pickle                  the validated content and the problems of that publish
    gen-…/meta.json                          the same report for people and other tools
    gen-…/files/<section>/<slug>/…           photos (stripped, resized) and attachments
    gen-…/photos.json                        each photo's size, widths, file names, share image
    gen-…/search/                            the search index of exactly this content
    tmp-…/                                   a publish in progress (never read)

A publish writes a ``tmp-`` folder under a name of its own, renames it to its ``gen-`` name
and then points ``current`` at it in one rename, so a reader sees a whole generation or the
one before, never a part. One publish at a time per folder (an advisory lock); readers never
take the lock. The generations before the current one are kept a while, because workers may
still be answering a request from them.
"""

import os
import pickle
import secrets
import shutil
import time
from datetime import datetime
from pathlib import Path

from ..locks import folder_lock
from .model import FORMAT

publish_lock = folder_lock  # one publish at a time per publication folder

CURRENT = "current"
PICKLE = "generation.pickle"
KEEP_PREVIOUS = 2  # generations kept after the current one, for requests still using them
KEEP_SECONDS = 120  # and any generation younger than this
STALE_TMP_SECONDS = 3600


def new_name():
    return f"gen-{datetime.now():%Y%m%dT%H%M%S.%f}-{secrets.token_hex(3)}"  # sorts by time


def current_name(folder):
    """The name of the live generation, or None before the first publish."""
    try:
        return os.readlink(Path(folder) / CURRENT)
    except OSError:
        return None


def read(folder, name=None):
    """The Generation stored under ``name`` (the live one by default), or None.

    A generation written by another format of the code is treated as absent (None), so the
    caller publishes again rather than serving objects it cannot trust.
    """
    name = name or current_name(folder)
    if name is None:
        return None
    path = Path(folder) / name
    try:
        with open(path / PICKLE, "rb") as f:
            generation = pickle.load(f)  # written by this code into the instance folder only
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    if getattr(generation, "format", None) != FORMAT:
        return None
    return generation.at(path)


def write(tmp, generation):
    with open(tmp / PICKLE, "wb") as f:
        pickle.dump(generation, f, protocol=pickle.HIGHEST_PROTOCOL)


def make_tmp(folder, name):
    tmp = Path(folder) / f"tmp-{os.getpid()}-{name}"
    tmp.mkdir(parents=True)
    return tmp


def commit(folder, tmp, name):
    """Make the finished ``tmp`` folder the live generation ``name``."""
    folder = Path(folder)
    tmp.rename(folder / name)
    link = folder / f".current-{os.getpid()}-{secrets.token_hex(4)}"
    os.symlink(name, link)
    os.replace(link, folder / CURRENT)
    clean(folder, name)


def clean(folder, live):
    """Delete old generations (but the last few and recent ones) and abandoned publishes."""
    now = time.time()
    gens = sorted((p for p in folder.iterdir() if p.name.startswith("gen-")), reverse=True)
    keep = {live, *[p.name for p in gens if p.name != live][:KEEP_PREVIOUS]}
    for path in gens:
        if path.name not in keep and now - path.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(path, ignore_errors=True)
    for path in folder.glob("tmp-*"):
        if now - path.stat().st_mtime > STALE_TMP_SECONDS:
            shutil.rmtree(path, ignore_errors=True)
