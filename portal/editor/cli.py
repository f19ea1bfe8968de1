"""``portal publish-due``: the scheduled publishes and unpublishes whose time has come, run by
``portal-publish-due.timer`` every 5 minutes (deploy/systemd/, docs/operations.md).

One line per action, in Chinese and English. Exit status 0 when every due action was done
(the publisher keeping a faulty version back is an outcome, said on its line), 1 when one could
not be done (files changed on disk since approval, an item no longer in the content folder):
each is in the audit log as ``content.publish-failed`` or ``content.unpublish-failed``, and the
timer's unit shows as failed until the next run succeeds. ``init_app(app)`` registers it.
"""

import sys

import click
from flask.cli import with_appcontext

from .schedule import run_due


@click.command("publish-due")
@with_appcontext
def publish_due():
    """Publish and unpublish the content items whose scheduled time has come (once each)."""
    done = run_due()
    for action in done:
        click.echo(action.line())
    if not done:
        click.echo("没有到期的定时操作 / nothing scheduled is due")
    if any(action.failed for action in done):
        sys.exit(1)


def init_app(app):
    app.cli.add_command(publish_due)
