"""Anti-abuse without third-party captchas (they fail in mainland China and send visitors'
data abroad): a signed form token that proves a minimum fill time and makes a double submit
store one lead, a honeypot field, and limits per address (/64 for IPv6) and per contact that
hold across all workers and servers.

Limits live in the database by default (counted inside the transaction that stores the lead,
so they hold across workers), or in Redis when ``RATELIMIT_STORAGE_URI`` is set, through the
``limits`` library (the engine of Flask-Limiter) with a moving window.
"""

import hashlib
import secrets
import time
import zlib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from limits import parse as parse_limit

from ..db.schema import rate_hits

TOKEN_SALT = "inquiry-form"
TOKEN_MAX_AGE_S = 7 * 86400


def serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt=TOKEN_SALT)


def new_form_token():
    """A signed token carrying a fresh submission key and the time the form was shown."""
    return serializer().dumps(secrets.token_hex(16))


def read_form_token(token):
    """``(submission key, seconds since the form was shown)``, or None if forged or too old."""
    try:
        key, signed_at = serializer().loads(token or "", max_age=TOKEN_MAX_AGE_S,
                                            return_timestamp=True)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(key, str) or len(key) != 32:
        return None
    return key, time.time() - signed_at.timestamp()


def bucket(kind, value):
    """A rate-limit bucket name that does not store the address or contact itself."""
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:40]}"


class DatabaseLimits:
    """Moving-window limits counted in ``rate_hits``, in the caller's write transaction."""

    def hit(self, connection, name, limit, now):
        """Record a hit on ``name`` and return True, or return False if ``limit`` is reached."""
        item = parse_limit(limit)
        since = now - timedelta(seconds=item.get_expiry())
        if connection.dialect.name == "postgresql":  # serialise hits on one bucket
            key = zlib.crc32(name.encode())
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
        connection.execute(rate_hits.delete().where(rate_hits.c.bucket == name,
                                                    rate_hits.c.hit_at < since))
        count = connection.execute(sa.select(sa.func.count()).select_from(rate_hits).where(
            rate_hits.c.bucket == name)).scalar_one()
        if count >= item.amount:
            return False
        connection.execute(rate_hits.insert().values(bucket=name, hit_at=now))
        return True


class StorageLimits:
    """The same limits in a ``limits`` storage (Redis: shared by every server)."""

    def __init__(self, uri):
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        self.limiter = MovingWindowRateLimiter(storage_from_string(uri))

    def hit(self, connection, name, limit, now):
        return self.limiter.hit(parse_limit(limit), name)


def limits_backend(app):
    uri = app.config["RATELIMIT_STORAGE_URI"]
    return StorageLimits(uri) if uri else DatabaseLimits()


def within_limits(connection, address_key, contacts, now):
    """Count this submission against its address and each contact; False if any limit is hit."""
    backend = current_app.extensions["inquiry_limits"]
    config = current_app.config
    checks = [(bucket("address", address_key), config["INQUIRY_LIMIT_PER_ADDRESS"])]
    checks += [(bucket("contact", c.lower()), config["INQUIRY_LIMIT_PER_CONTACT"]) for c in contacts if c]
    return all([backend.hit(connection, name, limit, now) for name, limit in checks])
