"""The leads inbox with 10,000 leads (issue 11): first page, a filtered page, a desk user's page,
and the XLSX export of every lead, on SQLite and PostgreSQL.

10,000 leads are generated (fixed seed) as the form and a year of work would leave them:
Chinese and foreign investors and companies, the sample content's desks, industries and regions,
stages spread from new to production (and closed), an event per stage move, mail for each lead
(about 1% failed), funds in place for signed leads. Pages are fetched through the Flask test
client by logged-in staff (the whole request: session check, scope, queries, audit rows of the
contacts shown, template).

``python -m bench.staff_inbox`` runs this part alone and rewrites only its section of BENCHMARKS.md.
"""

import os
import random
import re
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from . import ROOT
from .inquiry import postgres_schema
from .stats import summary

LEADS = 10_000
REQUESTS = 200
EXPORTS = 5
P50_TARGET_MS = 50.0
EXPORT_TARGET_S = 2.0
SECTION = "## Staff inbox"
PASSWORD = "Bench-Inbox-2026!"
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯"
            "邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌浩宇子轩欣怡梓涵俊杰"
FOREIGN = ("John Smith", "Tan Wei Ming", "Nguyen Van An", "Kim Min-jun", "Sato Hiroshi", "Anna Müller",
           "Ahmed Al-Farsi", "Maria Rossi", "David Lee", "Somchai Prasert")
CITIES = ("深圳", "东莞", "广州", "上海", "苏州", "杭州", "宁波", "西安", "成都", "重庆", "武汉", "香港")
TRADES = ("锰业科技", "富硒茶业", "新材料", "冷链物流", "生物科技", "文旅发展", "电池材料", "食品",
          "康养产业", "智能制造")
STAGE_WEIGHTS = {"new": 20, "contacted": 25, "visit": 15, "negotiating": 12, "signed": 8, "started": 5,
                 "production": 4, "closed": 11}
PATH = ("new", "contacted", "visit", "negotiating", "signed", "started", "production")
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def person(rng):
    if rng.random() < 0.85:
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(FOREIGN)


def generate(app, count=LEADS, seed=11):
    """Insert ``count`` leads with their events, mail and funds; return the desk slugs used."""
    import sqlalchemy as sa

    from portal.content import get_content
    from portal.db import transaction
    from portal.db.schema import funds, lead_events, leads, outbox, staff_users
    from portal.leads.regions import ALL_CODES

    rng = random.Random(seed)
    with app.app_context():
        content = get_content()
        desks = [d.slug for d in content.items("desks", "zh")]
        industries = list(content.taxonomy.industries)
    regions = sorted(ALL_CODES)
    now = datetime.now(UTC)
    with transaction(app) as connection:
        users = connection.execute(sa.select(staff_users.c.id)).scalars().all()
        first = (connection.execute(sa.select(sa.func.max(leads.c.id))).scalar() or 0) + 1
        rows, events, mail, money = [], [], [], []
        for n in range(count):
            lead_id = first + n
            created = now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
            stage = rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]
            name, city = person(rng), rng.choice(CITIES)
            desk = rng.choice(desks)
            copies = [{"desk": rng.choice(desks), "reason": "language"}] if rng.random() < 0.1 else []
            answers = [{"field": "name", "label": {"zh": "姓名", "en": "Your name"}, "value": name},
                       {"field": "message", "label": {"zh": "留言", "en": "Your message"},
                        "value": "想了解园区厂房、用地和电价，计划下月考察。"}]
            moved = created
            steps = PATH[:PATH.index(stage) + 1] if stage != "closed" else ("new", "contacted", "closed")
            for old, new in zip(steps, steps[1:], strict=False):
                moved += timedelta(hours=rng.randrange(4, 24 * 20))
                events.append({"lead_id": lead_id, "at": moved, "user_id": rng.choice(users), "kind": "stage",
                               "old": old, "new": new, "note": None})
            won = stage in ("signed", "started", "production")
            rows.append({
                "id": lead_id, "reference": f"QL-{created.year}-{lead_id:06d}",
                "submission_key": f"bench-{seed}-{lead_id}", "created_at": created,
                "lang": "zh" if rng.random() < 0.8 else "en", "name": name,
                "company": f"{city}{rng.choice(TRADES)}有限公司", "email": f"investor{lead_id}@example.com",
                "phone": f"+86139{rng.randrange(10**8):08d}", "wechat": f"wx{lead_id}",
                "region": rng.choice(regions), "industry": rng.choice(industries), "answers": answers,
                "desk": desk, "routed_by": rng.choice(("item", "industry", "region", "bureau")),
                "ref": rng.choice((None, None, None, "shenzhen-chamber", "yrd-office")),
                "consent_at": created, "consent_version": "2026-1", "consent_share": False,
                "consent_newsletter": False, "needs_attention": rng.random() < 0.005, "status": stage,
                "copies": copies, "reply_by": (created + timedelta(days=3)).date(),
                "owner_id": rng.choice(users) if stage != "new" else None,
                "first_response_at": events[-len(steps) + 1]["at"] if stage != "new" else None,
                "stage_at": moved, "closed_reason": "elsewhere" if stage == "closed" else None,
                "contract_amount": Decimal(rng.randrange(500, 200_000)) if won else None,
                "signed_on": moved.date() if won else None, "updated_at": moved,
            })
            for kind in ("desk", "acknowledgement"):
                failed = rng.random() < 0.01
                mail.append({"lead_id": lead_id, "kind": kind, "message_id": f"<bench-{lead_id}-{kind}@x>",
                             "created_at": created, "sender": "noreply@qinglan.gov.cn",
                             "sender_name": "青岚县投资促进局",
                             "recipient": f"{desk}@qinglan.gov.cn", "recipient_name": desk,
                             "subject": "新的投资咨询", "body": "…", "status": "failed" if failed else "sent",
                             "attempts": 30 if failed else 1, "next_attempt_at": created,
                             "sent_at": None if failed else created})
            if won:
                for k in range(rng.randrange(0, 4)):
                    money.append({"lead_id": lead_id, "arrived_on": date(2026, 1 + k, 15),
                                  "amount": Decimal(rng.randrange(100, 5000)), "entered_at": now})
        connection.execute(leads.insert(), rows)
        connection.execute(lead_events.insert(), events)
        connection.execute(outbox.insert(), mail)
        if money:
            connection.execute(funds.insert(), money)
    return desks


def login(app, name):
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    response = client.post("/staff/login", data={"name": name, "password": PASSWORD,
                                                 "csrf_token": CSRF.search(page).group(1)})
    assert response.status_code == 303, response.status_code
    return client


def timed(client, url, runs):
    for _ in range(5):  # warm-up: templates, connections, statement caches
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return summary(times)


def measure_backend(tmp, database_url=""):
    import sqlalchemy as sa

    from portal import create_app
    from portal.db import transaction
    from portal.db.schema import staff_users
    from portal.staff import accounts

    tmp.mkdir(parents=True, exist_ok=True)
    config = {"CONTENT_DIR": str(ROOT / "content"), "INSTANCE_DIR": str(tmp / "instance")}
    if database_url:
        config["DATABASE_URL"] = database_url
    app = create_app(config)
    with app.app_context():
        accounts.add("bench-leader", "leader", PASSWORD)
        accounts.add("bench-desk", "desk", PASSWORD, desk="agri-team")
        with transaction() as connection:
            connection.execute(staff_users.update().values(must_change_password=False))
    started = time.perf_counter()
    generate(app)
    generated_s = time.perf_counter() - started
    with transaction(app) as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")
        counts = {t: connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("leads", "lead_events", "outbox", "funds")}
    leader, desk = login(app, "bench-leader"), login(app, "bench-desk")
    pages = {
        "first page (leader)": (leader, "/staff/leads/"),
        "filtered: stage + desk + overdue (leader)": (
            leader, "/staff/leads/?stage=new&desk=bureau&overdue=1"),
        "filtered: industry + date range, page 3 (leader)": (
            leader, "/staff/leads/?industry=agriculture&from=2025-06-01&to=2026-06-30&page=3"),
        "desk user's first page (agri-team, own + copied)": (desk, "/staff/leads/"),
        "baseline: the password page, no lead queries (leader)": (leader, "/staff/password"),
    }
    result = {"generated_s": generated_s, "rows": counts, "load_average": os.getloadavg(),
              "pages": {name: timed(client, url, REQUESTS) for name, (client, url) in pages.items()}}
    exports = []
    for _ in range(EXPORTS):
        begun = time.perf_counter()
        response = leader.get("/staff/leads/leads.xlsx")
        exports.append(time.perf_counter() - begun)
        assert response.status_code == 200
    result["xlsx"] = {**summary(exports), "bytes": len(response.get_data())}
    app.extensions["db"].dispose()
    return result


def measure(tmp):
    tmp = Path(tmp)
    log(f"staff inbox: {LEADS:,} leads on SQLite")
    result = {"sqlite": measure_backend(tmp / "sqlite")}
    schema = postgres_schema()
    if schema is None:
        result["postgresql"] = {"skipped": "no PostgreSQL at 127.0.0.1:5432"}
        return result
    url, drop = schema
    log(f"staff inbox: {LEADS:,} leads on PostgreSQL")
    try:
        result["postgresql"] = measure_backend(tmp / "postgresql", url)
    finally:
        drop()
    return result


def rows(result):
    from .targets import row

    found = []
    for backend, figures in result.items():
        if "skipped" in figures:
            found.append(row("Staff inbox", backend, f"skipped: {figures['skipped']}"))
            continue
        for name, timing in figures["pages"].items():
            if name.startswith("baseline"):
                found.append(row(f"Back office {name}: p50 (p95)", backend,
                                 f"{timing['p50']:.1f} ms (p95 {timing['p95']:.1f} ms); load average "
                                 f"{figures['load_average'][0]:.1f}"))
                continue
            found.append(row(f"Inbox, {LEADS:,} leads, {name}: p50 (p95)", backend,
                             f"{timing['p50']:.1f} ms (p95 {timing['p95']:.1f} ms)",
                             f"p50 ≤ {P50_TARGET_MS:g} ms", timing["p50"] <= P50_TARGET_MS))
        xlsx = figures["xlsx"]
        found.append(row(f"XLSX export of all {LEADS:,} leads: median of {EXPORTS}", backend,
                         f"{xlsx['p50']:.2f} s ({xlsx['bytes'] / 1e6:.1f} MB)",
                         f"≤ {EXPORT_TARGET_S:g} s", xlsx["p50"] <= EXPORT_TARGET_S))
    return found


def section(result, table):
    return "\n".join([
        SECTION, "",
        f"Target: the inbox page with {LEADS:,} leads at p50 ≤ {P50_TARGET_MS:g} ms; the XLSX export of "
        f"every lead ≤ {EXPORT_TARGET_S:g} s.", "", table, "",
        f"- {LEADS:,} generated leads (fixed seed): Chinese and foreign names and companies, the sample "
        "content's desks (10% copied to a second desk), industries and regions, stages spread from new "
        "to production and closed with an event per move, two messages per lead (1% failed), funds in "
        "place for signed leads.",
        f"- Flask test client, logged-in staff, {REQUESTS} timed GETs per page after 5 warm-ups: the "
        "whole request (server-side session check, scope, the page's query and the stage counts, the "
        "leads not delivered, an audit row per lead whose contacts are shown, the template).",
        "- A leader sees every lead unmasked, so each of their inbox views writes 50 audit rows.",
        "",
    ])


def report(result):
    from .report import table

    found = rows(result)
    print(table(found))
    write_section(section(result, table(found)))
    return sum(r["result"] == "FAIL" for r in found)


def write_section(text):
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{SECTION}\n.*?(?=^## |\Z)", re.S | re.M)
    updated = pattern.sub(lambda _: text + "\n", current) if pattern.search(current) \
        else current.rstrip("\n") + "\n\n" + text
    path.write_text(updated, encoding="utf-8")


def run(tmp):
    """Measure, print the table and write this section of BENCHMARKS.md (``python -m bench``)."""
    result = measure(Path(tmp) / "staff-inbox")
    report(result)
    return result


def main():
    with tempfile.TemporaryDirectory(prefix="portal-bench-inbox-") as tmp:
        run(tmp)


if __name__ == "__main__":
    main()
