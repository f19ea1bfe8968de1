"""Reading leads: who may see which (scope), the inbox's filters, one lead with its history.

A desk's staff see the leads addressed to their desk and those their desk is copied on; a role
that reads all leads sees every one. Every query here takes that ``Scope``, so a lead outside it
is as absent as an unknown one.
"""

import functools
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ..clock import CHINA_TIME
from ..db import aware
from ..db.schema import funds, lead_events, leads, outbox, staff_users
from .pipeline import NEW, STAGES
from .workdays import add_working_days

PAGE_SIZE = 50
UNASSIGNED = "unassigned"
# What a filter may ask for: an id the database's INTEGER holds, a day the site can have a lead on
# (the reports' years). Beyond them a query overflows (SQLite, PostgreSQL or Python's datetime).
MAX_ID = 2**31 - 1
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Scope:
    """The leads a viewer may see: all of them, or those of ``desk`` (addressed or copied)."""

    all_desks: bool
    desk: str | None = None


@dataclass(frozen=True)
class Filters:
    """The inbox's query string, read and checked (unknown values are dropped, not errors; an owner,
    or a day, that is not one or is out of range is dropped too and named in ``rejected``, for the
    page to say so)."""

    stage: str | None = None
    desk: str | None = None
    owner: str | None = None  # a user id as text, or "unassigned"
    industry: str | None = None
    region: str | None = None
    ref: str | None = None
    received_from: date | None = None  # China dates, both included
    received_to: date | None = None
    overdue: bool = False
    page: int = 1
    rejected: tuple = ()  # names of the arguments out of range: "owner", "from", "to"

    def query(self, **changes):
        """The filters as query-string arguments (for links), with ``changes`` applied."""
        values = {"stage": self.stage, "desk": self.desk, "owner": self.owner,
                  "industry": self.industry, "region": self.region, "ref": self.ref,
                  "from": self.received_from.isoformat() if self.received_from else None,
                  "to": self.received_to.isoformat() if self.received_to else None,
                  "overdue": "1" if self.overdue else None, "page": self.page if self.page > 1 else None}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}

    def described(self):
        """The filters for the audit log: names and values, nothing about an investor."""
        return self.query(page=None)


def parse_day(text):
    try:
        return date.fromisoformat((text or "").strip()) if text else None
    except ValueError:
        return None


def read_filters(args):
    """``Filters`` from a request's ``args`` (a MultiDict)."""
    def text(name, size=100):
        value = (args.get(name) or "").strip()[:size]
        return value or None

    rejected = []
    stage = text("stage")
    owner = text("owner")
    if owner and owner != UNASSIGNED and not (owner.isdigit() and int(owner) <= MAX_ID):
        owner = None
        rejected.append("owner")
    days = {}
    for name in ("from", "to"):
        days[name] = parse_day(args.get(name))
        typed = (args.get(name) or "").strip()
        # Not a day (``from=abc``) or out of range: said, never silently a list of all the leads.
        if (typed and days[name] is None) or (days[name] and not FIRST_DAY <= days[name] <= LAST_DAY):
            days[name] = None
            rejected.append(name)
    page = args.get("page", "")
    return Filters(stage=stage if stage in STAGES else None, desk=text("desk"), owner=owner,
                   industry=text("industry", 64), region=text("region", 16), ref=text("ref", 64),
                   received_from=days["from"], received_to=days["to"],
                   overdue=args.get("overdue") in ("1", "on", "y"),
                   page=max(1, min(int(page), 100_000)) if page.isdigit() else 1,
                   rejected=tuple(rejected))


def copied_to(desk, dialect):
    """SQL: ``desk`` is among the lead's ``copies`` (``[{"desk": ..., "reason": ...}]``)."""
    if dialect == "postgresql":
        return sa.text("leads.copies @> CAST(:copy_json AS jsonb)").bindparams(
            copy_json=json.dumps([{"desk": desk}]))
    # The LIKE (on the JSON text) spares json_each for the many leads copied to nobody.
    return sa.text("(leads.copies LIKE :copy_like AND EXISTS (SELECT 1 FROM json_each(leads.copies) AS c "
                   "WHERE json_extract(c.value, '$.desk') = :copy_desk))").bindparams(
        copy_desk=desk, copy_like=f'%"{desk}"%')


def in_scope(scope, dialect):
    if scope.all_desks:
        return sa.true()
    if not scope.desk:
        return sa.false()
    return sa.or_(leads.c.desk == scope.desk, copied_to(scope.desk, dialect))


def copies_of(row):
    """The desks a lead was copied to, as ``[{"desk", "reason"}]``."""
    found = []
    for copy in row.copies or ():
        found.append(copy if isinstance(copy, dict) else {"desk": str(copy), "reason": None})
    return found


def china_midnight(day):
    """The moment (in UTC, as stored: SQLite compares the text) at which ``day`` begins in China."""
    return datetime.combine(day, time(), CHINA_TIME).astimezone(UTC)


@functools.lru_cache(maxsize=64)
def unanswered_cutoff(today, working_days):
    """Leads without a reply-by date received before this moment are overdue: the promise of
    ``working_days`` working days, counted from their China date, ended before ``today``."""
    day = today - timedelta(days=1)
    while add_working_days(day, working_days).day >= today:
        day -= timedelta(days=1)
    return china_midnight(day + timedelta(days=1))


def overdue_condition(today, working_days):
    return sa.and_(leads.c.status == NEW, sa.or_(
        sa.and_(leads.c.reply_by.is_not(None), leads.c.reply_by < today),
        sa.and_(leads.c.reply_by.is_(None),
                leads.c.created_at < unanswered_cutoff(today, working_days))))


def is_overdue(row, today, working_days):
    """True if the lead is not answered and its reply promise has passed (as ``overdue_condition``)."""
    if row.status != NEW:
        return False
    if row.reply_by is not None:
        return row.reply_by < today
    return aware(row.created_at) < unanswered_cutoff(today, working_days)


def conditions(filters, scope, dialect, today, working_days, *, with_stage=True):
    found = [in_scope(scope, dialect)]
    if with_stage and filters.stage:
        found.append(leads.c.status == filters.stage)
    if filters.desk:
        found.append(leads.c.desk == filters.desk)
    if filters.owner == UNASSIGNED:
        found.append(leads.c.owner_id.is_(None))
    elif filters.owner:
        found.append(leads.c.owner_id == int(filters.owner))
    if filters.industry:
        found.append(leads.c.industry == filters.industry)
    if filters.region:
        found.append(leads.c.region == filters.region)
    if filters.ref:
        found.append(leads.c.ref == filters.ref)
    if filters.received_from:
        found.append(leads.c.created_at >= china_midnight(filters.received_from))
    if filters.received_to:
        found.append(leads.c.created_at < china_midnight(filters.received_to + timedelta(days=1)))
    if filters.overdue:
        found.append(overdue_condition(today, working_days))
    return found


LIST_COLUMNS = (leads.c.id, leads.c.reference, leads.c.created_at, leads.c.company, leads.c.name,
                leads.c.email, leads.c.phone, leads.c.wechat, leads.c.desk, leads.c.copies,
                leads.c.status, leads.c.owner_id, leads.c.reply_by, leads.c.ref, leads.c.industry,
                leads.c.region, leads.c.needs_attention, leads.c.stage_at, leads.c.first_response_at,
                leads.c.contract_amount, leads.c.signed_on, leads.c.closed_reason, leads.c.lang,
                staff_users.c.name.label("owner_name"))


def listing(filters, scope, dialect, today, working_days):
    """The SELECT of the inbox's leads, newest first, without paging."""
    return (sa.select(*LIST_COLUMNS)
            .select_from(leads.outerjoin(staff_users, staff_users.c.id == leads.c.owner_id))
            .where(*conditions(filters, scope, dialect, today, working_days))
            .order_by(leads.c.created_at.desc(), leads.c.id.desc()))


def list_leads(connection, filters, scope, today, working_days, page_size=PAGE_SIZE):
    """``(rows of the page, whether a next page exists)``."""
    query = listing(filters, scope, connection.dialect.name, today, working_days)
    rows = connection.execute(query.limit(page_size + 1)
                              .offset((filters.page - 1) * page_size)).all()
    return rows[:page_size], len(rows) > page_size


def stage_counts(connection, filters, scope, today, working_days):
    """``{stage: count}`` of the leads matching every filter but the stage."""
    where = conditions(filters, scope, connection.dialect.name, today, working_days, with_stage=False)
    rows = connection.execute(sa.select(leads.c.status, sa.func.count()).where(*where)
                              .group_by(leads.c.status)).all()
    return {status: count for status, count in rows}


def undelivered(connection, scope, limit=100):
    """Leads in scope whose mail gave up (flagged, or a failed message), newest first."""
    # The few candidates first (failed mail by its index, flagged leads), then the scope on them.
    candidates = set(connection.execute(sa.select(outbox.c.lead_id).where(outbox.c.status == "failed"))
                     .scalars())
    candidates.update(connection.execute(sa.select(leads.c.id).where(leads.c.needs_attention.is_(True)))
                      .scalars())
    if not candidates:
        return []
    query = (sa.select(leads.c.id, leads.c.reference, leads.c.created_at, leads.c.desk,
                       leads.c.company, leads.c.needs_attention)
             .where(leads.c.id.in_(sorted(candidates)), in_scope(scope, connection.dialect.name))
             .order_by(leads.c.created_at.desc()).limit(limit))
    return connection.execute(query).all()


def load_lead(connection, lead_id, scope):
    """The lead row if it exists and is in ``scope``, else None."""
    query = (sa.select(leads, staff_users.c.name.label("owner_name"))
             .select_from(leads.outerjoin(staff_users, staff_users.c.id == leads.c.owner_id))
             .where(leads.c.id == lead_id, in_scope(scope, connection.dialect.name)))
    return connection.execute(query).first()


def events_of(connection, lead_id):
    """The lead's timeline, oldest first, with the acting user's name."""
    query = (sa.select(lead_events, staff_users.c.name.label("user_name"))
             .select_from(lead_events.outerjoin(staff_users, staff_users.c.id == lead_events.c.user_id))
             .where(lead_events.c.lead_id == lead_id).order_by(lead_events.c.at, lead_events.c.id))
    return connection.execute(query).all()


def messages_of(connection, lead_id):
    return connection.execute(sa.select(outbox.c.id, outbox.c.kind, outbox.c.recipient,
                                        outbox.c.recipient_name, outbox.c.status, outbox.c.attempts,
                                        outbox.c.last_error, outbox.c.sent_at, outbox.c.created_at)
                              .where(outbox.c.lead_id == lead_id).order_by(outbox.c.id)).all()


def funds_of(connection, lead_id):
    return connection.execute(sa.select(funds).where(funds.c.lead_id == lead_id)
                              .order_by(funds.c.arrived_on, funds.c.id)).all()


def active_users(connection):
    """``[(id, name, role, desk)]`` of the accounts not disabled, by name."""
    return connection.execute(sa.select(staff_users.c.id, staff_users.c.name, staff_users.c.role,
                                        staff_users.c.desk)
                              .where(staff_users.c.disabled_at.is_(None))
                              .order_by(staff_users.c.name)).all()


def stage_dates(connection, lead_ids):
    """``{lead id: {stage: first time entered}}`` for the leads of ``lead_ids`` (a SELECT of ids)."""
    found = {}
    rows = connection.execute(
        sa.select(lead_events.c.lead_id, lead_events.c.new, sa.func.min(lead_events.c.at))
        .where(lead_events.c.kind == "stage", lead_events.c.lead_id.in_(lead_ids))
        .group_by(lead_events.c.lead_id, lead_events.c.new)).all()
    for lead_id, stage, at in rows:
        found.setdefault(lead_id, {})[stage] = aware(at)
    return found


def funds_totals(connection, lead_ids):
    """``{lead id: funds in place so far (万元)}`` for the leads of ``lead_ids`` that have any."""
    rows = connection.execute(sa.select(funds.c.lead_id, sa.func.sum(funds.c.amount))
                              .where(funds.c.lead_id.in_(lead_ids)).group_by(funds.c.lead_id)).all()
    return dict(rows)
