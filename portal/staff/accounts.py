"""Staff accounts: create, reset, disable, list, and the login check with its lockout.

A login fails with one generic message whatever went wrong (unknown name, wrong password,
disabled or locked account), and costs the same Argon2 time in every case. After
``STAFF_MAX_FAILURES`` wrong passwords in a row the account is locked for
``STAFF_LOCK_MINUTES``; each source network (an IPv4 address, an IPv6 /64) may fail at most
``STAFF_LOGIN_LIMIT`` times, however many names it tries.
"""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_login import UserMixin

from ..client import limit_key
from ..db import aware, transaction, utcnow
from ..db.schema import rate_hits, staff_users
from . import passwords, sessions
from .roles import CONTENT_ROLES, DESK, ROLES


class AccountError(ValueError):
    """A user cannot be created or changed as asked; the message says why."""


@dataclass
class StaffUser(UserMixin):
    id: int
    name: str
    role: str
    desk: str | None
    must_change_password: bool
    session_token: str | None = None
    content_roles: frozenset = frozenset()  # the editor's roles besides the main one (roles.py)

    def get_id(self):  # Flask-Login keeps the session's token, not the user id
        return self.session_token

    @classmethod
    def from_row(cls, row, token=None):
        return cls(row.id, row.name, row.role, row.desk, row.must_change_password, token,
                   content_roles_of(row.content_roles))


def content_roles_of(value):
    """The content roles in ``value`` (the column's comma list as stored or typed, or an iterable
    of names), as a frozenset; an unknown name is an ``AccountError`` naming the known ones."""
    if value is None:
        return frozenset()
    names = value.replace("，", ",").split(",") if isinstance(value, str) else value
    found = frozenset(n.strip() for n in names if n and n.strip())
    if unknown := sorted(found - set(CONTENT_ROLES)):
        raise AccountError(f"unknown content role(s) {', '.join(unknown)}; "
                           f"content roles: {', '.join(CONTENT_ROLES)}")
    return found


def stored_content_roles(roles):
    """The column's value for ``roles``: a comma list in a fixed order, or None for none."""
    return ",".join(r for r in CONTENT_ROLES if r in roles) or None


def find(connection, name):
    return connection.execute(sa.select(staff_users).where(staff_users.c.name == name)).first()


def check_role(role, desk, content=None):
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if role == DESK and not desk:
        raise AccountError("desk staff need --desk (the folder name of their desk)")
    if role != DESK and desk:
        raise AccountError(f"only desk staff have a desk; role {role} works across desks")
    if desk and content is not None and content.get("desks", desk, "zh") is None:
        known = ", ".join(d.slug for d in content.items("desks", "zh"))
        raise AccountError(f"no desk {desk!r}; desks: {known}")


def check_password(password, name):
    found = passwords.problems(password, name, current_app.config)
    if not found:
        return
    if has_request_context():  # a page: in the staff member's language
        raise AccountError(" ".join(str(p) for p in found))
    with force_locale("zh"):  # the shell: in both languages
        chinese = " ".join(str(p) for p in found)
    with force_locale("en"):
        english = " ".join(str(p) for p in found)
    raise AccountError(f"{chinese} / {english}")


def add(name, role, password, desk=None, content=None, content_roles=()):
    """Create an active account that must change its password at first login; return its id.
    ``content_roles``: the editor's roles it also holds (names, or a comma list as typed)."""
    if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise AccountError("a user name is letters, digits, '.', '-' or '_'")
    check_role(role, desk, content)
    extra = content_roles_of(content_roles)
    check_password(password, name)
    with transaction() as connection:
        if find(connection, name):
            raise AccountError(f"user {name!r} exists; use 'portal staff reset {name}'")
        return connection.execute(staff_users.insert().values(
            name=name, role=role, desk=desk, password_hash=passwords.hash_password(password),
            must_change_password=True, failed_logins=0, created_at=utcnow(),
            content_roles=stored_content_roles(extra),
        )).inserted_primary_key[0]


def set_content_roles(name, roles):
    """Give ``name`` exactly the content roles ``roles`` (none removes them all); return them.
    Sessions in progress see the change at their next request (they read the account anew)."""
    found = content_roles_of(roles)
    with transaction() as connection:
        done = connection.execute(staff_users.update().where(staff_users.c.name == name)
                                  .values(content_roles=stored_content_roles(found))).rowcount
    if not done:
        raise AccountError(f"no user {name!r}")
    return found


def set_password(name, password, *, must_change):
    """A new password (from ``portal staff reset`` or the user's own change); unlocks the account."""
    check_password(password, name)
    with transaction() as connection:
        done = connection.execute(staff_users.update().where(staff_users.c.name == name).values(
            password_hash=passwords.hash_password(password), must_change_password=must_change,
            password_changed_at=utcnow(), failed_logins=0, locked_until=None,
        )).rowcount
    if not done:
        raise AccountError(f"no user {name!r}")


def disable(name):
    with transaction() as connection:
        user = find(connection, name)
        if user is None:
            raise AccountError(f"no user {name!r}")
        connection.execute(staff_users.update().where(staff_users.c.id == user.id)
                           .values(disabled_at=utcnow()))
        sessions.end_all(connection, user.id)


def all_users(connection):
    return connection.execute(sa.select(staff_users).order_by(staff_users.c.name)).all()


def throttled(connection, network, now):
    """True if ``network`` has failed too often lately (failures are kept as rate hits)."""
    config = current_app.config
    since = now - timedelta(minutes=config["STAFF_LOCK_MINUTES"])
    count = connection.execute(sa.select(sa.func.count()).select_from(rate_hits).where(
        rate_hits.c.bucket == f"login:{network}", rate_hits.c.hit_at >= since)).scalar_one()
    return count >= config["STAFF_LOGIN_LIMIT"]


def authenticate(name, password, address):
    """``(user row or None, reason)``; reason is for the audit log only, never shown."""
    config = current_app.config
    now = utcnow()
    network = limit_key(address)
    with transaction() as connection:
        if throttled(connection, network, now):
            passwords.verify(None, password)
            return None, "throttled"
        user = find(connection, name)
        ok = passwords.verify(user.password_hash if user else None, password)
        locked = user is not None and user.locked_until and aware(user.locked_until) > now
        if user and ok and not locked and not user.disabled_at:
            values = {"failed_logins": 0, "locked_until": None}
            if passwords.needs_rehash(user.password_hash):
                values["password_hash"] = passwords.hash_password(password)
            connection.execute(staff_users.update().where(staff_users.c.id == user.id).values(values))
            return user, "ok"
        connection.execute(rate_hits.insert().values(bucket=f"login:{network}", hit_at=now))
        if user is None:
            return None, "unknown user"
        if user.disabled_at:
            return None, "disabled"
        if locked:
            return None, "locked"
        failures = user.failed_logins + 1
        values = {"failed_logins": failures}
        if failures >= config["STAFF_MAX_FAILURES"]:
            values = {"failed_logins": 0,
                      "locked_until": now + timedelta(minutes=config["STAFF_LOCK_MINUTES"])}
        connection.execute(staff_users.update().where(staff_users.c.id == user.id).values(values))
        return None, "locked now" if "locked_until" in values else "wrong password"
