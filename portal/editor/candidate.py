"""The checks of ``portal check`` on files not yet written: a form's candidate files over the
content the site publishes, cross-references included.

The candidate is laid over the working copy in a temporary folder of links: every file and folder
links to the real one, except the edited item's folder, whose text files are the candidate's. The
content loader reads that folder as it reads ``content/``, reusing every other item from the live
generation, so the check costs one item's validation, not the whole site's. Nothing is written
to ``content/``.
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


def overlay(root, section, slug, files, into):
    """Lay ``files`` ({name: text or None to leave out}) over the item's folder of the working
    copy at ``root``, in the folder ``into``; return the overlay's root."""
    root, into = Path(root), Path(into)
    for entry in root.iterdir():
        if entry.name != section:
            (into / entry.name).symlink_to(entry.resolve())
    (into / section).mkdir()
    if (root / section).is_dir():
        for entry in (root / section).iterdir():
            if entry.name != slug:
                (into / section / entry.name).symlink_to(entry.resolve())
    item = into / section / slug
    item.mkdir()
    if (root / section / slug).is_dir():
        for entry in (root / section / slug).iterdir():
            if entry.name not in files:
                (item / entry.name).symlink_to(entry.resolve())
    for name, text in files.items():
        if text is not None:
            (item / name).write_text(text, encoding="utf-8", newline="")
    return into


def check(root, section, slug, files, live=None):
    """The ``Candidate`` of ``files`` for the item ``section/slug`` of the working copy at
    ``root``; ``live`` is the content the site serves (its items are not read again)."""
    with tempfile.TemporaryDirectory(prefix="portal-candidate-") as folder:
        laid = overlay(root, section, slug, files, folder)
        reuse = frozenset(k for k in (live.bundles if live else ()) if k != (section, slug))
        content, problems = load_content(laid, previous=live, reuse=reuse, version="candidate")
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
