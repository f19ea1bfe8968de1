"""Administrators: the accounts (managed with ``portal staff``) and their state."""

from flask import render_template

from ..db import aware, transaction, utcnow
from . import accounts
from .access import staff_route


@staff_route("/users/", "users.manage")
def users():
    with transaction() as connection:
        rows = accounts.all_users(connection)
    now = utcnow()
    locked = {u.id for u in rows if u.locked_until and aware(u.locked_until) > now}
    return render_template("staff/users.html", users=rows, locked=locked)
