"""Store a lead and queue its mail in one transaction; a double submit stores one lead."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..db import transaction, utcnow
from ..db.schema import leads
from ..outbox import queue_messages
from ..leads.workdays import CHINA_TIME
from .answers import answers
from .client import limit_key
from .guard import within_limits


class LimitReached(Exception):
    """Too many inquiries from this address or contact: nothing was stored."""


@dataclass(frozen=True)
class Stored:
    reference: str
    desk: str
    duplicate: bool = False


def reference_for(lead_id, created_at):
    """``QL-2026-000123``: prefix, the year in China, the lead's number."""
    prefix = current_app.config["LEAD_REFERENCE_PREFIX"]
    return f"{prefix}-{created_at.astimezone(CHINA_TIME).year}-{lead_id:06d}"


def find(connection, key):
    row = connection.execute(sa.select(leads.c.reference, leads.c.desk)
                             .where(leads.c.submission_key == key)).first()
    return Stored(row.reference, row.desk, duplicate=True) if row else None


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
    values = {
        "submission_key": key, "created_at": now, "lang": lang,
        "name": form.name.data, "company": form.company.data or None,
        "email": form.email.data or None, "phone": form.phone_e164,
        "wechat": form.wechat.data or None, "region": form.region.data or None,
        "industry": form.industry.data or None, "item": form.item.data or None,
        "answers": answers(form, content), "desk": route.desk, "routed_by": route.rule,
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
        queued = queue_messages(connection, values, content, now)
        connection.execute(leads.update().where(leads.c.id == lead_id).values(
            reference=reference, needs_attention=queued == 0))
    return Stored(reference, route.desk)
