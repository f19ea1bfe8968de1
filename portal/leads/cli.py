"""``portal leads``: the retention rule, run from cron (``portal leads purge``).

``init_app(app)`` registers the group.
"""

import click
from flask import current_app
from flask.cli import AppGroup

from .. import audit
from ..db import transaction
from . import privacy

leads_cli = AppGroup("leads", help="Leads: retention of personal data.")


@leads_cli.command("purge")
@click.option("--months", type=click.IntRange(min=0), default=None,
              help="Override LEAD_RETENTION_MONTHS (0 = keep everything).")
def purge(months):
    """Erase the personal data of closed leads untouched for LEAD_RETENTION_MONTHS months."""
    months = current_app.config["LEAD_RETENTION_MONTHS"] if months is None else months
    if not months:
        click.echo("LEAD_RETENTION_MONTHS is 0: personal data is kept; nothing erased.")
        return
    with transaction() as connection:
        rows = privacy.due_for_erasure(connection, months)
        references = privacy.erase(connection, rows)
        audit.record("privacy.purge", f"{len(references)} leads", detail={
            "months": months, "references": references}, connection=connection)
    click.echo(f"Erased the personal data of {len(references)} closed leads older than {months} months.")


def init_app(app):
    app.cli.add_command(leads_cli)
