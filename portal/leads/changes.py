"""Changing a lead: stage, owner, responsible leader and department, notes, contract, funds in
place, a message sent again. Each function takes a connection (the caller's transaction) and the
acting user's id, and writes a ``lead_events`` row with the time, so that the first response and
the time in each stage can be measured later.
"""

from decimal import Decimal

import sqlalchemy as sa

from ..db import utcnow
from ..db.schema import funds, lead_events, leads, outbox
from .pipeline import CLOSE_REASONS, NEW, SIGNED, STAGES, WON_STAGES

NOTE_MAX = 5000
CENT = Decimal("0.01")  # amounts are kept in 万元 to two places, as the columns hold them


class ChangeError(ValueError):
    """The change cannot be made as asked (the view shows why)."""


def event(connection, lead_id, user_id, kind, old=None, new=None, note=None, at=None):
    connection.execute(lead_events.insert().values(
        lead_id=lead_id, at=at or utcnow(), user_id=user_id, kind=kind,
        old=None if old is None else str(old)[:200], new=None if new is None else str(new)[:200],
        note=note))


def wan(amount):
    """An amount in 万元 as the columns keep it: ``Decimal("28000.0")`` -> ``Decimal("28000.00")``,
    so that a lead's events read the same whatever the form parsed."""
    return None if amount is None else Decimal(amount).quantize(CENT)


def touch(connection, lead_id, now, **values):
    connection.execute(leads.update().where(leads.c.id == lead_id).values(updated_at=now, **values))


def move_stage(connection, lead, stage, user_id, *, reason=None, note=None, amount=None,
               signed_on=None, now=None):
    """Move ``lead`` (a row) to ``stage``. Closing needs a reason of ``CLOSE_REASONS``; signing
    needs the contract amount (万元, Decimal) and the signing date."""
    now = now or utcnow()
    if stage not in STAGES:
        raise ChangeError("unknown stage")
    if stage == lead.status:
        raise ChangeError("same stage")
    values = {"status": stage, "stage_at": now}
    if stage == "closed":
        if reason not in CLOSE_REASONS:
            raise ChangeError("close reason")
        values["closed_reason"] = reason
    else:
        values["closed_reason"] = None
    if stage == SIGNED:
        if amount is None or signed_on is None:
            raise ChangeError("contract")
        amount = wan(amount)
        values.update(contract_amount=amount, signed_on=signed_on)
    if lead.first_response_at is None and lead.status == NEW:
        values["first_response_at"] = now
    touch(connection, lead.id, now, **values)
    event(connection, lead.id, user_id, "stage", lead.status, stage,
          note=note or (reason if stage == "closed" else None), at=now)
    if stage == SIGNED:
        event(connection, lead.id, user_id, "contract", wan(lead.contract_amount), amount,
              note=signed_on.isoformat(), at=now)
    return values


def set_contract(connection, lead, user_id, amount, signed_on, now=None):
    """Correct the contract amount (万元) and signing date of a signed lead."""
    now = now or utcnow()
    if lead.status not in WON_STAGES:
        raise ChangeError("not signed")
    amount = wan(amount)
    touch(connection, lead.id, now, contract_amount=amount, signed_on=signed_on)
    event(connection, lead.id, user_id, "contract", wan(lead.contract_amount), amount,
          note=signed_on.isoformat(), at=now)


def take(connection, lead, user_id, now=None):
    """首问负责制: the first staff member to take an unowned lead owns it. False if taken already."""
    now = now or utcnow()
    done = connection.execute(leads.update().where(leads.c.id == lead.id, leads.c.owner_id.is_(None))
                              .values(owner_id=user_id, updated_at=now)).rowcount
    if done:
        event(connection, lead.id, user_id, "owner", None, user_id, at=now)
    return bool(done)


def hand_over(connection, lead, user_id, new_owner_id, reason, now=None):
    """Give the lead to another user; the reason is kept with the event."""
    now = now or utcnow()
    if new_owner_id == lead.owner_id:
        raise ChangeError("same owner")
    touch(connection, lead.id, now, owner_id=new_owner_id)
    event(connection, lead.id, user_id, "owner", lead.owner_id, new_owner_id, note=reason, at=now)


def set_responsible(connection, lead, user_id, leader, department, now=None):
    """五个一: the leader and the department responsible for the project (either may be empty)."""
    now = now or utcnow()
    leader, department = (leader or None), (department or None)
    touch(connection, lead.id, now, leader=leader, department=department)
    if leader != lead.leader:
        event(connection, lead.id, user_id, "leader", lead.leader, leader, at=now)
    if department != lead.department:
        event(connection, lead.id, user_id, "department", lead.department, department, at=now)


def add_note(connection, lead_id, user_id, text, now=None):
    now = now or utcnow()
    text = (text or "").strip()
    if not text or len(text) > NOTE_MAX:
        raise ChangeError("note")
    touch(connection, lead_id, now)
    event(connection, lead_id, user_id, "note", note=text, at=now)


def add_funds(connection, lead, user_id, arrived_on, amount, note=None, now=None):
    """One instalment of funds in place (万元) for a signed, started or producing lead."""
    now = now or utcnow()
    if lead.status not in WON_STAGES:
        raise ChangeError("not signed")
    if amount is None or amount <= Decimal(0):
        raise ChangeError("amount")
    amount = wan(amount)
    connection.execute(funds.insert().values(lead_id=lead.id, arrived_on=arrived_on, amount=amount,
                                             note=note or None, entered_by=user_id, entered_at=now))
    touch(connection, lead.id, now)
    event(connection, lead.id, user_id, "funds", None, amount, note=arrived_on.isoformat(), at=now)


def resend(connection, lead_id, message_id, user_id, now=None):
    """Put a failed or sent message of the lead back in the queue, due now. Returns its recipient,
    or None if the lead has no such message or it is still pending. Raises ChangeError("erased")
    for a lead whose personal data was erased: its mail has no one to go to."""
    now = now or utcnow()
    row = connection.execute(sa.select(outbox.c.id, outbox.c.status, outbox.c.kind)
                             .where(outbox.c.id == message_id, outbox.c.lead_id == lead_id)).first()
    if row is None or row.status == "pending":
        return None
    erased = connection.execute(sa.select(leads.c.erased_at).where(leads.c.id == lead_id)).scalar()
    if erased is not None or row.status == "cancelled":
        raise ChangeError("erased")
    connection.execute(outbox.update().where(outbox.c.id == row.id).values(
        status="pending", next_attempt_at=now, claimed_until=None, attempts=0))
    event(connection, lead_id, user_id, "resend", row.status, "pending", note=row.kind, at=now)
    still_failed = connection.execute(sa.select(sa.func.count()).select_from(outbox).where(
        outbox.c.lead_id == lead_id, outbox.c.status == "failed")).scalar_one()
    touch(connection, lead_id, now, **({} if still_failed else {"needs_attention": False}))
    return row
