"""Store a lead and queue its mail in one transaction; a double submit stores one lead.

The lead keeps its routing (desk, rule, copies, reply language), its reply-by date in Chinese
working days, and the hash of its status link's token; the token itself goes only into the
acknowledgement (sealed in the outbox, see ``portal.outbox.sealed``), never into a log.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..client import limit_key
from ..clock import CHINA_TIME
from ..db import aware, transaction, utcnow
from ..db.schema import leads
from ..leads.tokens import new_token, token_hash
from ..leads.workdays import ReplyBy, reply_by
from ..outbox import queue_messages
from .answers import answers
from .guard import within_limits


class LimitReached(Exception):
    """Too many inquiries from this address or contact: nothing was stored."""


@dataclass(frozen=True)
class Stored:
    reference: str | None  # None while the inquiry waits in the spool (``spooling``)
    desk: str
    copies: tuple[str, ...]  # slugs of the desks copied
    reply_by: ReplyBy
    duplicate: bool = False
    receipt: str | None = None  # what the visitor quotes until the reference exists


def reference_for(lead_id, created_at):
    """``QL-2026-000123``: prefix, the year in China, the lead's number."""
    prefix = current_app.config["LEAD_REFERENCE_PREFIX"]
    return f"{prefix}-{created_at.astimezone(CHINA_TIME).year}-{lead_id:06d}"


def promise(received):
    return reply_by(received, current_app.config["REPLY_WORKING_DAYS"])


def find(connection, key):
    row = connection.execute(sa.select(leads.c.reference, leads.c.desk, leads.c.copies,
                                       leads.c.reply_by, leads.c.created_at)
                             .where(leads.c.submission_key == key)).first()
    if row is None:
        return None
    estimated = promise(aware(row.created_at)).estimated
    return Stored(row.reference, row.desk, tuple(c["desk"] for c in row.copies or ()),
                  ReplyBy(row.reply_by, estimated), duplicate=True)


def lead_values(form, *, key, lang, address, content, ref, source):
    """What the visitor sent, as a lead stores it: plain JSON values, so that an inquiry kept in
    the spool (``spooling``) becomes the same lead later."""
    return {
        "submission_key": key, "lang": lang,
        "name": form.name.data, "company": form.company.data or None,
        "email": form.email.data or None, "phone": form.phone_e164,
        "wechat": form.wechat.data or None, "region": form.region.data or None,
        "industry": form.industry.data or None, "item": form.item.data or None,
        "answers": answers(form, content),
        "source_page": source or None, "ref": ref,
        "client_address": str(address) if address else None,
        "consent_version": content.site.privacy_notice_version,
        "consent_share": bool(form.consent_share.data),
        "consent_newsletter": bool(form.consent_newsletter.data),
    }


def save_lead(form, *, key, lang, route, address, content, ref):
    """Store the lead of a validated ``form``; return where it went. Raises LimitReached."""
    values = lead_values(form, key=key, lang=lang, address=address, content=content, ref=ref,
                         source=form.source.data)
    return store(values, route=route, content=content, limit=limit_key(address))


def store(values, *, route, content, limit=None, received=None):
    """Store the lead of ``values`` (``lead_values``) routed by ``route``, with its mails, at
    ``received`` (default now); count it against the limits of address key ``limit`` unless
    that is None (a spooled inquiry was counted when it was received). Raises LimitReached."""
    try:
        return insert(values, route=route, content=content, limit=limit, now=received or utcnow())
    except sa.exc.IntegrityError:  # the same form sent twice at the same moment (PostgreSQL)
        with transaction() as connection:
            found = find(connection, values["submission_key"])
        if found is None:
            raise
        return found


def insert(visitor, *, route, content, limit, now):
    reply = promise(now)
    token = new_token()
    values = {
        **visitor, "created_at": now, "desk": route.desk, "routed_by": route.rule,
        "copies": route.stored_copies(), "reply_lang": route.reply_lang or visitor["lang"],
        "reply_by": reply.day, "status_token_hash": token_hash(token), "consent_at": now,
        "needs_attention": False, "status": "new",
    }
    with transaction() as connection:
        found = find(connection, values["submission_key"])
        if found:
            return found
        contacts = [values["email"], values["phone"]]
        if limit is not None and not within_limits(connection, limit, contacts, now):
            raise LimitReached()
        lead_id = connection.execute(leads.insert().values(values)).inserted_primary_key[0]
        reference = reference_for(lead_id, now)
        values.update(id=lead_id, reference=reference)
        queued = queue_messages(connection, values, content, now, reply=reply, status_token=token)
        connection.execute(leads.update().where(leads.c.id == lead_id).values(
            reference=reference, needs_attention=queued == 0))
    return Stored(reference, route.desk, tuple(c.desk for c in route.copies), reply)
