"""The investor's status link: does a known token answer measurably faster or slower than an
unknown one? (Issue 11: unknown tokens get a 404 "at the same speed".)

In process (the app's WSGI test client, so the figure is the app and the database, not the
network), on the sample content with 10,000 leads each holding a status link, on SQLite and,
when one answers on 127.0.0.1:5432, PostgreSQL. Requests for a known, a revoked, an unknown and
a malformed token are interleaved round-robin, so drift in the machine's load hits all alike.
Reported: the median and p95 per kind, for the whole request and for the lookup query alone.

``python -m bench.status_timing [--leads N] [--rounds N]`` prints the figures (it is not part of
``make bench``).
"""

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from . import ROOT
from .inquiry import postgres_schema
from .stats import summary

KINDS = ("known", "revoked", "unknown", "malformed")


def make_app(instance, url):
    from portal import create_app

    return create_app({"TESTING": True, "INSTANCE_DIR": str(instance), "CONTENT_DIR": str(ROOT / "content"),
                       "DATABASE_URL": url})


def fill(app, count):
    """``count`` leads with links, a few stage events each; return {kind: token}."""
    from portal.db import transaction
    from portal.db.schema import lead_events, leads
    from portal.leads.tokens import new_token, token_hash

    now = datetime.now(UTC)
    tokens = [new_token() for _ in range(count)]
    rows = [{"reference": f"QL-2026-{n + 1:06d}", "submission_key": f"bench-{n}", "created_at": now,
             "lang": "zh", "name": "投资人", "answers": [], "desk": "bureau", "routed_by": "bureau",
             "consent_at": now, "consent_version": "2026-11", "consent_share": False,
             "consent_newsletter": False, "needs_attention": False, "status": "negotiating",
             "stage_at": now, "status_token_hash": token_hash(token),
             "status_revoked_at": now if n == 1 else None} for n, token in enumerate(tokens)]
    with transaction(app) as connection:
        for start in range(0, count, 1000):
            connection.execute(leads.insert(), rows[start:start + 1000])
        ids = connection.execute(sa.select(leads.c.id).order_by(leads.c.id)).scalars().all()
        events = [{"lead_id": i, "at": now, "kind": "stage", "old": old, "new": new}
                  for i in ids for old, new in (("new", "contacted"), ("contacted", "negotiating"))]
        for start in range(0, len(events), 2000):
            connection.execute(lead_events.insert(), events[start:start + 2000])
    return {"known": tokens[0], "revoked": tokens[1], "unknown": new_token(), "malformed": "not~a~token"}


def measure(app, tokens, rounds):
    from portal.db import engine
    from portal.status.progress import query

    client = app.test_client()
    timings = {kind: {"request": [], "query": []} for kind in KINDS}
    expected = {"known": 200, "revoked": 404, "unknown": 404, "malformed": 404}
    for kind in KINDS:  # warm up: templates compiled, connections pooled
        client.get(f"/en/status/{tokens[kind]}/")
    for _ in range(rounds):
        for kind in KINDS:
            start = time.perf_counter()
            response = client.get(f"/en/status/{tokens[kind]}/")
            timings[kind]["request"].append((time.perf_counter() - start) * 1000)
            assert response.status_code == expected[kind], (kind, response.status_code)
            with engine(app).connect() as connection:  # as the view does: its own short transaction
                start = time.perf_counter()
                connection.execute(query(tokens[kind])).all()
                timings[kind]["query"].append((time.perf_counter() - start) * 1000)
    return {kind: {part: summary(values) for part, values in parts.items()}
            for kind, parts in timings.items()}


def report(backend, results):
    print(f"\n{backend}: milliseconds, p50 / p95")
    print(f"{'token':<10} {'request':>16} {'lookup query':>16}")
    for kind in KINDS:
        r, q = results[kind]["request"], results[kind]["query"]
        print(f"{kind:<10} {r['p50']:>7.2f} / {r['p95']:<7.2f} {q['p50']:>7.3f} / {q['p95']:<7.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        backends = [("SQLite", "", None)]
        pg = postgres_schema()
        if pg:
            backends.append(("PostgreSQL", *pg))
        for name, url, drop in backends:
            app = make_app(Path(tmp) / name, url)
            try:
                tokens = fill(app, args.leads)
                report(f"{name}, {args.leads} leads, {args.rounds} rounds", measure(app, tokens, args.rounds))
            finally:
                app.extensions["db"].dispose()
                if drop:
                    drop()


if __name__ == "__main__":
    main()
