"""The monthly report page and its XLSX export over 10,000 leads (issue 11: ≤ 2 s each), on
SQLite and on a PostgreSQL schema.

Leads are generated straight into the database (stages with their events, signing dates,
contract amounts, funds in place, feedback, targets), spread over the year to today; a viewer
logs in through the login form; the report of the current month and its XLSX are fetched
through the app (the test client, in-process), ``RUNS`` times each after a warm-up; the
median is kept.

``python -m bench.staff_reports`` runs this part alone and rewrites only its section of
BENCHMARKS.md.
"""

import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from . import ROOT
from .inquiry import postgres_schema

LEADS = 10_000
RUNS = 5
TARGET_S = 2.0
SECTION = "## Staff reports"
STAGES = ["new", "contacted", "visit", "negotiating", "signed", "started", "production"]
DESKS = ["bureau", "agri-team", "materials-team", "prd-office", "yrd-office", "shenzhen-chamber"]
INDUSTRIES = ["agriculture", "materials", "tourism", "health", "logistics"]
REGIONS = ["CN-GD", "CN-ZJ", "CN-SH", "CN-JS", "HK", "SG", "US", "OTHER"]
PARTNERS = [None, None, None, "gd-chamber", "sh-office", "hometown"]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
PASSWORD = "Bench-report-2026-viewer"


def generate(app, count=LEADS, seed=11):
    """``count`` leads with their events, funds and feedback, and this year's targets."""
    from portal.db import transaction
    from portal.db.schema import feedback, funds, lead_events, leads, targets

    rng = random.Random(seed)
    now = datetime.now(UTC)
    start = datetime(now.year, 1, 1, tzinfo=UTC)
    span = (now - start).total_seconds()
    rows, events, instalments, ratings = [], [], [], []
    for n in range(1, count + 1):
        created = start + timedelta(seconds=rng.random() * span)
        furthest = min(int(rng.expovariate(0.6)), len(STAGES) - 1)
        closed = furthest < 4 and rng.random() < 0.15
        answered = furthest > 0 or closed
        first = created + timedelta(hours=rng.uniform(1, 96)) if answered else None
        signed_on = (created + timedelta(days=rng.randint(5, 60))).date() if furthest >= 4 else None
        rows.append({
            "id": n, "reference": f"QL-{created.year}-{n:06d}", "submission_key": f"bench-{n}",
            "created_at": created, "lang": rng.choice(["zh", "en"]), "name": "投资人", "answers": {},
            "desk": rng.choice(DESKS), "routed_by": "industry", "industry": rng.choice(INDUSTRIES),
            "region": rng.choice(REGIONS), "ref": rng.choice(PARTNERS), "consent_at": created,
            "consent_version": "bench", "status": "closed" if closed else STAGES[furthest],
            "reply_by": (created + timedelta(days=3)).date(), "first_response_at": first,
            "contract_amount": Decimal(rng.randint(500, 50_000)) if signed_on else None,
            "signed_on": signed_on, "consent_share": False, "consent_newsletter": False,
            "needs_attention": False,
        })
        moment = first or created
        for stage in STAGES[1:furthest + 1] + (["closed"] if closed else []):
            moment += timedelta(days=rng.uniform(1, 10))
            events.append({"lead_id": n, "at": moment, "kind": "stage", "new": stage})
        if signed_on:
            for part in range(rng.randint(0, 3)):
                arrived = signed_on + timedelta(days=30 * (part + 1))
                if arrived <= now.date():
                    instalments.append({"lead_id": n, "arrived_on": arrived, "entered_at": now,
                                        "amount": Decimal(rng.randint(100, 5_000))})
        if answered and rng.random() < 0.05:
            ratings.append({"lead_id": n, "at": first + timedelta(days=2), "desk": rows[-1]["desk"],
                            "scores": {"responsiveness": rng.randint(1, 5), "overall": rng.randint(1, 5)}})
    with transaction(app) as connection:
        connection.execute(leads.insert(), rows)
        connection.execute(lead_events.insert(), events)
        if instalments:
            connection.execute(funds.insert(), instalments)
        if ratings:
            connection.execute(feedback.insert(), ratings)
        connection.execute(targets.insert(), [
            {"year": now.year, "desk": desk, "projects": 50, "contracted": Decimal(5_000_000),
             "funds": Decimal(2_230_000), "updated_at": now} for desk in (None, *DESKS)])
    return {"leads": len(rows), "events": len(events), "funds": len(instalments), "feedback": len(ratings)}


def signed_in_client(app):
    from portal.db import transaction
    from portal.db.schema import staff_users
    from portal.staff import accounts

    with app.app_context():
        accounts.add("bench-viewer", "viewer", PASSWORD)
        with transaction() as connection:  # as if the first password were already changed
            connection.execute(staff_users.update().values(must_change_password=False))
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = next(g for g in CSRF.search(page).groups() if g)
    response = client.post("/staff/login", data={"name": "bench-viewer", "password": PASSWORD,
                                                 "csrf_token": token})
    if response.status_code not in (302, 303):
        raise RuntimeError(f"login answered {response.status_code}")
    return client


def timed(client, url):
    seconds = []
    for run in range(RUNS + 1):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if run:  # the first is the warm-up
            seconds.append(elapsed)
    return {"median_s": statistics.median(seconds), "max_s": max(seconds), "bytes": len(response.data)}


def measure_backend(tmp, database_url=""):
    from portal import create_app
    from portal.reports.periods import month_of, today_in_china

    app = create_app({"TESTING": False, "INSTANCE_DIR": str(tmp / "instance"),
                      "CONTENT_DIR": str(ROOT / "content"), "DATABASE_URL": database_url})
    started = time.perf_counter()
    generated = generate(app)
    generated["seconds"] = time.perf_counter() - started
    client = signed_in_client(app)
    year, number = month_of(today_in_china())
    month = f"{year:04d}-{number:02d}"
    result = {"generated": generated, "month": month,
              "page": timed(client, f"/staff/reports/monthly/?month={month}"),
              "xlsx": timed(client, f"/staff/reports/monthly/report.xlsx?month={month}"),
              "csv": timed(client, f"/staff/reports/monthly/report.csv?month={month}"),
              "dashboard": timed(client, "/staff/dashboard/")}
    app.extensions["db"].dispose()
    return result


def measure(tmp):
    tmp = Path(tmp)
    result = {"sqlite": measure_backend(tmp / "sqlite")}
    schema = postgres_schema()
    if schema is None:
        result["postgresql"] = {"skipped": "no PostgreSQL on 127.0.0.1:5432"}
    else:
        url, drop = schema
        try:
            result["postgresql"] = measure_backend(tmp / "postgresql", url)
        finally:
            drop()
    return result


def section(result):
    lines = [SECTION, "", f"{LEADS:,} generated leads (stages and their events, contracts, funds in place, "
             f"feedback); median of {RUNS} requests after a warm-up, in-process (the test client), "
             f"target ≤ {TARGET_S:.0f} s for the page and the XLSX. `python -m bench.staff_reports`.", "",
             "| backend | monthly report page | XLSX export | CSV export | dashboard | result |",
             "| --- | --- | --- | --- | --- | --- |"]
    for backend, figures in result.items():
        if "skipped" in figures:
            lines.append(f"| {backend} | skipped: {figures['skipped']} | | | | |")
            continue
        ok = max(figures["page"]["median_s"], figures["xlsx"]["median_s"]) <= TARGET_S
        cells = " | ".join(f"{figures[k]['median_s']:.3f} s" for k in ("page", "xlsx", "csv", "dashboard"))
        lines.append(f"| {backend} | {cells} | {'PASS' if ok else 'FAIL'} |")
    return "\n".join(lines) + "\n"


def run(tmp):
    """Measure, print and write this section of BENCHMARKS.md; return the figures."""
    print("[bench] staff reports: monthly report and XLSX of 10,000 leads (SQLite, PostgreSQL)",
          file=sys.stderr, flush=True)
    result = measure(tmp)
    text = section(result)
    print(text)
    write_section(text)
    return result


def write_section(text):
    """Replace (or append) this section of BENCHMARKS.md, leaving the others as they are."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{SECTION}\n.*?(?=^## |\Z)", re.S | re.M)
    updated = pattern.sub(lambda _: text + "\n", current) if pattern.search(current) \
        else current.rstrip("\n") + "\n\n" + text
    path.write_text(updated, encoding="utf-8")


def main():
    with tempfile.TemporaryDirectory(prefix="portal-bench-reports-") as tmp:
        run(tmp)


if __name__ == "__main__":
    main()
