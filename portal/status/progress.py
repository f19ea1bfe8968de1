"""What the status page may know of a lead: its reference and what it asked about (the
acknowledgement gave both), its stage, the dates of the stages reached, the desk, the reply-by
date and whether a rating was given; nothing that names or reaches the investor."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..db import aware
from ..db.schema import feedback, lead_events, leads
from ..leads import pipeline
from ..leads.tokens import token_hash

RECEIVED, WITH_DESK = "received", "with-desk"
STEPS = (RECEIVED, WITH_DESK, pipeline.CONTACTED, pipeline.VISIT, pipeline.NEGOTIATING,
         pipeline.SIGNED, pipeline.STARTED, pipeline.PRODUCTION)
LABELS = {  # as the investor reads them; the desk's own name is shown beside WITH_DESK
    RECEIVED: _l("Inquiry received"), WITH_DESK: _l("With the responsible desk"),
    pipeline.CONTACTED: _l("The desk has contacted you"), pipeline.VISIT: _l("Visit arranged"),
    pipeline.NEGOTIATING: _l("Negotiating"), pipeline.SIGNED: _l("Contract signed"),
    pipeline.STARTED: _l("Construction started"), pipeline.PRODUCTION: _l("In production"),
}


@dataclass(frozen=True)
class AskedAbout:
    """The project, park or factory unit an inquiry named, as its page shows it."""

    title: str
    endpoint: str
    values: dict  # url_for's arguments besides the language


def asked_about(content, item, lang):
    """``project:<slug>``, ``park:<slug>`` or ``unit:<park>/<id>`` as an :class:`AskedAbout` in
    ``lang``; None for no item, or one no longer on the site."""
    kind, _, key = (item or "").partition(":")
    if kind == "unit":
        park_slug, _, unit_id = key.partition("/")
        park = content.get("parks", park_slug, lang)
        if park is None or not any(u.id == unit_id for u in park.units):
            return None
        return AskedAbout(f"{park.name} · {unit_id}", "public.unit", {"slug": park_slug, "unit_id": unit_id})
    section, endpoint = {"project": ("projects", "public.project"), "park": ("parks", "public.park")}.get(
        kind, (None, None))
    found = content.get(section, key, lang) if section else None
    return AskedAbout(found.title, endpoint, {"slug": key}) if found else None


@dataclass
class Progress:
    lead_id: int
    lang: str
    desk: str
    stage: str
    reply_by: date | None
    rated: bool
    stage_at: object = None  # when the current stage was entered (aware UTC)
    reached: dict = field(default_factory=dict)  # step -> when it was (last) entered
    reference: str | None = None  # QL-2026-000123, as in the acknowledgement
    item: str | None = None  # project:<slug>, park:<slug> or unit:<park>/<id>, if one was named

    @property
    def answered(self):
        return pipeline.answered(self.stage)

    @property
    def closed(self):
        return self.stage == pipeline.CLOSED

    def steps(self):
        """``[(step, label, state, when)]``, state ``done``, ``current`` or ``ahead``; a closed
        lead shows only the steps it reached; once in production, the last step, every step is
        done (there is no step left to be on)."""
        current = WITH_DESK if self.stage == pipeline.NEW else self.stage
        position = STEPS.index(current) if current in STEPS else -1
        rows = []
        for index, step in enumerate(STEPS):
            if self.closed or current == STEPS[-1]:
                if step not in self.reached:
                    continue
                state = "done"
            else:
                state = "done" if index < position else "current" if index == position else "ahead"
            rows.append((step, LABELS[step], state, self.reached.get(step) if state != "ahead" else None))
        return rows


def query(token):
    """The one query, the same for every token: the lead, its stage events and its rating."""
    stage_events = sa.and_(lead_events.c.lead_id == leads.c.id, lead_events.c.kind == "stage")
    return (sa.select(leads.c.id, leads.c.lang, leads.c.desk, leads.c.status, leads.c.created_at,
                      leads.c.stage_at, leads.c.reference, leads.c.item, leads.c.reply_by,
                      feedback.c.id.label("rated"),
                      lead_events.c.new.label("event_stage"), lead_events.c.at.label("event_at"))
            .select_from(leads.outerjoin(feedback, feedback.c.lead_id == leads.c.id)
                         .outerjoin(lead_events, stage_events))
            .where(leads.c.status_token_hash == token_hash(token),
                   leads.c.status_revoked_at.is_(None), leads.c.erased_at.is_(None))
            .order_by(lead_events.c.at, lead_events.c.id))


def find(connection, token):
    """The lead's progress for a live ``token``, or None."""
    rows = connection.execute(query(token)).all()
    if not rows:
        return None
    first = rows[0]
    created = aware(first.created_at)
    reached = {RECEIVED: created, WITH_DESK: created}
    for row in rows:
        if row.event_stage in STEPS and row.event_at is not None:
            reached[row.event_stage] = aware(row.event_at)
    if first.status in STEPS and first.stage_at is not None:
        reached[first.status] = aware(first.stage_at)
    return Progress(first.id, first.lang, first.desk, first.status, first.reply_by,
                    first.rated is not None, aware(first.stage_at), reached, first.reference, first.item)
