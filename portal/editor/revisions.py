"""The record of the editor's work: every save, submit, approval, publish, restore and schedule of
an item is one revision with a full snapshot of its text files, numbered 1, 2, 3 ... per item.

Revisions are only ever added (a restore is a new draft; nothing newer is deleted), and each one
is also one row of the audit log, in the same transaction. A scheduled publish or unpublish is
marked done by ``mark_done`` with ``UPDATE ... WHERE done_at IS NULL``: of two timers that find
the same due revision, one wins and the other learns it lost, so the item is published once.
"""

import hashlib
from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy as sa

from .. import audit
from ..content.frontmatter import parse_yaml, split_front_matter
from ..content.problems import ContentError
from ..db import aware, engine, transaction, utcnow
from ..db.schema import content_revisions as table
from ..staff.roles import allows_user
from . import workflow

ZH_FILE = "index.zh.md"


def in_chain(revisions):
    """SQL for ``workflow.in_chain``: the rows of ``revisions`` (the table or an alias) that are
    of the working chain, not a move on or off the site."""
    return sa.not_(sa.or_(revisions.c.kind.in_(("unpublish", "republish")),
                          sa.and_(revisions.c.kind == "schedule", revisions.c.unpublish_at.is_not(None))))


def decides_on_site(revisions):
    """The rows that settle whether the item stays on the site: a move on or off it, or a
    scheduled unpublish (each one replaces any earlier scheduled unpublish)."""
    moved = sa.and_(revisions.c.kind.in_(workflow.ON_SITE_KINDS),
                    revisions.c.state.in_((workflow.PUBLISHED, workflow.UNPUBLISHED)))
    return sa.or_(moved, revisions.c.unpublish_at.is_not(None))


@dataclass(frozen=True)
class Revision:
    """One revision as stored, its times in UTC."""

    id: int
    section: str
    slug: str
    number: int
    kind: str
    state: str
    files: dict
    base: dict | None
    user_id: int | None
    user_name: str | None
    at: datetime
    comment: str | None
    step: int
    publish_at: datetime | None
    unpublish_at: datetime | None
    done_at: datetime | None

    @classmethod
    def from_row(cls, row):
        values = dict(row._mapping)
        for name in ("at", "publish_at", "unpublish_at", "done_at"):
            values[name] = aware(values[name])
        return cls(**{f.name: values[f.name] for f in fields(cls)})

    @property
    def title(self):
        """The Chinese title (or name) in this revision's front matter; None if it has none or
        the file does not parse (a draft may be broken)."""
        text = (self.files or {}).get(ZH_FILE)
        if not text:
            return None
        try:
            head, _body, offset = split_front_matter(text, ZH_FILE)
            data, _lines = parse_yaml(head, ZH_FILE, offset)
        except ContentError:
            return None
        found = data.get("title") or data.get("name")
        return str(found) if found else None


@dataclass(frozen=True)
class Waiting:
    """An item waiting for someone: ``action`` is "edit", "approve" or "publish"."""

    action: str
    revision: Revision


def who(user):
    """``(id, name)`` of ``user``: an account, a ``(id, name)`` pair, or None (the command line)."""
    if user is None:
        return None, "cli"
    if isinstance(user, tuple):
        return user
    return user.id, user.name


def lock_item(connection, section, slug):
    """Serialize numbering on PostgreSQL (SQLite's writers are serialized already): two saves of
    one item at once would otherwise both read the same highest number."""
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"content:{section}/{slug}".encode()).digest()[:8], "big",
                             signed=True)
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def record(section, slug, kind, state, files, base, user, comment=None, step=0, publish_at=None,
           unpublish_at=None, *, connection=None):
    """Add a revision (number: the item's highest + 1) and its audit row; return its id.

    ``user``: who did it (see ``who``). In ``connection``'s write transaction if given, else in
    one of its own. A revision schedules one thing: ``publish_at`` or ``unpublish_at``, not both
    (``mark_done`` marks one).
    """
    if kind not in workflow.KINDS or state not in workflow.STATES:
        raise ValueError(f"unknown kind {kind!r} or state {state!r} of a revision")
    if publish_at is not None and unpublish_at is not None:
        raise ValueError("a revision schedules a publish or an unpublish, not both")
    if connection is None:
        with transaction() as own:
            return record(section, slug, kind, state, files, base, user, comment, step, publish_at,
                          unpublish_at, connection=own)
    lock_item(connection, section, slug)
    number = connection.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.number), 0)).where(
        table.c.section == section, table.c.slug == slug)).scalar_one() + 1
    user_id, user_name = who(user)
    revision_id = connection.execute(table.insert().values(
        section=section, slug=slug, number=number, kind=kind, state=state, files=files, base=base,
        user_id=user_id, user_name=user_name, at=utcnow(), comment=comment, step=step,
        publish_at=publish_at, unpublish_at=unpublish_at,
    )).inserted_primary_key[0]
    audit.record(f"content.{kind}", f"{section}/{slug}", "ok",
                 {"revision": revision_id, "number": number, "step": step, "comment": comment},
                 connection=connection, user=(user_id, user_name))
    return revision_id


def read(query, connection=None):
    if connection is not None:
        return [Revision.from_row(r) for r in connection.execute(query)]
    with engine().connect() as own:
        return [Revision.from_row(r) for r in own.execute(query)]


def history(section, slug, connection=None):
    """The item's revisions, oldest first (as ``workflow.decide`` takes them)."""
    return read(sa.select(table).where(table.c.section == section, table.c.slug == slug)
                .order_by(table.c.number), connection)


def get(revision_id, connection=None):
    found = read(sa.select(table).where(table.c.id == revision_id), connection)
    return found[0] if found else None


def latest(section, slug, connection=None):
    """The item's newest revision of any kind (None if it has none)."""
    found = read(sa.select(table).where(table.c.section == section, table.c.slug == slug)
                 .order_by(table.c.number.desc()).limit(1), connection)
    return found[0] if found else None


def current(section, slug, connection=None):
    """The newest revision of the item's working chain: the text in progress or last published
    (an unpublish or republish, or a scheduled unpublish, leaves a draft in progress where it is)."""
    found = read(sa.select(table).where(table.c.section == section, table.c.slug == slug, in_chain(table))
                 .order_by(table.c.number.desc()).limit(1), connection)
    return found[0] if found else None


def chain(section, slug, number, connection=None):
    """The steps that led to revision ``number``, for its review sheet (审核表): from the save or
    restore that wrote its text (each submit, approval and rejection since) to ``number`` itself."""
    found = [r for r in history(section, slug, connection) if r.number <= number and workflow.in_chain(r)]
    start = max((i for i, r in enumerate(found) if r.kind in workflow.TEXT_KINDS), default=0)
    return found[start:]


def latest_by_item(section, connection=None):
    """``{slug: newest revision of its working chain}`` of every item of ``section`` that has one."""
    newest = (sa.select(table.c.slug, sa.func.max(table.c.number).label("number"))
              .where(table.c.section == section, in_chain(table)).group_by(table.c.slug).subquery())
    query = sa.select(table).join(newest, sa.and_(table.c.section == section, table.c.slug == newest.c.slug,
                                                  table.c.number == newest.c.number))
    return {r.slug: r for r in read(query, connection)}


def newest_per_item(connection):
    """The newest working revision of every item still in progress (draft to approved)."""
    newest = (sa.select(table.c.section, table.c.slug, sa.func.max(table.c.number).label("number"))
              .where(in_chain(table)).group_by(table.c.section, table.c.slug).subquery())
    query = (sa.select(table).join(newest, sa.and_(table.c.section == newest.c.section,
                                                   table.c.slug == newest.c.slug,
                                                   table.c.number == newest.c.number))
             .where(table.c.state.in_(workflow.IN_PROGRESS))
             .order_by(table.c.at, table.c.id))
    return read(query, connection)


def pending_for(user, steps=None):
    """What waits for ``user``, oldest first: their own drafts and texts sent back ("edit"),
    submitted or partly approved items whose next step they may approve ("approve"), and fully
    approved items if they publish ("publish"). ``steps``: {section: review steps} overrides."""
    waiting = []
    with engine().connect() as connection:
        for newest in newest_per_item(connection):
            if newest.state in (workflow.DRAFT, workflow.REJECTED):
                if allows_user(user, "content.write"):
                    text = workflow.text_revision(history(newest.section, newest.slug, connection))
                    if text is not None and text.user_id == user.id:
                        waiting.append(Waiting("edit", newest))
                continue
            if not (allows_user(user, "content.review") or allows_user(user, "content.publish")):
                continue
            items = history(newest.section, newest.slug, connection)
            count = workflow.steps_for(newest.section, steps)
            for action in ("approve", "publish"):
                if workflow.decide(action, user, items, count).allowed:
                    waiting.append(Waiting(action, newest))
    return waiting


def due(now, connection=None):
    """Scheduled publishes and unpublishes whose time has come and that have not run, oldest
    first. A scheduled publish that newer work overtook (a new draft, a publish by hand) is not
    due, nor a scheduled unpublish after which the item was published, unpublished or rescheduled."""
    later = table.alias("later")
    same_item = sa.and_(later.c.section == table.c.section, later.c.slug == table.c.slug,
                        later.c.number > table.c.number)
    publishes = sa.and_(table.c.kind == "schedule", table.c.publish_at <= now,
                        ~sa.exists().where(same_item, in_chain(later)))
    unpublishes = sa.and_(table.c.unpublish_at <= now, ~sa.exists().where(same_item, decides_on_site(later)))
    query = (sa.select(table).where(table.c.done_at.is_(None), sa.or_(publishes, unpublishes))
             .order_by(sa.func.coalesce(table.c.publish_at, table.c.unpublish_at), table.c.id))
    return read(query, connection)


def mark_done(revision_id, now, connection=None):
    """Mark a scheduled revision done at ``now``; True only for the one call that did it (a
    second timer run, or a concurrent one, gets False and must not act)."""
    update = table.update().where(table.c.id == revision_id, table.c.done_at.is_(None)).values(done_at=now)
    if connection is not None:
        return connection.execute(update).rowcount == 1
    with transaction() as own:
        return own.execute(update).rowcount == 1
