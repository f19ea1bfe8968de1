"""An item as the editor opens it: its files on disk, and the revision in progress, if any.

The files in ``content/`` are what is published (or about to be: the watcher publishes what is
saved there). Work in progress — drafts, submitted and approved revisions — lives in the
database as revisions until a publisher publishes one; opening an item shows the newest of those,
or else the files as they are on disk.
"""

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from ..content.frontmatter import parse_yaml, split_front_matter
from ..content.models import SECTIONS
from ..content.problems import ContentError
from . import revisions, writes
from .documents import LANG_FILES, Document

TEXT_FILES = tuple(LANG_FILES.values())
IN_PROGRESS = ("draft", "submitted", "approved", "rejected")


def content_root():
    return Path(current_app.config["CONTENT_DIR"])


def folder_of(section, slug):
    return content_root() / section / slug


def disk_files(section, slug):
    """``{name: text or None}`` of the item's text files as they are on disk."""
    folder = folder_of(section, slug)
    found = {}
    for name in TEXT_FILES:
        path = folder / name
        found[name] = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n") if path.is_file() else None
    return found


def disk_digests(section, slug):
    return writes.digests(folder_of(section, slug), TEXT_FILES)


@dataclass(frozen=True)
class Working:
    """What the editor shows for an item: ``files`` and the digests they were based on."""

    section: str
    slug: str
    files: dict  # {name: text or None}
    base: dict  # {name: digest or None} of the files on disk the work started from
    revision: object  # the revision in progress (a row), or None: the files on disk
    exists: bool  # the item's folder is in content/

    @property
    def state(self):
        return self.revision.state if self.revision is not None else "published"


def working(section, slug):
    """The item as the editor opens it (``None`` when it has neither files nor revisions)."""
    if section not in SECTIONS:
        return None
    exists = folder_of(section, slug).is_dir()
    latest = revisions.current(section, slug)
    if latest is not None and latest.state in IN_PROGRESS:
        return Working(section, slug, dict(latest.files), dict(latest.base or {}), latest, exists)
    if not exists:
        return None
    return Working(section, slug, disk_files(section, slug), disk_digests(section, slug), None, exists)


def documents(files):
    """``({lang: Document}, {name: [Problem]})``: each file parsed; one that cannot be parsed
    is left out, with its problems (it is then edited as text)."""
    docs, broken = {}, {}
    for lang, name in LANG_FILES.items():
        text = files.get(name)
        if text is None:
            continue
        try:
            head, body, offset = split_front_matter(text, name)
            data, _lines = parse_yaml(head, name, offset)
        except ContentError as error:
            broken[name] = error.problems
            continue
        docs[lang] = Document(data, body)
    return docs, broken
