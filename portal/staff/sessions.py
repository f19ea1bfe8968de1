"""Staff sessions kept on the server: the browser holds a random token, the database its hash.

A session ends after ``STAFF_IDLE_MINUTES`` without a request and ``STAFF_SESSION_HOURS`` after
login, whatever the browser does; logout ends it here, so a copied cookie is worthless after.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..db import aware, transaction, utcnow
from ..db.schema import staff_sessions, staff_users
from ..leads.tokens import new_token, token_hash
from . import accounts

TOUCH_EVERY_S = 30  # write "last seen" at most this often: each request need not write


def start(connection, user_id, address):
    token = new_token()
    now = utcnow()
    connection.execute(staff_sessions.insert().values(
        token_hash=token_hash(token), user_id=user_id, created_at=now, seen_at=now,
        address=str(address) if address else None))
    return token


def load(token):
    """The signed-in StaffUser for ``token``, or None (unknown, ended, expired, disabled)."""
    if not token:
        return None
    config = current_app.config
    now = utcnow()
    query = (sa.select(staff_sessions, staff_users.c.name, staff_users.c.role, staff_users.c.desk,
                       staff_users.c.must_change_password, staff_users.c.disabled_at,
                       staff_users.c.content_roles)
             .join(staff_users, staff_users.c.id == staff_sessions.c.user_id)
             .where(staff_sessions.c.token_hash == token_hash(token)))
    with transaction() as connection:
        found = connection.execute(query).first()
        if found is None or found.ended_at or found.disabled_at:
            return None
        idle = now - aware(found.seen_at) > timedelta(minutes=config["STAFF_IDLE_MINUTES"])
        old = now - aware(found.created_at) > timedelta(hours=config["STAFF_SESSION_HOURS"])
        if idle or old:
            connection.execute(staff_sessions.update().where(staff_sessions.c.id == found.id)
                               .values(ended_at=now))
            return None
        if (now - aware(found.seen_at)).total_seconds() >= TOUCH_EVERY_S:
            connection.execute(staff_sessions.update().where(staff_sessions.c.id == found.id)
                               .values(seen_at=now))
    return accounts.StaffUser(found.user_id, found.name, found.role, found.desk,
                              found.must_change_password, token,
                              accounts.content_roles_of(found.content_roles))


def end(token):
    with transaction() as connection:
        connection.execute(staff_sessions.update().where(
            staff_sessions.c.token_hash == token_hash(token), staff_sessions.c.ended_at.is_(None))
            .values(ended_at=utcnow()))


def end_all(connection, user_id, keep=None):
    """End every session of a user (disabled, or password changed), but ``keep`` (a token)."""
    query = staff_sessions.update().where(staff_sessions.c.user_id == user_id,
                                          staff_sessions.c.ended_at.is_(None))
    if keep:
        query = query.where(staff_sessions.c.token_hash != token_hash(keep))
    connection.execute(query.values(ended_at=utcnow()))
