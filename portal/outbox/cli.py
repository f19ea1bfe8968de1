"""``portal outbox``: deliver queued mail now, or keep delivering (``--loop``)."""

import logging
import signal
import threading

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from ..db import engine, transaction, utcnow
from ..db.schema import leads, outbox
from .sender import send_due

outbox_cli = AppGroup("outbox", help="Deliver the mail that inquiries queue.")
# Each round first runs the app's ``outbox_rounds`` (functions of the app registered by the floors
# above: the inquiry spool's import), so the mails of what they store go out in the same round.
log = logging.getLogger(__name__)
STATUS_WORDS = {"written": "written to a file (not mailed)"}


@outbox_cli.command()
@click.option("--loop", is_flag=True, help="Keep running; send what falls due every few seconds.")
@click.option("--interval", type=float, default=None,
              help="Seconds between rounds with --loop (default PORTAL_OUTBOX_POLL_SECONDS).")
def send(loop, interval):
    """Send every message that is due; with --loop, until stopped (SIGTERM or Ctrl-C)."""
    app = current_app._get_current_object()
    if not loop:
        for task in app.extensions.get("outbox_rounds", ()):
            click.echo(f"{task.__name__}: {task(app)}")
        click.echo(f"outbox: {send_due(app)}")
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s outbox %(levelname)s %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    interval = interval or app.config["OUTBOX_POLL_SECONDS"]
    click.echo(f"outbox: sending every {interval:g} s until stopped")
    while not stop.is_set():
        try:
            for task in app.extensions.get("outbox_rounds", ()):
                done = task(app)
                if done:
                    log.info("%s: %s", task.__name__, done)
            report = send_due(app)
            if report.sent or report.written or report.retrying or report.failed:
                log.info("%s", report)
        except Exception:  # the database may be restarting: log, wait, try again
            log.exception("outbox round failed")
        stop.wait(interval)


@outbox_cli.command()
def status():
    """Count messages by status."""
    with engine().connect() as connection:
        counts = dict(connection.execute(
            sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status)).all())
    shown = ("pending", "sent", "failed") + tuple(s for s in ("written", "cancelled") if counts.get(s))
    click.echo(", ".join(f"{counts.get(s, 0)} {STATUS_WORDS.get(s, s)}" for s in shown))


@outbox_cli.command()
def retry():
    """Queue every failed message again (after fixing the mail settings); not those of leads
    whose personal data was erased."""
    erased = sa.select(leads.c.id).where(leads.c.erased_at.is_not(None))
    with transaction() as connection:
        done = connection.execute(outbox.update().where(
            outbox.c.status == "failed", outbox.c.lead_id.not_in(erased)).values(
            status="pending", attempts=0, next_attempt_at=utcnow(), claimed_until=None))
    click.echo(f"{done.rowcount} failed message(s) queued again")
