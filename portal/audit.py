"""The audit log: who did what, from where, to which object, with what result.

Append-only (the database refuses updates, and deletes of rows younger than 180 days). Rows are
kept ``AUDIT_RETENTION_DAYS`` (365 by default, never less than 180); ``portal staff prune-audit``
removes older ones. Times are stored in UTC and shown in China time (+08:00). Nothing personal
about investors goes into ``detail``: objects are named by lead reference.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from .client import client_address
from .db import transaction, utcnow
from .db.schema import audit_log

AUDIT_FLOOR_DAYS = 180


def actor():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, current_user.name
    return None, None


def row(event, obj, result, detail=None, user=None, address=None):
    user_id, user_name = user if user else actor()
    if address is None and has_request_context():
        found = client_address()
        address = str(found) if found else None
    return {"at": utcnow(), "user_id": user_id, "user_name": user_name, "address": address,
            "event": event, "object": None if obj is None else str(obj)[:200], "result": result,
            "detail": detail}


def record(event, obj=None, result="ok", detail=None, *, connection=None, user=None, address=None):
    """Append one row; in ``connection``'s transaction if given, else in a transaction of its own."""
    values = row(event, obj, result, detail, user, address)
    if connection is not None:
        connection.execute(audit_log.insert().values(values))
        return
    with transaction() as own:
        own.execute(audit_log.insert().values(values))


def prune(days, now=None):
    """Delete rows older than ``days`` (at least 180); return how many went."""
    days = max(int(days), AUDIT_FLOOR_DAYS)
    cutoff = (now or utcnow()) - timedelta(days=days)
    with transaction() as connection:
        return connection.execute(audit_log.delete().where(audit_log.c.at < cutoff)).rowcount


def recent(connection, *, limit=100, before=None, event=None, user=None):
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if before:
        query = query.where(audit_log.c.id < before)
    if event:
        query = query.where(audit_log.c.event.startswith(event))
    if user:
        query = query.where(audit_log.c.user_name == user)
    return connection.execute(query).all()
