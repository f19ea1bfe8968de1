"""Publishing a revision: its files written into ``content/`` (all or nothing, refused if a file
changed on disk since the revision was based on it), then the site's own publisher, and what it
did with the item, in words a staff member can act on."""

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from ..publish import FOLDERS
from ..publish.build import publish
from ..publish.model import HELD, KEPT, NEW, UNCHANGED, UPDATED, WITHDRAWN
from . import writes
from .drafts import folder_of

# What the publisher did with the item -> (Chinese, English) for the staff member.
SAID = {
    NEW: ("已发布：网站上已有此页面", "published: the page is on the site"),
    UPDATED: ("已发布：网站上的页面已更新", "published: the page on the site is updated"),
    UNCHANGED: ("网站上的页面与此版本相同", "the page on the site is already this version"),
    KEPT: ("未发布此版本：文件有错误，网站继续显示上一个正确版本",
           "this version was not published: its files have errors; the site keeps the last good version"),
    HELD: ("未发布：文件有错误，且此前从未发布过，网站上没有此页面",
           "not published: its files have errors and it was never published, so it is not on the site"),
    WITHDRAWN: ("已从网站撤下", "taken off the site"),
}
LIVE = (NEW, UPDATED, UNCHANGED)


@dataclass(frozen=True)
class Published:
    state: str  # the publisher's outcome for the item (publish/model.py)
    generation: str  # the generation now live
    problems: tuple  # the item's problems that kept it back (and its warnings)

    @property
    def live(self):
        return self.state in LIVE

    def said(self, lang):
        zh, en = SAID.get(self.state, (self.state, self.state))
        return zh if lang == "zh" else en


def journal_dir():
    return Path(current_app.instance_path) / "editor-journal"


def publication_folder():
    return Path(current_app.instance_path) / FOLDERS[False]


def write(section, slug, files, expected):
    """Write ``files`` into the item's folder; raise ``writes.Conflict`` if any file on disk is
    no longer what ``expected`` says (the revision's base)."""
    writes.write_bundle(folder_of(section, slug), files, expected=expected, journal_dir=journal_dir())


def run_publisher(section, slug):
    """Publish the working copy now (as ``portal publish`` does) and say what became of the item."""
    generation, _changed = publish(current_app.config["CONTENT_DIR"], publication_folder())
    store = current_app.extensions.get("content")
    if store is not None and not current_app.config["PREVIEW"]:
        store.load(generation.name)  # this worker serves it from its next request on
    for outcome in generation.outcomes:
        if (outcome.section, outcome.slug) == (section, slug):
            return Published(outcome.state, generation.name, tuple(outcome.problems))
    return Published(WITHDRAWN, generation.name, ())
