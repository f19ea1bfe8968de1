"""A person's rights under the PIPL (个人信息保护法): find their leads by e-mail or phone, export
what is stored about them, erase it; and the retention rule that erases closed leads after
``LEAD_RETENTION_MONTHS``.

Erasing keeps what the bureau counts (desk, industry, region, stage and its dates, amounts,
partner credit, scores) and removes what identifies or reaches the person: the contact fields,
the free-text answers, the message, staff notes, the rating's comment, and the bodies and
addresses of the lead's mail. The status link dies with it, and mail still waiting to be sent
is cancelled (``CANCELLED``): nothing goes to the person any more, and it cannot be sent again.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import phonenumbers
import sqlalchemy as sa

from ..db import utcnow
from ..db.schema import feedback, lead_events, leads, outbox
from . import pipeline

ERASED = "（已删除）"
CANCELLED = "cancelled"  # an outbox status: never sent, never picked up again
CANCELLED_REASON = "personal data erased: not sent"
# The mail that goes to the person (outbox kinds): its address and name are theirs.
INVESTOR_MAIL = ("acknowledgement", "status-link")
DEFAULT_PHONE_REGION = "CN"  # as the inquiry form parses numbers
# Answers that are the person's own words or identifiers; choices and the size of space are kept.
PERSONAL_ANSWERS = ("name", "company", "title", "email", "phone", "wechat", "message")
PERSONAL_COLUMNS = {"name": ERASED, "company": None, "email": None, "phone": None, "wechat": None,
                    "client_address": None, "status_token_hash": None}
SECRET_COLUMNS = ("status_token_hash", "submission_key", "owner_id")  # not exported
STAFF_EVENTS = ("owner",)  # old/new name staff members: not the person's data


def normalise(text):
    """``("email", address)`` (lower case) or ``("phone", E.164)``, or None if it is neither."""
    text = " ".join((text or "").split())
    if "@" in text:
        return ("email", text.lower()) if len(text) <= 320 else None
    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return "phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def matching(key):
    kind, value = key
    return sa.func.lower(leads.c.email) == value if kind == "email" else leads.c.phone == value


def find(connection, key):
    """The person's leads (erased ones no longer match: nothing of theirs is left)."""
    return connection.execute(sa.select(leads).where(matching(key)).order_by(leads.c.id)).all()


def plain(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def export(connection, rows):
    """Everything stored about the person, as JSON-ready data: each lead with its answers,
    its history (without who on the staff did what) and the mail sent to them."""
    ids = [row.id for row in rows]
    events = connection.execute(sa.select(lead_events).where(lead_events.c.lead_id.in_(ids))
                                .order_by(lead_events.c.id)).all()
    ratings = {r.lead_id: r for r in connection.execute(
        sa.select(feedback).where(feedback.c.lead_id.in_(ids))).all()}
    mail = connection.execute(sa.select(outbox).where(outbox.c.lead_id.in_(ids),
                                                      outbox.c.kind.in_(INVESTOR_MAIL))
                              .order_by(outbox.c.id)).all()
    out = []
    for row in rows:
        lead = {name: plain(value) for name, value in row._mapping.items() if name not in SECRET_COLUMNS}
        lead["history"] = [
            {"at": plain(e.at), "kind": e.kind, "old": None if e.kind in STAFF_EVENTS else e.old,
             "new": None if e.kind in STAFF_EVENTS else e.new, "note": e.note}
            for e in events if e.lead_id == row.id]
        rating = ratings.get(row.id)
        lead["rating"] = ({"at": plain(rating.at), "scores": rating.scores, "comment": rating.comment}
                          if rating else None)
        lead["messages_sent_to_you"] = [
            {name: plain(getattr(m, name)) for name in
             ("created_at", "sent_at", "status", "recipient", "recipient_name", "subject", "body")}
            for m in mail if m.lead_id == row.id]
        out.append(lead)
    return {"exported_at": plain(utcnow()), "leads": out}


def erased_answers(answers):
    return [{**a, "value": ERASED} if a.get("field") in PERSONAL_ANSWERS else a for a in answers or ()]


def erase(connection, rows, now=None):
    """Remove the personal data of the leads ``rows``; return their references."""
    now = now or utcnow()
    for row in rows:
        connection.execute(leads.update().where(leads.c.id == row.id).values(
            **PERSONAL_COLUMNS, answers=erased_answers(row.answers), erased_at=now))
        connection.execute(lead_events.update().where(lead_events.c.lead_id == row.id,
                                                      lead_events.c.note.is_not(None))
                           .values(note=ERASED))
        connection.execute(feedback.update().where(feedback.c.lead_id == row.id).values(comment=None))
        connection.execute(outbox.update().where(outbox.c.lead_id == row.id).values(
            subject=row.reference or ERASED, body=ERASED, reply_to=None))
        connection.execute(outbox.update().where(outbox.c.lead_id == row.id,
                                                 outbox.c.kind.in_(INVESTOR_MAIL))
                           .values(recipient=ERASED, recipient_name=ERASED))
        connection.execute(outbox.update().where(outbox.c.lead_id == row.id, outbox.c.status == "pending")
                           .values(status=CANCELLED, claimed_until=None, last_error=CANCELLED_REASON))
        # Nothing is left to send again or anyone to call: the lead no longer needs attention.
        connection.execute(leads.update().where(leads.c.id == row.id).values(needs_attention=False))
    return [row.reference for row in rows]


def months_before(moment, months):
    """The same day and time ``months`` earlier (the month's last day if it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 0, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def due_for_erasure(connection, months, now=None):
    """Closed leads whose stage has not changed for ``months``, their personal data still there."""
    cutoff = months_before(now or utcnow(), months)
    return connection.execute(sa.select(leads).where(
        leads.c.status == pipeline.CLOSED, leads.c.erased_at.is_(None),
        sa.func.coalesce(leads.c.stage_at, leads.c.created_at) < cutoff).order_by(leads.c.id)).all()
