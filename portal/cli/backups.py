"""``portal backup`` and ``portal restore``: the leads database in one portable file (portal/backup.py).

``portal backup DIR --keep-days N`` is the nightly form: a file named by the time in China
(UTC+8, the time the bureau and its cron live in; China has no summer time, so names sort and
age evenly), then the backups in DIR older than N days by the time in their name are deleted.
Only names this command writes are ever deleted: anything else in DIR is left alone.
"""

import re
from datetime import datetime, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..backup import read_backup, summary, write_backup
from ..clock import CHINA_TIME

STAMP = "%Y-%m-%dT%H%M%S"
NAME = re.compile(r"portal-(\d{4}-\d\d-\d\dT\d{6})\.jsonl\.gz")


def dated_name(now):
    return f"portal-{now.astimezone(CHINA_TIME).strftime(STAMP)}.jsonl.gz"


def expired(folder, keep_days, now):
    """The backups in ``folder`` written by this command more than ``keep_days`` days before ``now``."""
    cutoff = now - timedelta(days=keep_days)
    found = []
    for path in sorted(folder.iterdir()):
        match = NAME.fullmatch(path.name)
        if match and not path.is_symlink() and path.is_file():
            made = datetime.strptime(match[1], STAMP).replace(tzinfo=CHINA_TIME)
            if made < cutoff:
                found.append(path)
    return found


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--keep-days", type=click.IntRange(min=1), metavar="N",
              help="DEST is a folder: also delete the backups in it older than N days.")
@with_appcontext
def backup(dest, keep_days):
    """Write every lead, message, account and audit row to DEST (JSON lines; .gz compresses).

    DEST an existing folder: the file is DEST/portal-YYYY-MM-DDTHHMMSS.jsonl.gz (China time).
    """
    folder = dest if dest.is_dir() else None
    if keep_days and not folder:
        raise click.UsageError(f"--keep-days needs DEST to be an existing folder, not {dest}")
    now = datetime.now(CHINA_TIME)
    if folder:
        dest = folder / dated_name(now)
    header, counts = write_backup(current_app, dest)
    click.echo(f"Backed up schema revision {header['revision']} to {dest}: {summary(counts)}.")
    if keep_days:
        for old in expired(folder, keep_days, now):
            if old != dest:
                old.unlink()
                click.echo(f"Deleted {old} (older than {keep_days} days).")


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the rows of a database that is not empty.")
@with_appcontext
def restore(src, force):
    """Restore SRC (made by `portal backup`, this version or an older one) into an empty database,
    migrated forward to this version's schema."""
    counts = read_backup(current_app, src, force=force)
    click.echo(f"Restored from {src}: {summary(counts)}.")
