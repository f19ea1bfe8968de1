"""The rows a report reads, in one pass over the database: leads (statistical columns only,
never names or contacts), their stage events, funds in place, targets and feedback.

Ten thousand leads are a few megabytes in memory; reading them once and counting in Python is
the same code on SQLite and PostgreSQL, and quicker than a query per figure.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from ..db import aware
from ..db.schema import feedback, funds, lead_events, leads, targets
from ..leads.pipeline import NEW, reached_rank

LEAD_COLUMNS = (leads.c.id, leads.c.reference, leads.c.created_at, leads.c.desk, leads.c.industry,
                leads.c.region, leads.c.ref, leads.c.status, leads.c.reply_by,
                leads.c.first_response_at, leads.c.contract_amount, leads.c.signed_on)


@dataclass
class Lead:
    id: int
    reference: str
    created_at: object  # aware datetime
    desk: str
    industry: str | None
    region: str | None
    ref: str | None
    status: str
    reply_by: date | None
    first_response_at: object | None
    contract_amount: Decimal | None
    signed_on: date | None
    reached: int = -1  # highest pipeline rank reached, closed not counted (see ``reached_rank``)
    entered: dict = field(default_factory=dict)  # stage -> when the lead first moved into it (UTC)
    funds: list = field(default_factory=list)  # [(arrived_on, amount)]

    def funds_until(self, last):
        return sum((amount for day, amount in self.funds if day <= last), Decimal(0))


@dataclass
class Data:
    leads: dict  # id -> Lead
    funds: list  # [(lead_id, arrived_on, amount)]
    targets: list  # rows of the targets table
    feedback: list  # [(desk, at, scores)]


def load(connection, year=None):
    """Everything a report needs; targets of ``year`` only (all years if None)."""
    rows = {r.id: Lead(r.id, r.reference, aware(r.created_at), r.desk, r.industry, r.region, r.ref,
                       r.status, r.reply_by, aware(r.first_response_at),
                       None if r.contract_amount is None else Decimal(r.contract_amount), r.signed_on)
            for r in connection.execute(sa.select(*LEAD_COLUMNS)).all()}
    for lead in rows.values():
        lead.entered[NEW] = lead.created_at  # a lead is new from its receipt
    stages = defaultdict(list)
    for lead_id, new, at in connection.execute(
            sa.select(lead_events.c.lead_id, lead_events.c.new, lead_events.c.at)
            .where(lead_events.c.kind == "stage").order_by(lead_events.c.id)).all():
        stages[lead_id].append(new)
        if lead_id in rows:
            rows[lead_id].entered.setdefault(new, aware(at))
    for lead in rows.values():
        lead.reached = reached_rank(lead.status, stages.get(lead.id, ()))
    instalments = []
    for lead_id, arrived_on, amount in connection.execute(
            sa.select(funds.c.lead_id, funds.c.arrived_on, funds.c.amount)).all():
        instalments.append((lead_id, arrived_on, Decimal(amount)))
        if lead_id in rows:
            rows[lead_id].funds.append((arrived_on, Decimal(amount)))
    query = sa.select(targets)
    if year is not None:
        query = query.where(targets.c.year == year)
    scores = [(r.desk, aware(r.at), r.scores or {}) for r in connection.execute(
        sa.select(feedback.c.desk, feedback.c.at, feedback.c.scores))]
    return Data(rows, instalments, connection.execute(query).all(), scores)
