"""Administrators: the accounts (managed with ``portal staff``) and their state; the content
roles (author, reviewer, publisher) are given here, with one click per account, and audited."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit
from ..db import aware, transaction, utcnow
from . import accounts
from .access import staff_route
from .roles import CONTENT_ROLES


@staff_route("/users/", "users.manage")
def users():
    with transaction() as connection:
        rows = accounts.all_users(connection)
    now = utcnow()
    locked = {u.id for u in rows if u.locked_until and aware(u.locked_until) > now}
    return render_template("staff/users.html", users=rows, locked=locked, content_roles=CONTENT_ROLES,
                           roles_of=accounts.content_roles_of)


@staff_route("/users/<name>/content-roles", "users.manage", methods=("POST",))
def set_content_roles(name):
    chosen = [role for role in request.form.getlist("content_role") if role in CONTENT_ROLES]
    try:
        given = accounts.set_content_roles(name, chosen)
    except accounts.AccountError:
        abort(404)
    audit.record("staff.content-roles", name, "ok", {"content_roles": sorted(given)})
    flash(_("Content roles of %(name)s saved.", name=name))
    return redirect(url_for("staff.users"))
