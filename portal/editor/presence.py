"""Who else has an item open in the editor: each opening of the edit page notes the staff member
and the time in a small file per item in the instance folder (shared by every worker of the
server); a note older than ``RECENT_S`` no longer counts. It only informs: the 409 on a save over
a newer version is what keeps work from being lost."""

import json
import os
import time
from pathlib import Path

from flask import current_app

RECENT_S = 15 * 60  # an edit page opened within this long: the editor is probably still on it


def note_file(section, slug):
    folder = Path(current_app.instance_path) / "editor-open"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{section}--{slug}.json"


def read(path):
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def opened(section, slug, name, now=None):
    """Note that ``name`` opened the item; return ``[(other name, seconds ago)]`` of the others
    who opened it within ``RECENT_S``, most recent first."""
    now = time.time() if now is None else now
    path = note_file(section, slug)
    notes = {who: at for who, at in read(path).items()
             if isinstance(at, (int, float)) and now - at < RECENT_S}
    others = sorted(((who, int(now - at)) for who, at in notes.items() if who != name), key=lambda o: o[1])
    notes[name] = now
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(notes), encoding="utf-8")
    os.replace(temporary, path)
    return others
