"""``portal staff``: manage back-office accounts from the server's shell.

A password is read from standard input (asked twice, hidden, at a terminal; the first line when
piped), never from the command line, where it would land in the shell's history and ``ps``.
"""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from .. import audit
from ..content import get_content
from ..db import transaction
from . import accounts
from .roles import CONTENT_ROLES, ROLES

staff_cli = AppGroup("staff", help="Manage back-office accounts.")


def read_password():
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line.strip():
        raise click.ClickException("no password on standard input")
    return line.rstrip("\r\n")


def published_content():
    try:
        return get_content()
    except Exception:  # no published generation yet: desks are not checked
        return None


def fail(error):
    raise click.ClickException(str(error)) from error


@staff_cli.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--desk", help="Desk staff: the folder name of their desk under content/desks/.")
@click.option("--content-roles", default="", metavar="ROLES",
              help=f"The editor's roles it also holds, comma-separated: {', '.join(CONTENT_ROLES)}.")
def add(name, role, desk, content_roles):
    """Create an account; its first password (read from standard input) must be changed at login."""
    try:
        extra = accounts.content_roles_of(content_roles)  # refused before the password is asked
        accounts.add(name, role, read_password(), desk=desk, content=published_content(),
                     content_roles=extra)
    except accounts.AccountError as error:
        fail(error)
    roles = accounts.stored_content_roles(extra)
    audit.record("staff.user-added", name, detail={"role": role, "desk": desk, "content_roles": roles},
                 user=(None, "cli"))
    also = f"; content roles {roles.replace(',', ', ')}" if roles else ""
    click.echo(f"added {name} ({role}{', desk ' + desk if desk else ''}{also}); "
               "the password must be changed at first login")


@staff_cli.command("reset")
@click.argument("name")
def reset(name):
    """Set a new password (from standard input), to be changed at next login; unlocks the account."""
    try:
        accounts.set_password(name, read_password(), must_change=True)
    except accounts.AccountError as error:
        fail(error)
    audit.record("staff.password-reset", name, user=(None, "cli"))
    click.echo(f"password of {name} reset; it must be changed at next login")


@staff_cli.command("disable")
@click.argument("name")
def disable(name):
    """Disable an account and end its sessions at once."""
    try:
        accounts.disable(name)
    except accounts.AccountError as error:
        fail(error)
    audit.record("staff.user-disabled", name, user=(None, "cli"))
    click.echo(f"disabled {name}; its sessions are ended")


@staff_cli.command("list")
def list_():
    """List the accounts with role, desk and state."""
    with transaction() as connection:
        users = accounts.all_users(connection)
    for user in users:
        state = "disabled" if user.disabled_at else ("must change password" if user.must_change_password
                                                     else "active")
        click.echo(f"{user.name}\t{user.role}\t{user.desk or '-'}\t{state}")
    if not users:
        click.echo("no accounts yet: portal staff add NAME --role ROLE")


@staff_cli.command("prune-audit")
def prune_audit():
    """Remove audit rows older than AUDIT_RETENTION_DAYS (never younger than 180 days)."""
    removed = audit.prune(current_app.config["AUDIT_RETENTION_DAYS"])
    click.echo(f"removed {removed} audit rows older than "
               f"{max(current_app.config['AUDIT_RETENTION_DAYS'], audit.AUDIT_FLOOR_DAYS)} days")
