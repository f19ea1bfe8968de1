"""The suite's PostgreSQL connections stay within a small budget per pytest process.

The test server is shared: every xdist worker, and every ``portal serve`` a test starts, connects
to it, and a server has ``max_connections`` (100 by default). The suite's apps open at most two
connections each (``DATABASE_POOL_SIZE=2``, see ``tests.conftest.build_app``; fifty threads
sending at once wait their turn) and close them after each test (``lead_app``) or dispose their
engines. To keep it so, each pytest process names its connections
(``application_name``, carried by the URL to the processes it starts) and a thread counts them in
``pg_stat_activity`` every few milliseconds while the session runs; at the session's end the
peak must be within ``BUDGET``. A sampler can miss a peak shorter than its period: the check is a
floor on what was used, good enough to catch pools that keep connections (they stay open).
"""

import os
import threading

import sqlalchemy as sa

BUDGET = 8  # per pytest process: `pytest -n 8` then needs at most 64 of the server's 100
PERIOD_S = 0.02


def application_name():
    """This pytest process's name on the server: ``$PGAPPNAME`` (or portal-tests), then the xdist
    worker and the process id."""
    prefix = os.environ.get("PGAPPNAME") or "portal-tests"
    return f"{prefix}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"


class Peak:
    """Counts, in a thread of its own, this process's connections to the test server."""

    def __init__(self, server_url, name):
        self.name, self.peak, self.samples = name, 0, 0
        # Autocommit: within one transaction pg_stat_activity would answer the same snapshot.
        self.engine = sa.create_engine(server_url, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
        self.stop = threading.Event()
        # Sampling only while a PostgreSQL test runs: a query every PERIOD_S for the whole
        # session cost every other test of the process its share of the GIL (the suite took
        # twice as long).
        self.active = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        query = sa.text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
        with self.engine.connect() as connection:  # named otherwise: not counted
            while not self.stop.wait(PERIOD_S):
                if not self.active.wait(0.5):
                    continue
                count = connection.execute(query, {"name": self.name}).scalar()
                self.peak, self.samples = max(self.peak, count), self.samples + 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)
        self.engine.dispose()
