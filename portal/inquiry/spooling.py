"""An inquiry received while the database is unreachable: kept in the spool (``portal.spool``),
durably, before the visitor is told "received"; ``spool_import`` makes it a lead later.

The reference number is the lead's number, which only the database gives, so the visitor gets a
*receipt code* instead (``S-`` and the first eight digits of the form's submission key, which the
lead keeps): the thank-you page says the inquiry is saved, that the reference number and the
confirmation mail follow once it is registered, and shows the desk and reply-by date as for any
inquiry (both are computed the same way at import, from the time it was received).
``portal leads import-spool`` prints each receipt code with the reference it became.

Rate limits. Kept in Redis (``RATELIMIT_STORAGE_URI``), they are checked as usual. Kept in the
database, they cannot be: the spool files count instead, with the same limits (per address, per
contact, over the same window), the buckets stored hashed in each file; and the spool holds at
most ``INQUIRY_SPOOL_MAX`` files, so a flood during an outage cannot fill the disk. Past a limit
the visitor is asked to call, as always. An imported inquiry is not counted again.
"""

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request
from limits import parse as parse_limit

from .. import spool
from ..client import limit_key
from ..db import utcnow
from ..locks import folder_lock
from .guard import DatabaseLimits, bucket, within_limits
from .leads import LimitReached, Stored, lead_values, promise, save_lead

SPOOL_MAX = 1000  # files: ~5 KB each
log = logging.getLogger(__name__)


class SpoolFull(Exception):
    """The spool holds INQUIRY_SPOOL_MAX inquiries: nothing was stored."""


def receipt_code(key):
    """``S-1A2B-3C4D``: what the visitor can quote until the reference number exists."""
    return f"S-{key[:4]}-{key[4:8]}".upper()


def record_of(form, *, key, lang, route, address, content, ref, received):
    """Everything needed to make the lead and its mails later: what the visitor sent, the routing
    inputs (routed again at import, exactly as a direct inquiry is), the time received, the
    limit buckets, and the site's address as this request saw it (for the links in the mail)."""
    values = lead_values(form, key=key, lang=lang, address=address, content=content, ref=ref,
                         source=form.source.data)
    config = current_app.config
    buckets = [bucket("address", limit_key(address))]
    buckets += [bucket("contact", c.lower()) for c in (values["email"], values["phone"]) if c]
    return {
        "version": 1, "received": received.isoformat(), "values": values,
        "route": {"item": form.item.data, "industry": form.industry.data, "region": form.region.data,
                  "desk": form.desk.data, "lang": lang, "shown": route.fingerprint},
        "limits": {"buckets": buckets, "address": config["INQUIRY_LIMIT_PER_ADDRESS"],
                   "contact": config["INQUIRY_LIMIT_PER_CONTACT"]},
        "url_root": request.url_root,
    }


def spooled_hits(records, name, limit, now):
    """How many spooled records within ``limit``'s window counted on bucket ``name``."""
    since = now - timedelta(seconds=parse_limit(limit).get_expiry())
    return sum(1 for received, buckets in records if name in buckets and received >= since)


def within_spool_limits(records, record, now):
    config = current_app.config
    names = record["limits"]["buckets"]
    checks = [(names[0], config["INQUIRY_LIMIT_PER_ADDRESS"])]
    checks += [(name, config["INQUIRY_LIMIT_PER_CONTACT"]) for name in names[1:]]
    return all(spooled_hits(records, name, limit, now) < parse_limit(limit).amount for name, limit in checks)


def spooled_records(instance_path):
    """``[(time received, limit buckets)]`` of every spooled inquiry."""
    records = []
    for path in [*spool.waiting(instance_path), *spool.claimed(instance_path)]:
        try:
            record = spool.read(path)
            received, buckets = datetime.fromisoformat(record["received"]), record["limits"]["buckets"]
        except (OSError, ValueError, KeyError, TypeError):  # imported meanwhile, or broken: the
            continue  # importer reports a broken file; it must not refuse this visitor
        if received.tzinfo is not None and isinstance(buckets, list):
            records.append((received, buckets))
    return records


def spool_inquiry(form, *, key, lang, route, address, content, ref):
    """Keep the inquiry of a validated ``form`` in the spool; return its Stored (no reference, a
    receipt code) once it is on disk.
    Raises LimitReached, SpoolFull, or OSError when even the spool cannot be written."""
    instance = current_app.instance_path
    now = utcnow()
    record = record_of(form, key=key, lang=lang, route=route, address=address, content=content,
                       ref=ref, received=now)
    spooled = Stored(None, route.desk, tuple(c.desk for c in route.copies), promise(now),
                     receipt=receipt_code(key))
    with folder_lock(spool.make_folder(spool.folder(instance))):  # one writer: counts hold
        if spool.find(instance, key):  # the same form sent twice: one inquiry
            return spooled
        records = spooled_records(instance)
        if len(records) >= int(current_app.config.get("INQUIRY_SPOOL_MAX", SPOOL_MAX)):
            raise SpoolFull()
        backend = current_app.extensions["inquiry_limits"]
        if isinstance(backend, DatabaseLimits):
            allowed = within_spool_limits(records, record, now)
        else:  # Redis answers without the database
            allowed = within_limits(None, limit_key(address), [record["values"]["email"],
                                                               record["values"]["phone"]], now)
        if not allowed:
            raise LimitReached()
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        spool.write(instance, f"{stamp}-{key}", record)  # names sort by the time received
    return spooled


def save_or_spool(form, **inquiry):
    """Store the inquiry as a lead (``leads.save_lead``), or in the spool when the database is
    unreachable; return its Stored. Raises LimitReached, SpoolFull, or any other error as is."""
    try:
        return save_lead(form, **inquiry)
    except sa.exc.OperationalError as error:
        if not spool.unreachable(error):
            raise
        log.warning("database unreachable, inquiry kept in the spool: %s", error)
        return spool_inquiry(form, **inquiry)  # durable before the visitor hears "received"
