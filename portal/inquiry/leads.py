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
    reference: str
    desk: str
    copies: tuple[str, ...]  # slugs of the desks copied
    reply_by: ReplyBy
    duplicate: bool = False


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


def save_lead(form, *, key, lang, route, address, content, ref):
    """Store the lead of a validated ``form``; return where it went. Raises LimitReached."""
    try:
        return insert(form, key=key, lang=lang, route=route, address=address, content=content, ref=ref)
    except sa.exc.IntegrityError:  # the same form sent twice at the same moment (PostgreSQL)
        with transaction() as connection:
            found = find(connection, key)
        if found is None:
            raise
        return found


def insert(form, *, key, lang, route, address, content, ref):
    now = utcnow()
    reply = promise(now)
    token = new_token()
    values = {
        "submission_key": key, "created_at": now, "lang": lang,
        "name": form.name.data, "company": form.company.data or None,
        "email": form.email.data or None, "phone": form.phone_e164,
        "wechat": form.wechat.data or None, "region": form.region.data or None,
        "industry": form.industry.data or None, "item": form.item.data or None,
        "answers": answers(form, content), "desk": route.desk, "routed_by": route.rule,
        "copies": route.stored_copies(), "reply_lang": route.reply_lang or lang, "reply_by": reply.day,
        "status_token_hash": token_hash(token),
        "source_page": form.source.data or None, "ref": ref,
        "client_address": str(address) if address else None,
        "consent_at": now, "consent_version": content.site.privacy_notice_version,
        "consent_share": bool(form.consent_share.data),
        "consent_newsletter": bool(form.consent_newsletter.data),
        "needs_attention": False, "status": "new",
    }
    with transaction() as connection:
        found = find(connection, key)
        if found:
            return found
        contacts = [form.email.data, form.phone_e164]
        if not within_limits(connection, limit_key(address), contacts, now):
            raise LimitReached()
        lead_id = connection.execute(leads.insert().values(values)).inserted_primary_key[0]
        reference = reference_for(lead_id, now)
        values.update(id=lead_id, reference=reference)
        queued = queue_messages(connection, values, content, now, reply=reply, status_token=token)
        connection.execute(leads.update().where(leads.c.id == lead_id).values(
            reference=reference, needs_attention=queued == 0))
    return Stored(reference, route.desk, tuple(c.desk for c in route.copies), reply)
