"""Deliver the outbox: claim a message, send it, mark it; retry with backoff; give up after
``OUTBOX_MAX_ATTEMPTS`` and flag the lead for staff.

Why claim-then-send, and what a crash does
------------------------------------------
No mail protocol lets "sent" and "marked sent" happen at once, so one of two orders must be
chosen. Mark-then-send loses the message if the process dies in between, and a lost lead is
the one failure this product must not have. So each message is first *claimed* in its own
committed transaction (``attempts + 1`` and ``claimed_until = now + OUTBOX_LEASE_SECONDS``),
then sent, then marked ``sent`` (``written`` when the transport only writes files). Another
sender (cron and ``make run`` may overlap) skips a claimed message until its lease runs out;
the lease is far longer than the SMTP timeout.

If the process dies after the server accepted the message but before the mark, the lease runs
out and the message is sent again, *with the same Message-ID and the same bytes*. Message-ID
is mail's idempotency key: the file transport names each file by it, so the second delivery
replaces the first (exactly once); mail stores and clients treat a second copy with a known
Message-ID as the same message, so the desk sees it once. The message is never lost and never
reaches anyone as a second, different message. Retried messages are logged as possible repeats.

A message that keeps failing is retried after ``OUTBOX_RETRY_SECONDS`` × 2^(attempt − 1)
(at most an hour); a 5xx refusal, or the last allowed attempt, marks it ``failed`` and sets
``needs_attention`` on its lead so staff call the investor instead. A message that cannot even
be built (an address that is no address, a seal the secret key no longer opens) would fail the
same way every time: it is marked ``failed`` at once, with the reason. Only ``pending`` messages
are sent: a ``cancelled`` one (its lead's personal data was erased) is never picked up.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from ..db import transaction, utcnow
from ..db.schema import leads, outbox
from .compose import email_message
from .transport import PermanentError, transport_for

log = logging.getLogger(__name__)
MAX_BACKOFF_S = 3600


class Unbuildable(Exception):
    """The outbox row cannot become a mail message (its reason is stored as ``last_error``)."""


@dataclass
class Report:
    sent: int = 0  # accepted by an SMTP server
    retrying: int = 0
    failed: int = 0
    written: int = 0  # written to a file: nobody has received it

    def __str__(self):
        written = f"{self.written} written to a file (not mailed), " if self.written else ""
        return f"{self.sent} sent, {written}{self.retrying} to retry, {self.failed} failed"


def backoff(attempts, base):
    """Seconds to wait after the ``attempts``-th failed attempt."""
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_S)


def due(now):
    return sa.and_(outbox.c.status == "pending", outbox.c.next_attempt_at <= now,
                   sa.or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now))


def claim_next(app, now):
    """Claim the oldest due message and return its row, or None when nothing is due."""
    lease = timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"])
    with transaction(app) as connection:
        candidates = connection.execute(
            sa.select(outbox.c.id).where(due(now))
            .order_by(outbox.c.next_attempt_at, outbox.c.id).limit(5)).scalars().all()
        for message_id in candidates:  # another sender may take one between select and update
            claimed = connection.execute(
                outbox.update().where(outbox.c.id == message_id, due(now))
                .values(attempts=outbox.c.attempts + 1, claimed_until=now + lease))
            if claimed.rowcount == 1:
                return connection.execute(sa.select(outbox).where(outbox.c.id == message_id)).one()
    return None


def mark_delivered(app, row, now, status):
    with transaction(app) as connection:
        connection.execute(outbox.update().where(outbox.c.id == row.id).values(
            status=status, sent_at=now, claimed_until=None, last_error=None))


def mark_failed_attempt(app, row, error, now, permanent=False):
    """Schedule a retry, or give up and flag the lead. Returns True if it gave up."""
    give_up = permanent or row.attempts >= app.config["OUTBOX_MAX_ATTEMPTS"]
    values = {"claimed_until": None, "last_error": f"{type(error).__name__}: {error}"[:2000]}
    if give_up:
        values["status"] = "failed"
    else:
        wait = backoff(row.attempts, app.config["OUTBOX_RETRY_SECONDS"])
        values["next_attempt_at"] = now + timedelta(seconds=wait)
    with transaction(app) as connection:
        connection.execute(outbox.update().where(outbox.c.id == row.id).values(**values))
        if give_up:
            connection.execute(leads.update().where(leads.c.id == row.lead_id)
                               .values(needs_attention=True))
    return give_up


def send_due(app, now=None, limit=200):
    """Send what is due (at most ``limit`` messages); stop at the first connection failure."""
    report = Report()
    with transport_for(app.config, app.instance_path) as transport:
        for _ in range(limit):
            clock = now or utcnow()
            row = claim_next(app, clock)
            if row is None:
                break
            if row.attempts > app.config["OUTBOX_MAX_ATTEMPTS"]:  # it crashed the sender each time
                mark_failed_attempt(app, row, RuntimeError("sender stopped during every attempt"),
                                    clock, permanent=True)
                report.failed += 1
                continue
            if row.attempts > 1:
                log.warning("sending %s again (attempt %d); if an earlier attempt reached the "
                            "server, this copy has the same Message-ID", row.message_id, row.attempts)
            try:
                message = email_message(row, app.secret_key)
            except Exception as error:  # the same row fails the same way every time: give up now
                mark_failed_attempt(app, row, Unbuildable(f"the message cannot be built: {error}"),
                                    now or utcnow(), permanent=True)
                report.failed += 1
                log.error("message %s cannot be built, marked failed: %r", row.message_id, error)
                continue
            try:
                transport.send(message)
            except PermanentError as error:
                mark_failed_attempt(app, row, error, now or utcnow(), permanent=True)
                report.failed += 1
                log.error("message %s refused for good: %s", row.message_id, error)
            except (smtplib.SMTPException, OSError) as error:
                gave_up = mark_failed_attempt(app, row, error, now or utcnow())
                report.failed += gave_up
                report.retrying += not gave_up
                log.warning("message %s not sent (attempt %d): %s", row.message_id, row.attempts, error)
                if hasattr(transport, "reset"):
                    transport.reset()
                break  # the server is down or broken: leave the rest for the next round
            except Exception as error:  # a bug must not leave the message claimed forever
                log.exception("message %s could not be sent", row.message_id)
                gave_up = mark_failed_attempt(app, row, error, now or utcnow())
                report.failed += gave_up
                report.retrying += not gave_up
            else:
                mark_delivered(app, row, now or utcnow(), transport.delivered)
                if transport.delivered == "sent":
                    report.sent += 1
                else:
                    report.written += 1
    return report
