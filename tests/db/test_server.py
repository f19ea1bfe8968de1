"""The production server (``portal serve``, several worker processes) on one database: fifty
simultaneous inquiries are all stored, and rate limits hold across the workers."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ..conftest import FIXTURE_CONTENT
from ..lead_helpers import GOOD, HIDDEN, free_port, postgres_schema_url

PORTAL = Path(sys.executable).with_name("portal")
WORKERS = 3


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def server(tmp_path, database_url):
    drop = None
    if database_url:  # a schema of its own: the count of messages below must be exact
        database_url, drop = postgres_schema_url()
    port = free_port()
    env = {**os.environ, "PORTAL_INSTANCE_DIR": str(tmp_path / "instance"),
           "PORTAL_CONTENT_DIR": str(FIXTURE_CONTENT), "PORTAL_DATABASE_URL": database_url,
           "PORTAL_INQUIRY_MIN_FILL_SECONDS": "0", "PORTAL_INQUIRY_LIMIT_PER_CONTACT": "1000 per day",
           "PORTAL_INQUIRY_LIMIT_PER_ADDRESS": "60 per hour",
           "PORTAL_DATABASE_POOL_SIZE": "2"}  # 3 workers × 2: within tests.pg_budget, requests wait
    subprocess.run([PORTAL, "db", "upgrade"], env=env, check=True, capture_output=True)
    process = subprocess.Popen([PORTAL, "serve", "--port", str(port), "--workers", str(WORKERS)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("portal serve did not start") from None
                time.sleep(0.2)
        yield base, env
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        if drop:
            drop()


def open_form(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    with opener.open(base + "/zh/inquiry/") as response:
        hidden = dict(HIDDEN.findall(response.read().decode()))
    return opener, hidden


def post(opener, base, hidden, n):
    data = urllib.parse.urlencode({**hidden, **GOOD, "email": f"investor{n}@example.com",
                                   "phone": ""}).encode()
    try:
        with opener.open(base + "/zh/inquiry/", data=data, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_50_simultaneous_inquiries_across_worker_processes(server):
    base, env = server
    forms = [open_form(base) for _ in range(50)]
    go = threading.Barrier(len(forms))
    statuses = []

    def send(n, form):
        go.wait()
        statuses.append(post(form[0], base, form[1], n))

    threads = [threading.Thread(target=send, args=(n, form)) for n, form in enumerate(forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [303] * 50
    # The per-address limit (60 an hour) is shared by the workers: the 61st is refused.
    extra = []
    for n in range(50, 61):
        opener, hidden = open_form(base)
        extra.append(post(opener, base, hidden, n))
    assert extra.count(303) == 10 and extra[-1] == 429
    references = subprocess.run([PORTAL, "outbox", "status"], env=env, capture_output=True, text=True)
    assert re.search(r"120 pending", references.stdout), references.stdout  # 60 leads × 2 messages
