"""``portal backup`` and ``portal restore``: the leads database in one portable file (portal/backup.py)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import audit
from ..backup import read_backup, summary, write_backup
from ..db import engine


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup(dest):
    """Write every lead, message, account and audit row to DEST (JSON lines; .gz compresses)."""
    counts = write_backup(current_app, dest)
    audit.record("backup.created", Path(dest).name, detail={"rows": sum(counts.values())})
    click.echo(f"Backed up to {dest}: {summary(counts)}.")


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the rows of a database that is not empty.")
@with_appcontext
def restore(src, force):
    """Restore SRC (made by `portal backup`) into this instance's freshly migrated database."""
    engine(current_app)  # migrate a fresh database first: the schema comes from the migrations
    counts = read_backup(current_app, src, force=force)
    click.echo(f"Restored from {src}: {summary(counts)}.")
