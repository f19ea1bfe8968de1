"""Login, logout and the staff member's own password."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .. import audit
from ..client import client_address
from ..db import transaction
from . import accounts, passwords, sessions
from .access import PUBLIC, staff_route
from .roles import SIGNED_IN, START

LOGIN_FAILED = _l("The user name or password is wrong, or the account is locked for a while. "
                  "Please try again later, or ask an administrator.")


class LoginForm(FlaskForm):
    name = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    repeat = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))])


def safe_next(target):
    """``target`` if it is a page of the back office, else None (no open redirect)."""
    parts = urlsplit(target or "")
    prefix = request.script_root + "/staff/"
    if parts.scheme or parts.netloc or not (target or "").startswith(prefix) or "\\" in target:
        return None
    return target


@staff_route("/login", PUBLIC, methods=("GET", "POST"))
def login():
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for(START[current_user.role]))
    status = 200
    if form.validate_on_submit():
        address = client_address()
        user, reason = accounts.authenticate(form.name.data.strip(), form.password.data, address)
        if user is not None:
            with transaction() as connection:
                token = sessions.start(connection, user.id, address)
                audit.record("staff.login", user.name, "ok", connection=connection,
                             user=(user.id, user.name))
            session.clear()
            login_user(accounts.StaffUser.from_row(user, token))
            target = safe_next(request.args.get("next"))
            if user.must_change_password:
                return redirect(url_for("staff.password"), 303)
            return redirect(target or url_for(START[user.role]), 303)
        audit.record("staff.login", form.name.data.strip()[:64], "failed", {"reason": reason},
                     user=(None, form.name.data.strip()[:64]))
        form.password.data = ""
        flash(str(LOGIN_FAILED), "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("staff/login.html", form=form), status


@staff_route("/logout", SIGNED_IN, methods=("POST",))
def logout():
    form = FlaskForm()
    if form.validate_on_submit():
        sessions.end(current_user.session_token)
        audit.record("staff.logout", current_user.name)
        logout_user()
        session.clear()
        flash(_("You are logged out."), "info")
    return redirect(url_for("staff.login"), 303)


@staff_route("/password", SIGNED_IN, methods=("GET", "POST"))
def password():
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        with transaction() as connection:
            row = accounts.find(connection, current_user.name)
        found = passwords.problems(form.new.data, current_user.name, current_app.config)
        if not passwords.verify(row.password_hash, form.current.data):
            form.current.errors.append(_("This is not your current password."))
        elif form.new.data == form.current.data:
            form.new.errors.append(_("Choose a password different from the current one."))
        elif found:
            form.new.errors.extend(str(p) for p in found)
        else:
            accounts.set_password(current_user.name, form.new.data, must_change=False)
            with transaction() as connection:
                sessions.end_all(connection, current_user.id, keep=current_user.session_token)
                audit.record("staff.password-changed", current_user.name, connection=connection)
            flash(_("Your password is changed."), "info")
            return redirect(url_for(START[current_user.role]), 303)
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("staff/password.html", form=form), status
