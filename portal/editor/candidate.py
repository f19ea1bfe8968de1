"""The checks of ``portal check`` on files not yet written: a form's candidate files over the
content the site publishes, cross-references included.

The candidate files are written to a temporary folder named as the item, beside links to the
item's other files (photos, ``units.csv``); the content loader reads it in place of the item's
folder and reuses every other item from the live generation, so the check costs one item's
validation, not the whole site's (linking the whole tree cost 3 ms a folder: 3 s at 1,000
projects). Nothing is written to ``content/``.
"""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..content.store import load_content
from ..publish.report import is_error

LANGS_BY_FILE = {"index.zh.md": "zh", "index.en.md": "en", "index.zh-hant.md": "zh-hant"}


@dataclass(frozen=True)
class Candidate:
    """The content as it would be with the candidate files, and what the checks found."""

    content: object  # portal.content.store.Content
    problems: tuple  # every problem of the candidate's own folder, errors first
    by_input: dict = field(default_factory=dict)  # input name -> [Problem]

    @property
    def errors(self):
        return tuple(p for p in self.problems if is_error(p))

    @property
    def warnings(self):
        return tuple(p for p in self.problems if not is_error(p))

    def loose(self):
        """Problems shown only in the summary: not at any input of the form."""
        placed = {id(p) for found in self.by_input.values() for p in found}
        return tuple(p for p in self.problems if id(p) not in placed)


def candidate_folder(root, section, slug, files, into):
    """``into/<section>/<slug>`` (named as the item's folder is, for the problems' file names):
    ``files`` ({name: text or None to leave out}) and links to the item's other files in the
    working copy at ``root``."""
    item = Path(into) / section / slug
    item.mkdir(parents=True)
    existing = Path(root) / section / slug
    if existing.is_dir():
        for entry in existing.iterdir():
            if entry.name not in files:
                (item / entry.name).symlink_to(entry.resolve())
    for name, text in files.items():
        if text is not None:
            (item / name).write_text(text, encoding="utf-8", newline="")
    return item


def check(root, section, slug, files, live=None):
    """The ``Candidate`` of ``files`` for the item ``section/slug`` of the working copy at
    ``root``; ``live`` is the content the site serves (its items are not read again)."""
    with tempfile.TemporaryDirectory(prefix="portal-candidate-") as folder:
        item = candidate_folder(root, section, slug, files, folder)
        reuse = frozenset(k for k in (live.bundles if live else ()) if k != (section, slug))
        content, problems = load_content(root, previous=live, reuse=reuse, version="candidate",
                                         replaced={(section, slug): item})
    own = [p for p in problems if p.path.startswith(f"{section}/{slug}/") or p.path == f"{section}/{slug}"]
    own.sort(key=lambda p: not is_error(p))
    by_input = {}
    for problem in own:
        name = input_name(problem, section, slug)
        if name:
            by_input.setdefault(name, []).append(problem)
    return Candidate(content, tuple(own), by_input)


def input_name(problem, section, slug):
    """The form input a problem belongs at (``zh.benefits.jobs``), or None."""
    name = problem.path.removeprefix(f"{section}/{slug}/")
    lang = LANGS_BY_FILE.get(name)
    if lang is None or not problem.field:
        return None
    return f"{lang}.{problem.field}"
