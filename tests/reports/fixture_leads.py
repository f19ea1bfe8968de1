"""A month of leads for the report tests, inserted with SQL as the back office leaves them
(stages with their events, signing dates, contract amounts, funds, feedback, targets), and the
figures of the report month 2026-11 (26 Oct – 25 Nov 2026, China time) computed here, by hand
over the same rows, independently of ``portal.reports``."""

import statistics
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from portal.db import transaction
from portal.db.schema import feedback, funds, lead_events, leads, targets

CST = timezone(timedelta(hours=8))
MONTH = "2026-11"
MONTH_FIRST, MONTH_LAST = date(2026, 10, 26), date(2026, 11, 25)
YEAR_FIRST = date(2026, 1, 1)
STAGES = ["new", "contacted", "visit", "negotiating", "signed", "started", "production"]


def cst(*parts):
    return datetime(*parts, tzinfo=CST)


# reference, received (China time), desk, industry, region, ref, stage, stages passed (events),
# reply_by, first response (China time), contract amount, signed_on
LEADS = [
    # The first minute of the month (26 Oct 00:00 CST is 25 Oct 16:00 UTC).
    ("QL-2026-000001", cst(2026, 10, 26, 0, 0), "agri-team", "agriculture", "CN-GD", "gd-chamber",
     "contacted", ["contacted"], date(2026, 10, 28), cst(2026, 10, 27, 9, 30), None, None),
    # The last minute of October's month: counted in the year, not in November.
    ("QL-2026-000002", cst(2026, 10, 25, 23, 59), "agri-team", "agriculture", "CN-GD", None,
     "contacted", ["contacted"], date(2026, 10, 28), cst(2026, 10, 26, 10, 0), None, None),
    # The last minute of November's month.
    ("QL-2026-000003", cst(2026, 11, 25, 23, 59), "materials-team", "materials", "HK", "gd-chamber",
     "new", [], date(2026, 11, 27), None, None, None),
    # The first minute of December's month: in neither.
    ("QL-2026-000004", cst(2026, 11, 26, 0, 0), "materials-team", "materials", "SG", None,
     "new", [], date(2026, 11, 30), None, None, None),
    # Signed in November, construction started; funds partly in November.
    ("QL-2026-000005", cst(2026, 5, 10, 11, 0), "materials-team", "materials", "CN-ZJ", "gd-chamber",
     "started", ["contacted", "visit", "negotiating", "signed", "started"], date(2026, 5, 12),
     cst(2026, 5, 11, 15, 0), Decimal("5000.00"), date(2026, 11, 3)),
    # Signed on the month's first day, nothing arrived yet.
    ("QL-2026-000006", cst(2026, 9, 1, 9, 0), "agri-team", "agriculture", "US", None,
     "signed", ["contacted", "negotiating", "signed"], date(2026, 9, 3), cst(2026, 9, 4, 9, 0),
     Decimal("3000.50"), date(2026, 10, 26)),
    # Signed the day before the month (in the year only), in production.
    ("QL-2026-000007", cst(2026, 3, 2, 9, 0), "bureau", "health", "CN-SH", "sh-office",
     "production", ["contacted", "signed", "started", "production"], date(2026, 3, 4),
     cst(2026, 3, 3, 9, 0), Decimal("10000.00"), date(2026, 10, 25)),
    # Received in November, answered late, negotiated, then closed.
    ("QL-2026-000008", cst(2026, 11, 2, 10, 0), "bureau", "tourism", "CN-GD", None,
     "closed", ["contacted", "visit", "negotiating", "closed"], date(2026, 11, 4),
     cst(2026, 11, 9, 10, 0), None, None),
    # Received in November, answered on the reply-by day itself.
    ("QL-2026-000009", cst(2026, 11, 10, 8, 0), "agri-team", "agriculture", "OTHER", "sh-office",
     "visit", ["contacted", "visit"], date(2026, 11, 12), cst(2026, 11, 12, 23, 0), None, None),
    # Last year: in no figure of 2026 (signed in December 2025, inside January 2026's month).
    ("QL-2025-000010", cst(2025, 12, 1, 9, 0), "bureau", "logistics", "CN-GD", None,
     "signed", ["contacted", "signed"], date(2025, 12, 3), cst(2025, 12, 2, 9, 0),
     Decimal("700.00"), date(2025, 12, 27)),
]
FUNDS = [  # reference, arrived_on, 万元
    ("QL-2026-000005", date(2026, 11, 10), Decimal("1200.00")),
    ("QL-2026-000005", date(2026, 11, 26), Decimal("800.00")),  # December's month
    ("QL-2026-000007", date(2026, 10, 25), Decimal("2500.00")),  # October's month
    ("QL-2026-000007", date(2026, 11, 25), Decimal("500.00")),
    ("QL-2025-000010", date(2025, 12, 28), Decimal("100.00")),
]
FEEDBACK = [  # reference, desk, at, scores
    ("QL-2026-000001", "agri-team", cst(2026, 11, 1, 10, 0), {"responsiveness": 5, "overall": 4}),
    ("QL-2026-000009", "agri-team", cst(2026, 11, 20, 10, 0), {"responsiveness": 3, "overall": 3}),
    ("QL-2026-000007", "bureau", cst(2026, 4, 1, 10, 0), {"responsiveness": 4, "overall": 5}),
]
TARGETS = [  # desk (None: the county), projects, contracted, funds (万元)
    (None, 50, Decimal("500000"), Decimal("2230000")),
    ("agri-team", 5, Decimal("20000"), Decimal("8000")),
    ("materials-team", 4, None, Decimal("10000")),
]


def insert(app, rows=LEADS, fund_rows=FUNDS, feedback_rows=FEEDBACK, target_rows=TARGETS, year=2026):
    """Insert the fixture (times in UTC, as the app stores them); return ``{reference: lead id}``."""
    ids = {}
    with transaction(app) as connection:
        for number, (ref_no, received, desk, industry, region, ref, stage, passed, reply_by, first,
                     amount, signed_on) in enumerate(rows):
            ids[ref_no] = connection.execute(leads.insert().values(
                reference=ref_no, submission_key=f"key-{number}-{ref_no}",
                created_at=received.astimezone(UTC), lang="zh", name="张伟", email="zhang.wei@example.com",
                phone="+8613800138000", region=region, industry=industry, answers={}, desk=desk,
                routed_by="industry", ref=ref, consent_at=received.astimezone(UTC), consent_version="2026-01",
                status=stage, reply_by=reply_by, first_response_at=first and first.astimezone(UTC),
                contract_amount=amount, signed_on=signed_on,
            )).inserted_primary_key[0]
            before = "new"
            for step, new in enumerate(passed):
                connection.execute(lead_events.insert().values(
                    lead_id=ids[ref_no], at=(received + timedelta(days=step + 1)).astimezone(UTC),
                    kind="stage", old=before, new=new))
                before = new
        for ref_no, arrived, amount in fund_rows:
            connection.execute(funds.insert().values(lead_id=ids[ref_no], arrived_on=arrived, amount=amount,
                                                     entered_at=datetime.now(UTC)))
        for ref_no, desk, at, scores in feedback_rows:
            connection.execute(feedback.insert().values(lead_id=ids[ref_no], desk=desk, at=at.astimezone(UTC),
                                                        scores=scores))
        for desk, projects, contracted, fund_target in target_rows:
            connection.execute(targets.insert().values(year=year, desk=desk, projects=projects,
                                                       contracted=contracted, funds=fund_target,
                                                       updated_at=datetime.now(UTC)))
    return ids


# --- The expected figures, by hand over the rows above. ---

def in_days(day, first, last):
    return day is not None and first <= day <= last


def received_between(first, last):
    return [row for row in LEADS if first <= row[1].date() <= last]


def signed_between(first, last):
    return [row for row in LEADS if in_days(row[11], first, last)]


def funds_between(first, last, lead_filter=lambda ref_no: True):
    return sum((amount for ref_no, day, amount in FUNDS if in_days(day, first, last) and lead_filter(ref_no)),
               Decimal(0))


def reached(row):
    """Index in STAGES of the furthest stage: the current one, or the furthest event before closing."""
    stages = [s for s in [row[6], *row[7]] if s != "closed"]
    return max(STAGES.index(s) for s in stages)


def expected(first, last, today):
    got = received_between(first, last)
    signed = signed_between(first, last)
    contracted = sum((row[10] for row in signed), Decimal(0))
    funds_in = funds_between(first, last)
    due = [row for row in got if row[8] < today]  # reply-by date passed, answered or not
    on_time = [row for row in due if row[9] is not None and row[9].date() <= row[8]]
    hours = [(row[9] - row[1]).total_seconds() / 3600 for row in got if row[9] is not None]

    def funds_of(ref_no):
        return sum((a for r, d, a in FUNDS if r == ref_no and d <= last), Decimal(0))

    def count_by(index):
        result = {}
        for row in got:
            result[row[index]] = result.get(row[index], 0) + 1
        return result

    def share(a, b):
        return None if not b else Decimal(a) / Decimal(b)

    started = [row for row in signed if reached(row) >= STAGES.index("started")]
    performing = [row for row in signed if reached(row) >= STAGES.index("started") or funds_of(row[0]) > 0]
    production = [row for row in signed if reached(row) >= STAGES.index("production")]
    desks = {}
    partners = {}
    for table, index in ((desks, 2), (partners, 5)):
        for row in got:
            table.setdefault(row[index], [0, 0, Decimal(0), Decimal(0)])[0] += 1
        for row in signed:
            entry = table.setdefault(row[index], [0, 0, Decimal(0), Decimal(0)])
            entry[1] += 1
            entry[2] += row[10]
        for ref_no, day, amount in FUNDS:
            if in_days(day, first, last):
                row = next(r for r in LEADS if r[0] == ref_no)
                table.setdefault(row[index], [0, 0, Decimal(0), Decimal(0)])[3] += amount
    entered = {}  # stage -> leads whose stage changed to it in the period (received: new)
    for row in LEADS:
        moves = [("new", row[1])] + [(new, row[1] + timedelta(days=step + 1))
                                     for step, new in enumerate(row[7])]
        firsts = {}
        for stage, at in moves:
            firsts.setdefault(stage, at)
        for stage, at in firsts.items():
            if first <= at.date() <= last and stage != "closed":
                entered[stage] = entered.get(stage, 0) + 1
    forms = {}
    for _ref, desk, at, scores in FEEDBACK:
        if first <= at.date() <= last:
            forms.setdefault(desk, []).append(scores)
    return {
        "leads": len(got), "by_desk": count_by(2), "by_industry": count_by(3), "by_region": count_by(4),
        "by_partner": count_by(5), "due": len(due), "on_time": len(on_time),
        "on_time_share": share(len(on_time), len(due)),
        "median_hours": statistics.median(hours) if hours else None,
        "pipeline": {stage: sum(reached(row) >= i for row in got) for i, stage in enumerate(STAGES)},
        "signed": len(signed), "contracted": contracted, "funds": funds_in,
        "rate_performance": share(len(performing), len(signed)), "rate_funds": share(funds_in, contracted),
        "rate_start": share(len(started), len(signed)),
        "rate_production": share(len(production), len(signed)),
        "desks": desks, "partners": partners, "entered": entered,
        "feedback": {desk: (len(f), statistics.fmean([s for scores in f for s in scores.values()]))
                     for desk, f in forms.items()},
    }


def month(today):
    return expected(MONTH_FIRST, MONTH_LAST, today)


def year(today):
    return expected(YEAR_FIRST, MONTH_LAST, today)
