"""``/staff/content/dashboard``: what needs someone's attention in the site's content, on one page.

My drafts and texts sent back, what waits for my review, fully approved texts waiting for a
publisher, scheduled and overdue actions (``schedule.pending``; the details are on
``/staff/content/scheduled``), stale items (the freshness report's own checks and limits), files
changed on disk outside the editor, the problems ``portal check`` found in the live generation
by item, and the searches visitors made this month that found nothing (query and count only),
each of which an administrator may add to a synonym group of ``content/synonyms.yaml``.

Every list is computed when the page is opened: nothing here is stored but the search counts.
"""

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import yaml
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..clock import china_today
from ..content.models import SECTIONS
from ..content.problems import ContentError
from ..content.synonyms import NAME as SYNONYMS
from ..content.synonyms import load_synonyms
from ..db import engine
from ..db.schema import content_revisions, search_misses
from ..publish.store import NotPublished
from ..reports.figures import add_months
from ..reports.freshness import COLUMN_MONTHS, check_home, newest, title
from ..staff.access import staff_route
from ..staff.roles import allows_user
from . import revisions, schedule, workflow, writes
from .drafts import TEXT_FILES, content_root, disk_digests, folder_of
from .editing import live_content
from .publishing import journal_dir, run_publisher

WRITTEN = ("publish", "emergency")  # revisions whose files the editor wrote into content/
MISSES_SHOWN = 50


# Work in progress ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Work:
    mine: list  # Waiting("edit"): my drafts and texts sent back
    review: list  # Waiting("approve"): steps I may approve
    approved: list  # Revision: every fully approved text waiting for a publisher


def work(user, in_progress):
    """What waits for ``user``, and the fully approved texts (shown to all: anyone can ask)."""
    waiting = revisions.pending_for(user)
    approved = [r for r in in_progress
                if r.state == workflow.APPROVED and r.step >= workflow.steps_for(r.section)]
    return Work([w for w in waiting if w.action == "edit"], [w for w in waiting if w.action == "approve"],
                approved)


# Stale items -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stale:
    section: str
    slug: str
    title: str
    day: object  # the newest date the item shows (its updated, a news item's date)


def stale(content, today):
    """``(home check, [Stale])``: the freshness report's home-page check as it stands, and every
    published item whose newest date is older than the report's column limit (6 months)."""
    if content is None:
        return None, []
    found = [Stale(section, item.slug, title(item), newest(item))
             for section in SECTIONS for item in content.items(section, "zh")
             if add_months(newest(item), COLUMN_MONTHS) < today]
    return check_home(content, today), sorted(found, key=lambda s: s.day)


# Files changed on disk -------------------------------------------------------------------------

@dataclass(frozen=True)
class Changed:
    section: str
    slug: str
    names: tuple  # the files that differ
    since: str  # "draft": since the work in progress was opened; "published": since the editor wrote them


def text_digest(text):
    return None if text is None else hashlib.sha256(writes.as_bytes(text)).hexdigest()


def last_written(connection):
    """``{(section, slug): revision}``: the newest revision whose files the editor wrote and the
    publisher took, per item."""
    table = content_revisions
    newest = (sa.select(table.c.section, table.c.slug, sa.func.max(table.c.number).label("number"))
              .where(table.c.kind.in_(WRITTEN), table.c.state == workflow.PUBLISHED)
              .group_by(table.c.section, table.c.slug).subquery())
    query = sa.select(table).join(newest, sa.and_(table.c.section == newest.c.section,
                                                  table.c.slug == newest.c.slug,
                                                  table.c.number == newest.c.number))
    return {(r.section, r.slug): r for r in revisions.read(query, connection)}


def expected_digests(revision, in_progress):
    """What the item's files should be on disk: the base a text in progress was opened from (or,
    for a publish the publisher kept back, the files it wrote); the files last published."""
    if in_progress and revision.kind not in WRITTEN:
        return dict(revision.base or {})
    return {name: text_digest(text) for name, text in (revision.files or {}).items()}


def changed_on_disk(in_progress, connection):
    """The items whose text files differ from what the editor knows of them: a hand edit, a
    ``git pull``, a copy from a USB stick. An item taken off the site (no folder) is left out."""
    found = []
    working = {(r.section, r.slug): r for r in in_progress}
    published = last_written(connection)
    for key in sorted(working.keys() | published.keys()):
        section, slug = key
        if section not in SECTIONS or not folder_of(section, slug).is_dir():
            continue
        revision = working.get(key) or published[key]
        expected = expected_digests(revision, key in working)
        names = [n for n in TEXT_FILES if n in expected]
        disk = disk_digests(section, slug)
        differ = tuple(n for n in names if disk.get(n) != expected[n])
        if differ:
            found.append(Changed(section, slug, differ, "draft" if key in working else "published"))
    return found


# Problems of the live generation ---------------------------------------------------------------

@dataclass(frozen=True)
class Problems:
    section: str | None  # None: a site file (site.yaml, taxonomy.yaml, synonyms.yaml ...)
    slug: str | None
    path: str  # the folder, or the site file
    problems: list


def live_problems():
    """The problems ``portal check`` found when the live generation was published, by item
    (errors first), or None when nothing is published."""
    store = current_app.extensions.get("content")
    try:
        found = store.problems if store is not None else ()
    except NotPublished:
        return None
    groups = {}
    for problem in found:
        parts = problem.path.split("/")
        item = len(parts) >= 2 and parts[0] in SECTIONS  # "projects/x" (a missing file) or a file in it
        key = (parts[0], parts[1]) if item else (None, problem.path)
        groups.setdefault(key, []).append(problem)
    return [Problems(section if section else None, slug if section else None,
                     f"{section}/{slug}" if section else slug,
                     sorted(items, key=lambda p: (p.severity != "error", p.path, p.line or 0)))
            for (section, slug), items in sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))]


# Searches that found nothing -------------------------------------------------------------------

def this_month():
    return china_today().strftime("%Y-%m")


def misses(month, connection, limit=MISSES_SHOWN):
    """``[(query, count)]`` of the month's searches that found nothing, most frequent first."""
    query = (sa.select(search_misses.c.query, search_misses.c.count).where(search_misses.c.month == month)
             .order_by(search_misses.c.count.desc(), search_misses.c.query).limit(limit))
    return [tuple(row) for row in connection.execute(query)]


def synonyms_text():
    """``(text, digest)`` of ``content/synonyms.yaml`` (``(None, None)`` without the file)."""
    path = content_root() / SYNONYMS
    if not path.is_file():
        return None, None
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"), writes.digest(path)


def group_choices(text):
    """``[(index, "first terms …")]`` of the synonym groups, for the select; [] if none or broken."""
    try:
        groups = (yaml.safe_load(text) or {}).get("groups") if text else None
    except yaml.YAMLError:
        return []
    if not isinstance(groups, list):
        return []
    return [(i, "、".join(map(str, group[:4])) + ("…" if len(group) > 4 else ""))
            for i, group in enumerate(groups) if isinstance(group, list)]


def scalar(term):
    """``term`` as YAML writes it in a flow list: plain when it reads back the same, else quoted."""
    try:
        if yaml.safe_load(f"[{term}]") == [term]:
            return term
    except yaml.YAMLError:
        pass
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def append_term(text, index, term):
    """``text`` with ``term`` added at the end of group ``index``, everything else (comments,
    line breaks, order) as it was. Raises IndexError for a group that is not there."""
    root = yaml.compose(text)
    groups = next((v for k, v in root.value if k.value == "groups"), None) \
        if isinstance(root, yaml.MappingNode) else None
    if groups is None or not isinstance(groups, yaml.SequenceNode) or not 0 <= index < len(groups.value):
        raise IndexError(index)
    group = groups.value[index]
    if not isinstance(group, yaml.SequenceNode):
        raise IndexError(index)
    if group.flow_style:
        end = group.end_mark.index - 1  # the closing "]"
        separator = ", " if group.value else ""
        return text[:end].rstrip(" ") + separator + scalar(term) + text[end:]
    last = group.value[-1]
    indent = " " * last.start_mark.column
    end = last.end_mark.index
    return text[:end] + f"\n{indent[:-2]}- {scalar(term)}" + text[end:]


def problems_of(text):
    """The problems ``portal check`` would find in ``text`` as ``synonyms.yaml`` ([] if none)."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / SYNONYMS).write_text(text, encoding="utf-8")
        try:
            load_synonyms(Path(folder))
        except ContentError as error:
            return error.problems
    return []


def said(problem):
    return problem.zh if g.lang == "zh" else problem.en


# Views -----------------------------------------------------------------------------------------

@staff_route("/content/dashboard", "content.read")
def content_dashboard():
    today = china_today()
    with engine().connect() as connection:
        in_progress = revisions.newest_per_item(connection)
        changed = changed_on_disk(in_progress, connection)
        searches = misses(this_month(), connection)
    content = live_content()
    titles = {(s, i.slug): title(i) for s in SECTIONS for i in content.items(s, "zh")} if content else {}
    home, old = stale(content, today)
    pending = schedule.pending()
    text, digest = synonyms_text() if allows_user(current_user, "settings.edit") else (None, None)
    return render_template(
        "staff/editor/dashboard.html", work=work(current_user, in_progress), titles=titles,
        scheduled=pending, overdue=[s for s in pending if s.overdue], home=home, stale=old,
        column_months=COLUMN_MONTHS, changed=changed, problems=live_problems(), misses=searches,
        groups=group_choices(text), synonyms_digest=digest or "", month=this_month(),
        overdue_after=int(schedule.OVERDUE_AFTER.total_seconds() // 60),
        scheduled_page="staff.scheduled" in current_app.view_functions)


@staff_route("/content/dashboard/synonyms", "settings.edit", methods=("POST",))
def add_synonym():
    """Append a searched-for term to a synonym group of ``synonyms.yaml`` and publish it: refused
    (nothing written) if the file changed since the page was opened or the result has problems."""
    term = " ".join((request.form.get("term") or "").split())
    back = redirect(url_for("staff.content_dashboard", _anchor="misses-h"), code=303)
    text, digest = synonyms_text()
    try:
        index = int(request.form.get("group", ""))
        new_text = append_term(text or "", index, term) if term else None
    except (ValueError, IndexError, yaml.YAMLError):
        new_text = None
    if new_text is None:
        flash(_("Choose a synonym group and a search term."), "error")
        return back
    if request.form.get("base") != digest:
        flash(_("synonyms.yaml changed since this page was opened: look at the groups again."), "error")
        return back
    if found := problems_of(new_text):
        flash(_("Not added: %(problem)s", problem=said(found[0])), "error")
        return back
    try:
        writes.write_bundle(content_root(), {SYNONYMS: new_text}, expected={SYNONYMS: digest},
                            journal_dir=journal_dir())
    except writes.Conflict:
        flash(_("synonyms.yaml changed since this page was opened: look at the groups again."), "error")
        return back
    audit.record("content.synonym-add", SYNONYMS, "ok", {"term": term, "group": index + 1})
    run_publisher(None, None)  # the file is no item: the publisher's outcome is the generation's
    flash(_("“%(term)s” added to synonym group %(group)s and published.", term=term, group=index + 1))
    return back
