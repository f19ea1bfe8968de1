"""Spooled inquiries become leads once the database is back: ``portal leads import-spool`` for the
operator, and every round of ``portal outbox send`` (so the service imports without anyone).

Each file becomes its lead with its mails exactly as a direct inquiry (``leads.store``: routed by
the same rules, the reply-by date and the lead's time from when it was *received*, the same
outbox rows), in the order received. Exactly once: an importer first claims the file by renaming
it, commits the lead, and only then removes the file; if it dies in between, the next importer
puts the claim back and imports the file again, which stores nothing twice, since a lead's
submission key is unique and ``store`` returns the existing lead. If the database goes
away during an import the file waits again. Importers take turns (``spool.import_lock``), so
leads are numbered in the order received. A file that cannot become a lead is moved to
``spool/rejected/`` with the reason and reported; ``--retry-rejected`` puts those back.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

import click
import sqlalchemy as sa
from flask import current_app

from .. import spool
from ..content import get_content
from .leads import store
from .routing import route
from .spooling import receipt_code

log = logging.getLogger(__name__)
VALUE_KEYS = {"submission_key", "lang", "name", "company", "email", "phone", "wechat", "region",
              "industry", "item", "answers", "source_page", "ref", "client_address", "consent_version",
              "consent_share", "consent_newsletter"}
ROUTE_KEYS = {"item", "industry", "region", "desk", "lang"}


@dataclass
class ImportReport:
    imported: list = field(default_factory=list)  # (receipt code, reference)
    already: int = 0  # a lead existed already (imported before a crash, or sent twice)
    rejected: list = field(default_factory=list)  # (file name, reason)
    unreachable: bool = False  # the database went away: the rest waits
    waiting: int = 0  # left in the spool

    def __bool__(self):  # worth a line in the sender's log (an outage is logged there already)
        return bool(self.imported or self.already or self.rejected)

    def __str__(self):
        text = f"{len(self.imported)} imported, {self.already} already leads, {len(self.rejected)} rejected"
        if self.unreachable:
            text += f", database unreachable: {self.waiting} waiting"
        return text


def parsed(record):
    """``(values, routing inputs, time received)`` of a spool record; ValueError if malformed."""
    try:
        values, routing = record["values"], record["route"]
        received = datetime.fromisoformat(record["received"])
        url_root = record["url_root"]
    except (KeyError, TypeError) as error:
        raise ValueError(f"missing {error}") from None
    if not isinstance(values, dict) or set(values) != VALUE_KEYS:
        raise ValueError(f"values must have exactly the keys {sorted(VALUE_KEYS)}")
    if not isinstance(routing, dict) or not ROUTE_KEYS <= set(routing):
        raise ValueError(f"route must have the keys {sorted(ROUTE_KEYS)}")
    if received.tzinfo is None or not isinstance(url_root, str):
        raise ValueError("received needs a time zone, url_root a string")
    if not isinstance(values["submission_key"], str) or not values["name"]:
        raise ValueError("submission_key and name are required")
    return values, {k: routing[k] for k in ROUTE_KEYS}, received


def import_one(app, path, report):
    """Import a claimed file; False if the database is unreachable (the file waits again)."""
    try:
        record = spool.read(path)
        values, routing, received = parsed(record)
        with app.test_request_context("/", base_url=record["url_root"]):
            content = get_content()
            stored = store(values, route=route(content, **routing), content=content, received=received)
    except sa.exc.OperationalError as error:
        if spool.unreachable(error):
            spool.release(path)
            return False
        reason = f"{type(error).__name__}: {error}"
    except (ValueError, sa.exc.SQLAlchemyError) as error:  # malformed, or refused by the database
        reason = f"{type(error).__name__}: {error}"
    else:
        spool.done(path)  # after the commit: a crash before this imports it again, harmlessly
        if stored.duplicate:
            report.already += 1
        else:
            report.imported.append((receipt_code(values["submission_key"]), stored.reference))
            log.info("spooled inquiry %s is lead %s", receipt_code(values["submission_key"]),
                     stored.reference)
        return True
    spool.reject(path, reason)
    report.rejected.append((path.name, reason))
    log.error("spooled inquiry %s rejected, kept in spool/rejected/: %s", path.name, reason)
    return True


def import_spool(app, wait=False):
    """Import every waiting spool file, oldest first; return an ImportReport. Another importer at
    work is waited for if ``wait`` (the operator's command), else left to it (the sender's round)."""
    report = ImportReport()
    instance = app.instance_path
    if not spool.waiting(instance) and not spool.claimed(instance):
        return report  # the usual case, at every round of the sender: no lock, no folder made
    with spool.import_lock(instance, wait) as mine:
        if mine:
            spool.release_orphans(instance)
            for path in spool.waiting(instance):
                claimed = spool.claim(path)
                if claimed is None:  # another importer took it
                    continue
                if not import_one(app, claimed, report):
                    report.unreachable = True
                    break
    report.waiting = spool.count(instance).waiting
    return report


def retry_rejected(instance_path):
    """Put every rejected file back to wait (after the cause was fixed); return how many."""
    files = spool.rejected(instance_path)
    for path in files:
        path.with_name(path.name + ".reason.txt").unlink(missing_ok=True)
        path.rename(spool.folder(instance_path) / path.name)
    return len(files)


@click.command("import-spool")
@click.option("--retry-rejected", "retry", is_flag=True,
              help="First put back the files rejected earlier (after fixing the cause).")
def import_spool_command(retry):
    """Make leads of the inquiries received while the database was down (instance/spool/)."""
    app = current_app._get_current_object()
    if retry:
        click.echo(f"{retry_rejected(app.instance_path)} rejected file(s) put back")
    report = import_spool(app, wait=True)
    for receipt, reference in report.imported:
        click.echo(f"{receipt} -> {reference}")
    for name, reason in report.rejected:
        click.echo(f"rejected {name}: {reason} (kept in {spool.folder(app.instance_path) / spool.REJECTED})",
                   err=True)
    click.echo(f"spool: {report}")
    if report.unreachable or report.rejected:
        raise SystemExit(1)
