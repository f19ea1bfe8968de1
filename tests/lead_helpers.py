"""Real components for the lead pipeline: a database (SQLite file or a private PostgreSQL
schema), an SMTP server in-process (aiosmtpd), and a visitor who fills in the form.

The conftest of each test folder imports the fixtures it needs from here.
"""

import asyncio
import email
import os
import re
import socket
import threading
import time
import uuid
from email.policy import default as default_policy

import pytest
import sqlalchemy as sa

from portal.db import engine, transaction
from portal.db.schema import (
    audit_log,
    content_revisions,
    feedback,
    funds,
    lead_events,
    leads,
    outbox,
    rate_hits,
    search_misses,
    staff_sessions,
    staff_users,
    targets,
)

from .conftest import FIXTURE_CONTENT, build_app
from .pg_budget import BUDGET, Peak, application_name
from .quality.components import require

PG_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BACKENDS = ["sqlite", "postgresql"]
PG_APPLICATION = application_name()  # this process's connections, counted against pg_budget.BUDGET


def reachable(url, default_port):
    parts = sa.make_url(url)
    try:
        with socket.create_connection((parts.host or "127.0.0.1", parts.port or default_port), 1):
            return True
    except OSError:
        return False


def require_postgres():
    require(reachable(PG_SERVER, 5432), f"PostgreSQL not reachable at {PG_SERVER} "
            "(apt-get install postgresql; CI starts it)")


def require_redis():
    require(reachable(REDIS_URL, 6379), f"Redis not reachable at {REDIS_URL} (apt-get install redis-server)")
    try:
        import redis  # noqa: F401
    except ImportError:
        require(False, "Python package redis not installed")


def named(url):
    """``url`` with this process's application_name: its connections, and those of the
    processes a test starts with it, are counted in the connection budget."""
    return sa.make_url(url).update_query_dict({"application_name": PG_APPLICATION})


def postgres_schema_url():
    """A fresh schema on the test server; return (url using it, drop function)."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(named(PG_SERVER), poolclass=sa.pool.NullPool)  # no connection kept
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = named(PG_SERVER).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop():
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


SAMPLERS = []  # the session's count of this process's connections, while PostgreSQL is in use


@pytest.fixture(scope="session")
def postgres_url():
    """One private schema on the test server for the whole run, dropped at the end. Meanwhile
    this process's connections are counted (``tests.pg_budget``)."""
    require_postgres()
    with Peak(PG_SERVER, PG_APPLICATION) as peak:
        SAMPLERS.append(peak)
        url, drop = postgres_schema_url()
        yield url
        drop()
        SAMPLERS.clear()


@pytest.fixture(params=BACKENDS)
def database_url(request):
    """``""`` (the default SQLite file in the app's instance folder) or the private PG schema; a
    test on PostgreSQL fails if its process had more than ``BUDGET`` connections open at once."""
    if request.param == "sqlite":
        yield ""
        return
    url = request.getfixturevalue("postgres_url")
    peak = SAMPLERS[0]
    peak.peak = 0
    peak.active.set()
    try:
        yield url
    finally:
        peak.active.clear()
    assert peak.peak <= BUDGET, (f"{peak.peak} PostgreSQL connections open at once in this test's "
                                 f"process, over the budget of {BUDGET}: test apps open at most "
                                 "DATABASE_POOL_SIZE=2 each; close or dispose their engines")


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts; ``delay`` makes it a slow server."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.received = []  # (envelope recipients, parsed message)
        self.raw = []  # the bytes as they arrived
        self.on_data = None
        self.refuse = set()  # recipients answered with 550
        self.defer = False  # answer every message with 451
        self.arrived = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.defer:
            return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=default_policy)
        with self.arrived:
            self.raw.append(envelope.original_content or envelope.content)
            self.received.append((list(envelope.rcpt_tos), message))
            self.arrived.notify_all()
        if self.on_data:
            self.on_data(message)
        return "250 OK"

    def wait_for(self, count, timeout=10):
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.received) >= count, timeout)

    def to(self, address):
        return [m for rcpts, m in self.received if address in rcpts]

    def message_ids(self):
        return [m["Message-ID"] for _, m in self.received]


class SmtpServer:
    """aiosmtpd on a free loopback port; ``stop()`` and ``start()`` take it down and back."""

    def __init__(self, handler, port=None):
        from aiosmtpd.controller import Controller

        self.handler = handler
        self.port = port or free_port()
        self.controller = Controller(handler, hostname="127.0.0.1", port=self.port,
                                     data_size_limit=1024 * 1024, ready_timeout=10)
        self.running = False

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller.start()
        self.running = True

    def stop(self):
        if self.running:
            self.controller.stop()
            self.running = False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mailbox():
    return Mailbox()


@pytest.fixture
def smtp(mailbox):
    server = SmtpServer(mailbox)
    server.start()
    yield server
    server.stop()


TEST_CONFIG = {
    "INQUIRY_MIN_FILL_SECONDS": 0, "OUTBOX_RETRY_SECONDS": 0, "SMTP_TIMEOUT": 5,
    "INQUIRY_LIMIT_PER_ADDRESS": "1000 per hour", "INQUIRY_LIMIT_PER_CONTACT": "1000 per day",
}


@pytest.fixture(scope="session")
def app_cache():
    """Apps on the fixture content, one per database and configuration, reused by many tests:
    building an app (content, search index, migrations) costs more than a test."""
    cache = {}
    yield cache
    for app in cache.values():
        app.extensions["db"].dispose()


TABLES = (feedback, funds, lead_events, rate_hits, outbox, leads, targets, content_revisions, staff_sessions,
          staff_users, search_misses)


def empty_tables(app):
    """Remove every lead, message, account, audit row and rate-limit hit; numbering starts again."""
    with transaction(app) as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(t.name for t in (*TABLES, audit_log))
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")  # no row triggers
        else:
            for table in TABLES:
                connection.execute(table.delete())
            # The audit log refuses deletes of young rows: the test drops its guard for a moment.
            connection.exec_driver_sql("DROP TRIGGER audit_log_keep")
            connection.execute(audit_log.delete())
            connection.exec_driver_sql(sqlite_trigger("audit_log_keep"))


def sqlite_trigger(name):
    import importlib.util

    from portal.db.migrate import MIGRATIONS

    spec = importlib.util.spec_from_file_location("m0002", MIGRATIONS / "versions" / "0002_back_office.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return next(t for t in module.SQLITE_TRIGGERS if f"TRIGGER {name} " in t)


@pytest.fixture
def lead_app(tmp_path, tmp_path_factory, database_url, app_cache):
    """``make(content_dir=FIXTURE_CONTENT, **config)``: an app on the parametrized database,
    its tables empty. Apps on the fixture content are shared between tests (their configuration
    is restored afterwards); apps on another content folder are built for the test alone."""
    used, own = [], []

    def make(content_dir=FIXTURE_CONTENT, **config):
        config = {**TEST_CONFIG, **config}
        if content_dir != FIXTURE_CONTENT:
            app = build_app(content_dir, tmp_path / f"instance-{len(own)}", DATABASE_URL=database_url,
                            **config)
            own.append(app)
        else:
            key = (database_url, tuple(sorted(config.items())))
            if key not in app_cache:
                app_cache[key] = build_app(content_dir, tmp_path_factory.mktemp("lead-app"),
                                           DATABASE_URL=database_url, **config)
            app = app_cache[key]
            used.append((app, dict(app.config)))
        empty_tables(app)
        return app

    yield make
    for app, config in used:
        app.config.clear()
        app.config.update(config)
        app.extensions["db"].release()  # a cached app keeps no connection open between tests
    for app in own:
        app.extensions["db"].dispose()


HIDDEN = re.compile(r'<input id="(csrf_token|form_token|source|ref)" name="\w+" type="hidden" '
                    r'value="([^"]*)"')
GOOD = {"name": "张伟", "company": "深圳锰业科技有限公司", "email": "zhang.wei@example.com",
        "phone": "138 0013 8000", "consent": "y"}


class Visitor:
    """A visitor with a browser session: opens the form, fills it in, sends it."""

    def __init__(self, app, lang="en", **headers):
        self.app = app
        self.client = app.test_client()
        self.lang = lang
        self.headers = headers

    def open(self, query=""):
        response = self.client.get(f"/{self.lang}/inquiry/{query}", headers=self.headers)
        assert response.status_code == 200
        self.hidden = dict(HIDDEN.findall(response.get_data(as_text=True)))
        return response

    def send(self, answers=None, query="", **more):
        """POST the form just opened (opening it first if needed) with ``GOOD`` + answers."""
        if not getattr(self, "hidden", None):
            self.open(query)
        data = {**self.hidden, **GOOD, **(answers or {}), **more}
        data = {k: v for k, v in data.items() if v is not None}
        return self.client.post(f"/{self.lang}/inquiry/{query}", data=data, headers=self.headers)

    def submit(self, answers=None, query="", **more):
        """Send and follow the redirect; return the thank-you page response."""
        response = self.send(answers, query, **more)
        assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
        return self.client.get(response.headers["Location"])


def stored_leads(app):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(leads).order_by(leads.c.id)).all()


def outbox_rows(app):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(outbox).order_by(outbox.c.id)).all()


def wait_until(predicate, timeout=10, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
