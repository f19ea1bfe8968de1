"""Inquiries under the production server: POST → stored latency with the mail server down, and
200 simultaneous submits (issue 5).

``portal serve`` (Granian, 2 workers) runs on the sample content with a fresh SQLite database
(and, when one answers on 127.0.0.1:5432, again with PostgreSQL), ``PORTAL_SMTP_URL`` pointing at
a port where nothing listens, and ``portal outbox send --loop`` failing against it beside the
server, as in production during a mail outage. Each visitor first GETs the form (untimed: cookie,
CSRF and form token), then the POST is timed until the 303 that follows the commit. Afterwards
the database must hold exactly one lead per POST.

``python -m bench.inquiry`` runs this part alone and rewrites only its section of BENCHMARKS.md.
"""

import http.client
import http.cookies
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

from . import ROOT, VENV_BIN
from .net import HOST, free_port
from .servers import app_env, granian, stop
from .stats import summary

SEQUENTIAL = 300
CONCURRENT = 200
P95_TARGET_MS = 50.0
HIDDEN = re.compile(r'<input id="(csrf_token|form_token|source|ref)" name="\w+" type="hidden" '
                    r'value="([^"]*)"')
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECTION = "## Inquiries"


def request(port, method, path, body=None, cookie=None):
    """One request on a new connection; ``(status, headers, body)``."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def open_form(port, n):
    """The cookie and the urlencoded answers of visitor ``n``, ready to POST."""
    status, headers, body = request(port, "GET", "/zh/inquiry/?project=fuxi-tea-processing")
    if status != 200:
        raise RuntimeError(f"form answered {status}")
    cookie = http.cookies.SimpleCookie()
    for header in headers.get_all("Set-Cookie") or ():
        cookie.load(header)
    answers = {**dict(HIDDEN.findall(body.decode())), "name": f"投资者{n}", "company": "青岚锰业",
               "email": f"investor{n}@example.com", "item": "project:fuxi-tea-processing",
               "message": "想了解厂房和电价。", "consent": "y"}
    jar = "; ".join(f"{k}={v.value}" for k, v in cookie.items())
    return jar, urllib.parse.urlencode(answers).encode()


def timed_post(port, form):
    started = time.perf_counter()
    status, _, _ = request(port, "POST", "/zh/inquiry/", body=form[1], cookie=form[0])
    return status, (time.perf_counter() - started) * 1000


def count_leads(url):
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM leads")).scalar_one()
    finally:
        engine.dispose()


def postgres_schema():
    """A fresh schema for the run, or None when no PostgreSQL answers; ``(url, drop)``."""
    import sqlalchemy as sa

    schema = f"bench_{os.getpid()}_{int(time.time())}"
    admin = sa.create_engine(POSTGRES)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError:
        admin.dispose()
        return None
    url = sa.make_url(POSTGRES).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop():
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


def run_server(stack, content, tmp, database_url):
    """Start the server and the (failing) mail sender; return the port."""
    env = {**app_env(content, tmp / "instance"), "PORTAL_SMTP_URL": f"smtp://{HOST}:{free_port()}",
           "PORTAL_INQUIRY_MIN_FILL_SECONDS": "0",
           "PORTAL_INQUIRY_LIMIT_PER_ADDRESS": "1000000 per hour",
           "PORTAL_INQUIRY_LIMIT_PER_CONTACT": "1000000 per day", "PORTAL_OUTBOX_POLL_SECONDS": "1"}
    if database_url:
        env["PORTAL_DATABASE_URL"] = database_url
    full_env = {**os.environ, **env}
    subprocess.run([VENV_BIN / "portal", "db", "upgrade"], cwd=ROOT, env=full_env, check=True,
                   capture_output=True)
    port = free_port()
    stack.enter_context(granian(port, env, tmp / "granian.log"))
    with open(tmp / "outbox.log", "wb") as log:
        sender = subprocess.Popen([VENV_BIN / "portal", "outbox", "send", "--loop"], cwd=ROOT,
                                  env=full_env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    stack.callback(stop, sender)
    return port, env


def measure_backend(content, tmp, database_url=None):
    with ExitStack() as stack:
        port, env = run_server(stack, content, tmp, database_url)
        url = database_url or f"sqlite:///{tmp / 'instance' / 'portal.sqlite3'}"
        for n in range(20):  # warm-up: both workers, their database connections and templates
            timed_post(port, open_form(port, -n - 1))
        before = count_leads(url)
        latencies, statuses = [], []
        for n in range(SEQUENTIAL):
            status, ms = timed_post(port, open_form(port, n))
            statuses.append(status)
            latencies.append(ms)
        forms = [open_form(port, SEQUENTIAL + n) for n in range(CONCURRENT)]
        go = threading.Barrier(CONCURRENT + 1)
        results = []

        def visitor(form):
            go.wait()
            results.append(timed_post(port, form))

        threads = [threading.Thread(target=visitor, args=(form,)) for form in forms]
        for thread in threads:
            thread.start()
        go.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join(timeout=300)
        wall = time.perf_counter() - started
        stored = count_leads(url) - before
    concurrent = [ms for _, ms in results]
    return {
        "sequential": {**summary(latencies), "errors": sum(s != 303 for s in statuses)},
        "concurrent": {"n": CONCURRENT, "wall_s": wall, "per_s": CONCURRENT / wall,
                       "latency": summary(concurrent), "errors": sum(s != 303 for s, _ in results)},
        "stored": stored, "expected": SEQUENTIAL + CONCURRENT,
    }


def measure(content, tmp):
    """Figures per database; PostgreSQL is skipped (with the reason) when none answers."""
    tmp = Path(tmp)
    result = {"sqlite": measure_backend(content, tmp / "sqlite")}
    schema = postgres_schema()
    if schema is None:
        result["postgresql"] = {"skipped": f"no PostgreSQL at {POSTGRES}"}
    else:
        url, drop = schema
        try:
            result["postgresql"] = measure_backend(content, tmp / "postgresql", url)
        finally:
            drop()
    return result


def rows(result):
    from .targets import row

    found = []
    for name, figures in result.items():
        if "skipped" in figures:
            found.append(row("Inquiry POST → stored", name, f"skipped: {figures['skipped']}"))
            continue
        seq, con = figures["sequential"], figures["concurrent"]
        found.append(row("Inquiry POST → stored, SMTP down: p50 (p95)", name,
                         f"{seq['p50']:.1f} ms (p95 {seq['p95']:.1f} ms), {seq['errors']} errors",
                         f"p95 ≤ {P95_TARGET_MS:g} ms", seq["p95"] <= P95_TARGET_MS and not seq["errors"]))
        latency = con["latency"]
        found.append(row(f"{con['n']} simultaneous inquiries: throughput (latency p50, p95)", name,
                         f"{con['per_s']:.0f} /s in {con['wall_s']:.2f} s (p50 {latency['p50']:.0f} ms, "
                         f"p95 {latency['p95']:.0f} ms), {con['errors']} errors"))
        found.append(row("Leads stored / inquiries sent", name,
                         f"{figures['stored']} / {figures['expected']}", "all",
                         figures["stored"] == figures["expected"]))
    return found


def section(result, table):
    """The Markdown section of BENCHMARKS.md for these figures."""
    return "\n".join([
        SECTION, "",
        f"Target: p95 ≤ {P95_TARGET_MS:g} ms from POST to the stored lead's redirect, with the mail "
        "server down.", "", table, "",
        "- Server: `portal serve` (Granian, 2 workers) on the sample content; `PORTAL_SMTP_URL` points "
        "at a port where nothing listens and `portal outbox send --loop` keeps failing against it, "
        "as during a mail outage. The form never waits for mail: it stores the lead and its queued "
        "messages in one transaction and redirects.",
        f"- Sequential: {SEQUENTIAL} visitors one after another (after 20 warm-up submits); each GETs "
        "the form (untimed), then the POST is timed until the 303 arrives. SQLite uses WAL, "
        "`synchronous=FULL` (an fsync per lead) and `BEGIN IMMEDIATE`.",
        f"- Simultaneous: {CONCURRENT} visitors open the form, then all POST at once (Python threads, "
        "one connection each); throughput = inquiries / time until the last 303. Latency there is "
        "mostly queueing: 2 workers, each handling one request at a time.",
        "- Then the leads in the database are counted: every POST must have stored exactly one.",
        "",
    ])


def write_section(text):
    """Replace (or append) this section of BENCHMARKS.md, leaving the others as they are."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{SECTION}\n.*?(?=^## |\Z)", re.S | re.M)
    updated = pattern.sub(lambda _: text + "\n", current) if pattern.search(current) \
        else current.rstrip("\n") + "\n\n" + text
    path.write_text(updated, encoding="utf-8")


def report(result):
    """Print the table and write this section of BENCHMARKS.md; return the number of targets missed."""
    from .report import table

    found = rows(result)
    print(table(found))
    write_section(section(result, table(found)))
    return sum(r["result"] == "FAIL" for r in found)


def main():
    with tempfile.TemporaryDirectory(prefix="portal-bench-inquiry-") as tmp:
        print("[bench] inquiries: sequential and simultaneous submits (SQLite, PostgreSQL)",
              file=sys.stderr, flush=True)
        result = measure(ROOT / "content", tmp)
    report(result)


if __name__ == "__main__":
    main()
