"""What a partner's links brought, counted from the leads that carry its ``ref``: statistics
only. The query reads no column that names, reaches or identifies an investor (no name,
company, contacts, answers, message or reference number), so the page cannot show one."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from ..clock import china_date
from ..db import aware
from ..db.schema import funds, lead_events, leads
from ..leads.pipeline import CLOSED, STAGES, WON_STAGES, rank, reached_rank

PIPELINE = tuple(s for s in STAGES if s != CLOSED)  # new to production
COLUMNS = (leads.c.id, leads.c.created_at, leads.c.industry, leads.c.item, leads.c.status,
           leads.c.contract_amount)


@dataclass
class Credit:
    inquiries: int = 0
    by_month: list = field(default_factory=list)  # [("2026-11", count)], newest first
    by_industry: Counter = field(default_factory=Counter)  # (industry key, ...); (): not known
    by_item: Counter = field(default_factory=Counter)  # project:/park:/unit: key (None: general)
    reached: list = field(default_factory=list)  # [(stage, leads that reached at least it)]
    signed: int = 0  # leads now at a won stage (signed, construction started, in production)
    contracted: Decimal = Decimal(0)  # 万元, the contract amounts those leads record
    funds: Decimal = Decimal(0)  # 万元 in place on the partner's leads (the 2‰ reward's base)


def credit_of(connection, ref, industries_of=lambda item: ()):
    """The :class:`Credit` of partner ``ref``, all time. An inquiry that names no industry
    counts under ``industries_of(its item)`` (what it asked about stands for its industry)."""
    rows = connection.execute(sa.select(*COLUMNS).where(leads.c.ref == ref)).all()
    found = Credit(inquiries=len(rows))
    if not rows:
        found.reached = [(stage, 0) for stage in PIPELINE]
        return found
    ids = sa.select(leads.c.id).where(leads.c.ref == ref)
    stages = {}
    for lead_id, new in connection.execute(
            sa.select(lead_events.c.lead_id, lead_events.c.new)
            .where(lead_events.c.kind == "stage", lead_events.c.lead_id.in_(ids))):
        stages.setdefault(lead_id, []).append(new)
    months = Counter(china_date(aware(row.created_at)).strftime("%Y-%m") for row in rows)
    found.by_month = sorted(months.items(), reverse=True)
    found.by_industry = Counter((row.industry,) if row.industry else tuple(industries_of(row.item))
                                for row in rows)
    found.by_item = Counter(row.item for row in rows)
    reached = [reached_rank(row.status, stages.get(row.id, ())) for row in rows]
    found.reached = [(stage, sum(r >= rank(stage) for r in reached)) for stage in PIPELINE]
    won = [row for row in rows if row.status in WON_STAGES]
    found.signed = len(won)
    found.contracted = sum((Decimal(row.contract_amount) for row in won if row.contract_amount is not None),
                           Decimal(0))
    total = connection.execute(sa.select(sa.func.sum(funds.c.amount))
                               .where(funds.c.lead_id.in_(ids))).scalar()
    found.funds = Decimal(total or 0)
    return found
