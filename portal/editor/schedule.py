"""Scheduled publishing, and taking items off the site and back (issue 19, items 8 and 9).

A scheduled publish or unpublish is a revision with ``publish_at`` or ``unpublish_at``;
``run_due`` (``portal publish-due``, from a timer every 5 minutes) does what has fallen due.
Each due revision is first marked done (``revisions.mark_done``: one ``UPDATE ... WHERE done_at
IS NULL``), and only the run that marked it acts, so two timers at once publish once.

The publisher publishes what is in ``content/``: an item is off the site when its folder is not
there. Unpublishing *parks* the folder under ``instance/unpublished/<section>/<slug>/`` (photos,
``units.csv`` and all) and publishes; republishing moves it back. Nothing is deleted, and the
files on disk stay the only source of what is on the site.
"""

import errno
import logging
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app

from .. import audit
from ..clock import CHINA_TIME
from ..content.models import SECTIONS
from ..db import aware, engine, utcnow
from ..locks import folder_lock
from ..publish.model import WITHDRAWN
from . import revisions, workflow
from .drafts import disk_digests, disk_files, folder_of
from .publishing import journal_dir, run_publisher, write
from .writes import Conflict, fsync_folder

log = logging.getLogger(__name__)

PARKED = "unpublished"  # instance/unpublished/<section>/<slug>/: items taken off the site
OVERDUE_AFTER = timedelta(minutes=15)  # the dashboard flags a scheduled action this late
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
CLI = None  # revisions.who(None): the command line
SLUG = re.compile(r"[a-z0-9-]+")
MOMENT = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?\s*[T ]?\s*(\d{1,2})[:：时](\d{1,2})分?")


class Occupied(Exception):
    """An item cannot be put back: a folder of that name is in ``content/`` again."""


@dataclass(frozen=True)
class Done:
    """What one due revision became: ``ok`` when it is on (or off) the site as scheduled;
    ``failed`` when it could not be done at all (files changed on disk since approval, the item
    gone from content/): the reason is said, and audited. A publish the publisher kept back is
    neither ok nor failed: it was done, and its revision says why the site did not take it."""

    revision: revisions.Revision
    action: str  # "publish" or "unpublish"
    ok: bool
    said_zh: str
    said_en: str
    failed: bool = False

    def line(self):
        """One line for the timer's journal, in Chinese and English."""
        mark = "失败 / failed: " if self.failed else ""
        return (f"{mark}{self.revision.section}/{self.revision.slug} "
                f"(#{self.revision.number}): {self.said_zh} / {self.said_en}")


def china_moment(text):
    """The UTC moment of a China time typed as ``2026-12-08 09:00`` (a datetime-local input's
    ``2026-12-08T09:00``, full-width digits, ``2026年12月8日 9:00``); ``ValueError`` if it is not one."""
    typed = unicodedata.normalize("NFKC", text or "").strip()
    found = MOMENT.fullmatch(" ".join(typed.split()))
    if not found:
        raise ValueError(f"not a date and time: {text!r}")
    year, month, day, hour, minute = (int(part) for part in found.groups())
    return datetime(year, month, day, hour, minute, tzinfo=CHINA_TIME).astimezone(UTC)


def local_input(moment):
    """``moment`` as a datetime-local input's value in China time (``2026-12-08T09:00``)."""
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%dT%H:%M") if moment else ""


def default_unpublish(section, data):
    """A policy comes off the site the day after its ``effective_to`` (00:00 China time): the
    moment to offer, in UTC; None for other sections or a policy without an end date."""
    end = (data or {}).get("effective_to")
    if section != "policies" or not end:
        return None
    try:
        last = end if isinstance(end, date) else date.fromisoformat(str(end).strip())
    except ValueError:
        return None
    following = last + timedelta(days=1)
    return datetime(following.year, following.month, following.day, tzinfo=CHINA_TIME).astimezone(UTC)


# Parking folders -------------------------------------------------------------------------------

def parked_folder(section, slug):
    if section not in SECTIONS or not SLUG.fullmatch(slug):  # folders are moved: never "..", "/"
        raise ValueError(f"not an item: {section}/{slug}")
    return os.path.join(current_app.instance_path, PARKED, section, slug)


def is_parked(section, slug):
    return os.path.isdir(parked_folder(section, slug))


def parked_items():
    """``[(section, slug)]`` of the items taken off the site, sorted."""
    root = os.path.join(current_app.instance_path, PARKED)
    if not os.path.isdir(root):
        return []
    found = []
    for section in sorted(os.listdir(root)):
        if not os.path.isdir(os.path.join(root, section)):
            continue
        for slug in sorted(os.listdir(os.path.join(root, section))):
            # an older copy kept aside ("slug.20261207T010000") or a copy in progress is not an item
            if SLUG.fullmatch(slug) and os.path.isdir(os.path.join(root, section, slug)):
                found.append((section, slug))
    return found


def move(source, target):
    """Move folder ``source`` to ``target`` (which must not exist): one rename on the same file
    system; across file systems a copy under a temporary name, fsynced, renamed, then the source
    removed, so that a crash leaves a whole copy in one place or the other."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.rename(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        partial = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.part")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(source, partial)
        for folder, _dirs, names in os.walk(partial):
            for name in names:
                with open(os.path.join(folder, name), "rb") as handle:
                    os.fsync(handle.fileno())
            fsync_folder(folder)
        os.rename(partial, target)
        fsync_folder(os.path.dirname(target))
        shutil.rmtree(source)
    fsync_folder(os.path.dirname(target))
    fsync_folder(os.path.dirname(source))


def take_down(section, slug):
    """Park the item's folder out of ``content/``. An older parked copy of the same name (an item
    unpublished, recreated and unpublished again) is kept beside it with the time in its name."""
    target = parked_folder(section, slug)
    with folder_lock(journal_dir()):
        if os.path.isdir(target):
            move(target, f"{target}.{utcnow():%Y%m%dT%H%M%S}")
        move(str(folder_of(section, slug)), target)


def put_back(section, slug):
    """Move the parked folder back into ``content/``; ``Occupied`` if a folder of that name is
    there (made since). Nothing to move if it is back already (a republish the publisher held)."""
    source = parked_folder(section, slug)
    with folder_lock(journal_dir()):
        if not os.path.isdir(source):
            return
        if folder_of(section, slug).exists():
            raise Occupied(f"{section}/{slug}")
        move(source, str(folder_of(section, slug)))


# Acting now ------------------------------------------------------------------------------------

def unpublish_now(section, slug, user, comment=None):
    """Take the item off the site: park its folder, publish, record an "unpublish" revision with
    the files it had (so history shows what went down). Returns the publisher's ``Published``."""
    files, base = disk_files(section, slug), disk_digests(section, slug)
    take_down(section, slug)
    outcome = run_publisher(section, slug)
    revisions.record(section, slug, "unpublish", workflow.UNPUBLISHED, files, base, user,
                     comment=comment or outcome.said("zh"))
    return outcome


def republish_now(section, slug, user, comment=None):
    """Undo an unpublish: the parked folder back into ``content/``, published. The revision is
    "published" if the publisher took it, else "unpublished" (it stays off, and may be tried again)."""
    put_back(section, slug)
    outcome = run_publisher(section, slug)
    revisions.record(section, slug, "republish", workflow.PUBLISHED if outcome.live else workflow.UNPUBLISHED,
                     disk_files(section, slug), disk_digests(section, slug), user,
                     comment=comment or outcome.said("zh"))
    return outcome


def publish_scheduled(revision):
    """Write a scheduled revision's files (refused if they changed on disk since it was based on
    them) and publish; the outcome is a "publish" revision by the command line."""
    section, slug = revision.section, revision.slug
    try:
        write(section, slug, revision.files, revision.base or {})
    except Conflict as clash:
        names = ", ".join(sorted(clash.changed))
        audit.record("content.publish-failed", f"{section}/{slug}", "failed",
                     {"revision": revision.id, "reason": str(clash), "files": sorted(clash.changed)},
                     user=(None, "cli"))
        log.warning("scheduled publish of %s/%s refused: %s", section, slug, clash)
        return Done(revision, "publish", False, f"未发布：文件在审核后被改动（{names}）",
                    f"not published: files changed on disk since it was approved ({names})", failed=True)
    outcome = run_publisher(section, slug)
    revisions.record(section, slug, "publish", workflow.PUBLISHED if outcome.live else workflow.APPROVED,
                     revision.files, revision.base, CLI, comment=f"定时发布：{outcome.said('zh')}",
                     step=revision.step)
    return Done(revision, "publish", outcome.live, outcome.said("zh"), outcome.said("en"))


def unpublish_scheduled(revision):
    section, slug = revision.section, revision.slug
    if not folder_of(section, slug).is_dir():
        audit.record("content.unpublish-failed", f"{section}/{slug}", "failed",
                     {"revision": revision.id, "reason": "not in content/"}, user=(None, "cli"))
        return Done(revision, "unpublish", False, "该内容已不在内容文件夹中",
                    "the item is not in the content folder", failed=True)
    outcome = unpublish_now(section, slug, CLI, comment="定时下线")
    ok = outcome.state == WITHDRAWN
    return Done(revision, "unpublish", ok, "已从网站撤下" if ok else outcome.said("zh"),
                "taken off the site" if ok else outcome.said("en"))


def run_due(now=None):
    """Do every scheduled publish and unpublish due at ``now`` (default: now), oldest first, in
    the app's context; return a ``Done`` for each one this run did. A revision another run marked
    first is left to it; one that fails is audited and logged, and the others go on."""
    now = now or utcnow()
    done = []
    for revision in revisions.due(now):
        if not revisions.mark_done(revision.id, now):
            continue  # another run has it
        action = "publish" if revision.publish_at is not None else "unpublish"
        try:
            done.append(publish_scheduled(revision) if action == "publish" else unpublish_scheduled(revision))
        except (OSError, Occupied) as error:
            log.exception("scheduled %s of %s/%s failed", action, revision.section, revision.slug)
            audit.record(f"content.{action}-failed", f"{revision.section}/{revision.slug}", "failed",
                         {"revision": revision.id, "reason": str(error)}, user=(None, "cli"))
            done.append(Done(revision, action, False, f"出错：{error}", f"error: {error}", failed=True))
    return done


# What is waiting -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scheduled:
    revision: revisions.Revision
    action: str  # "publish" or "unpublish"
    at: datetime
    overdue: bool  # more than OVERDUE_AFTER past its time and not done


def pending(now=None):
    """Every scheduled action not yet done nor overtaken by newer work, soonest first."""
    now = now or utcnow()
    found = []
    for revision in revisions.due(FAR_FUTURE):
        at = revision.publish_at or revision.unpublish_at
        found.append(Scheduled(revision, "publish" if revision.publish_at else "unpublish", at,
                               now - at > OVERDUE_AFTER))
    return found


def pending_for_item(section, slug):
    return [s for s in pending() if (s.revision.section, s.revision.slug) == (section, slug)]


FAILURES_SHOWN_DAYS = 7
FAILED_EVENTS = ("content.publish-failed", "content.unpublish-failed")


def recent_failures(now=None, limit=20):
    """The scheduled actions that could not be done in the last week, newest first, as audit
    rows: a failed one is marked done, so it is no longer overdue, and would go unseen otherwise."""
    since = (now or utcnow()) - timedelta(days=FAILURES_SHOWN_DAYS)
    with engine().connect() as connection:
        rows = [r for event in FAILED_EVENTS for r in audit.recent(connection, limit=limit, event=event)]
    return sorted((r for r in rows if aware(r.at) >= since), key=lambda r: r.id, reverse=True)[:limit]
