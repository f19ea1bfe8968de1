"""``portal db``: create or upgrade the leads database, write new migrations."""

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from ..filemodes import tighten
from .migrate import head, revision
from .migrate import upgrade as upgrade_schema

db_cli = AppGroup("db", help="Create or upgrade the leads database.")


def safe_url(app):
    return sa.make_url(app.config["DATABASE_URL"]).render_as_string(hide_password=True)


@db_cli.command()
def upgrade():
    """Create the database, or bring it to the newest migration."""
    from . import create_engine

    engine = create_engine(current_app.config["DATABASE_URL"])
    try:
        changed = upgrade_schema(engine)
    finally:
        engine.dispose()
    state = "upgraded to" if changed else "already at"
    click.echo(f"database {safe_url(current_app)} {state} revision {head()}")
    # Files made before they were created 0600 (issue 20) are made private here, once, and named.
    for path, old, new in tighten(current_app.instance_path):
        click.echo(f"个人数据或密钥改为仅本用户可读 / {path}: mode {old:o} -> {new:o} (private to this user)")


@db_cli.command(name="revision")
@click.argument("message")
def revision_(message):
    """Write a migration for the changes made to portal/db/schema.py."""
    from . import engine

    revision(engine(), message)
