"""The figures of a report period, computed from ``data.Data``.

Definitions (the page states them too; seed 004 names the four rates without defining them):

- a lead counts in the period it was received (``created_at``, China time);
- first response: a lead's promise is kept when its first response (``first_response_at``)
  falls on or before its reply-by date; the share counts leads whose reply-by date has passed
  (before ``today``, the date in China), answered or not, and leaves out those still within it,
  even when already answered (a reply-by date of today has not passed);
- pipeline: how many of the period's leads reached at least each stage, as of when the report
  is made (a closed lead counts up to the furthest stage it reached before closing); and how
  many leads, whenever received, moved into each stage during the period (their first stage
  event for it, from ``lead_events``);
- contracts (签约): leads whose ``signed_on`` is in the period; contracted investment (合同金额):
  the sum of their contract amounts; funds in place (到位资金): instalments arrived in the period;
- 协议履约率 contract performance rate: of the projects signed in the period, the share that
  have begun to perform their agreement by its end (funds in place, or construction started);
- 资金到位率 funds-in-place rate: funds in place in the period / contracted investment in the
  period;
- 项目开工率 construction start rate: of the projects signed in the period, the share that have
  reached construction started (or beyond);
- 竣工投产率 production start rate: of the projects signed in the period, the share in production.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import Decimal

from ..clock import china_date
from ..leads.pipeline import CLOSED, NEW, OPEN_STAGES, PRODUCTION, STAGES, STARTED, rank

REWARD_RATE = Decimal("0.002")  # 2‰ of funds in place (seed 002)
UNANSWERED_LINE_MONTHS = 3  # national inspection: a message unanswered > 3 months fails the site
NEAR_LINE_DAYS = 14
PIPELINE = tuple(s for s in STAGES if s != CLOSED)  # in order, new to production
RATES = ("performance", "funds", "start", "production")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Rate:
    numerator: Decimal
    denominator: Decimal

    @property
    def value(self):
        """The rate as a fraction (0.25 = 25 %), or None when nothing was there to count."""
        return None if not self.denominator else Decimal(self.numerator) / Decimal(self.denominator)


@dataclass
class Credit:
    leads: int = 0
    signed: int = 0
    contracted: Decimal = ZERO
    funds: Decimal = ZERO

    @property
    def reward_base(self):
        """The base of the 2‰ reward: funds in place × 0.002 (万元)."""
        return self.funds * REWARD_RATE


@dataclass
class Figures:
    period: object
    leads: int
    by_desk: Counter
    by_industry: Counter
    by_region: Counter
    by_partner: Counter
    response: dict
    pipeline: list  # [(stage, reached at least, share of the period's leads)]
    entered: dict  # stage -> leads that moved into it during the period
    signed: int
    contracted: Decimal
    funds: Decimal
    rates: dict  # name -> Rate
    desks: dict  # desk -> Credit
    partners: dict  # ref (None: no partner) -> Credit
    feedback: dict  # desk -> {"count": n, "scores": {question: mean}, "mean": overall}


def received_in(lead, start, end):
    return start <= lead.created_at < end


def response_figures(leads, today):
    """Leads due (reply-by date before ``today`` in China), those answered by it, the median."""
    due = on_time = 0
    hours = []
    for lead in leads:
        answered = lead.first_response_at is not None
        if answered:
            hours.append((lead.first_response_at - lead.created_at).total_seconds() / 3600)
        if lead.reply_by is None or lead.reply_by >= today:  # still within its promise
            continue
        due += 1
        on_time += answered and china_date(lead.first_response_at) <= lead.reply_by
    return {"due": due, "on_time": on_time, "rate": Rate(on_time, due), "answered": len(hours),
            "median_hours": statistics.median(hours) if hours else None}


def pipeline_figures(leads):
    total = len(leads)
    reached = [(stage, sum(lead.reached >= at_least for lead in leads))
               for stage, at_least in ((stage, rank(stage)) for stage in PIPELINE)]
    return [(stage, count, Rate(count, total)) for stage, count in reached]


def credit(leads, signed, instalments, key):
    table = defaultdict(Credit)
    for lead in leads:
        table[key(lead)].leads += 1
    for lead in signed:
        table[key(lead)].signed += 1
        table[key(lead)].contracted += lead.contract_amount or ZERO
    for lead, amount in instalments:
        table[key(lead)].funds += amount
    return dict(table)


def feedback_figures(rows, period):
    by_desk = defaultdict(list)
    for desk, at, scores in rows:
        if period.start <= at < period.end:
            by_desk[desk].append(scores)
    result = {}
    for desk, forms in sorted(by_desk.items()):
        values = defaultdict(list)
        for scores in forms:
            for question, score in scores.items():
                if isinstance(score, int | float) and 1 <= score <= 5:
                    values[question].append(score)
        every = [s for scores in values.values() for s in scores]
        result[desk] = {"count": len(forms),
                        "scores": {q: statistics.fmean(v) for q, v in sorted(values.items())},
                        "mean": statistics.fmean(every) if every else None}
    return result


def compute(data, period, today):
    """The figures of ``period`` (a ``periods.Period``), overdue counted as of ``today``."""
    # Bounds in UTC, the zone of the rows, so that comparisons need no offsets.
    start, end = period.start.astimezone(UTC), period.end.astimezone(UTC)
    received = [lead for lead in data.leads.values() if received_in(lead, start, end)]
    signed = [lead for lead in data.leads.values() if lead.signed_on in period]
    instalments = [(data.leads[lead_id], amount) for lead_id, day, amount in data.funds
                   if day in period and lead_id in data.leads]
    contracted = sum((lead.contract_amount or ZERO for lead in signed), ZERO)
    funds = sum((amount for _, amount in instalments), ZERO)
    performing = sum(lead.reached >= rank(STARTED) or lead.funds_until(period.last) > 0 for lead in signed)
    rates = {
        "performance": Rate(performing, len(signed)),
        "funds": Rate(funds, contracted),
        "start": Rate(sum(lead.reached >= rank(STARTED) for lead in signed), len(signed)),
        "production": Rate(sum(lead.reached >= rank(PRODUCTION) for lead in signed), len(signed)),
    }
    return Figures(
        period=period, leads=len(received),
        by_desk=Counter(lead.desk for lead in received),
        by_industry=Counter(lead.industry for lead in received),
        by_region=Counter(lead.region for lead in received),
        by_partner=Counter(lead.ref for lead in received),
        response=response_figures(received, today),
        pipeline=pipeline_figures(received),
        entered=Counter(stage for lead in data.leads.values() for stage, at in lead.entered.items()
                        if start <= at < end),
        signed=len(signed), contracted=contracted, funds=funds, rates=rates,
        desks=credit(received, signed, instalments, lambda lead: lead.desk),
        partners=credit(received, signed, instalments, lambda lead: lead.ref),
        feedback=feedback_figures(data.feedback, period),
    )


def targets_progress(data, year_figures):
    """``[(desk or None for the county, {measure: (actual, target, Rate)})]``, county first."""
    rows = []
    for target in sorted(data.targets, key=lambda t: (t.desk is not None, t.desk or "")):
        credit_ = (Credit(signed=year_figures.signed, contracted=year_figures.contracted,
                          funds=year_figures.funds) if target.desk is None
                   else year_figures.desks.get(target.desk, Credit()))
        measures = {}
        for name, actual in (("projects", credit_.signed), ("contracted", credit_.contracted),
                             ("funds", credit_.funds)):
            goal = getattr(target, name)
            goal = None if goal is None else Decimal(goal)
            measures[name] = (actual, goal, Rate(actual, goal or 0))
        rows.append((target.desk, measures))
    return rows


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Waiting:
    reference: str
    desk: str
    received: date
    reply_by: date | None
    line: date  # the day after which the lead has waited more than 3 months
    days: int  # days waited so far


def unanswered(lead):
    return lead.status == NEW and lead.first_response_at is None


def overdue(data, today):
    """Unanswered leads past their reply-by date, oldest first."""
    return sorted((waiting(lead, today) for lead in data.leads.values()
                   if unanswered(lead) and lead.reply_by is not None and lead.reply_by < today),
                  key=lambda w: (w.received, w.reference or ""))


def near_line(data, today):
    """Unanswered leads within two weeks of the 3-month line, or past it, oldest first."""
    found = (waiting(lead, today) for lead in data.leads.values() if unanswered(lead))
    return sorted((w for w in found if today >= w.line - timedelta(days=NEAR_LINE_DAYS)),
                  key=lambda w: (w.received, w.reference or ""))


def waiting(lead, today):
    received = china_date(lead.created_at)
    return Waiting(lead.reference, lead.desk, received, lead.reply_by,
                   add_months(received, UNANSWERED_LINE_MONTHS), (today - received).days)


def open_by_stage(data):
    """Open leads (not signed, not closed) by their current stage."""
    counts = Counter(lead.status for lead in data.leads.values())
    return [(stage, counts.get(stage, 0)) for stage in OPEN_STAGES]
