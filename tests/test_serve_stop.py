"""Stopping ``portal serve`` (with its publish watcher) the ways it is stopped: systemd's SIGTERM
to every process of the unit (KillMode=control-group, the default), a SIGTERM to the main process
only (``kill``, KillMode=mixed), Ctrl-C (SIGINT to the terminal's process group), and a stop while
50 slow request bodies are open. Each ends within seconds with status 0 (what systemd counts as
success), no worker killed, every process it started gone and the port free."""

import os
import signal
import time

import pytest

from portal.ports import PortInUse, check_free

from .conftest import FIXTURE_CONTENT
from .publish.live import Server, environment, wait_for
from .serve_clients import SlowBodies, children, fetch, running

STOPPED_WITHIN_S = 8  # a worker's grace for requests in progress (3 s), and the rest
REFUSED = ("Killing worker", "refused to gracefully stop", "Traceback")


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    return tmp_path_factory.mktemp("serve-stop") / "instance"  # published once, for every start


@pytest.fixture
def server(instance, tmp_path):
    running_server = Server(environment(FIXTURE_CONTENT, instance), tmp_path / "serve.log")
    try:
        yield running_server.start()
    finally:
        running_server.stop()  # Ctrl-C, then SIGKILL, if a test left it running


def stop(server, signum, group):
    """Send ``signum`` as systemd or a terminal would; ``(status, seconds, processes it had)``."""
    wait_for(lambda: len(children(server.process.pid)) >= 3, 60, "two workers and the watcher")
    started_processes = children(server.process.pid)
    started = time.monotonic()
    (os.killpg if group else os.kill)(server.process.pid, signum)
    status = server.process.wait(timeout=30)
    return status, time.monotonic() - started, started_processes


def assert_clean(server, status, seconds, processes):
    log = server.text()
    assert status == 0, log
    assert seconds < STOPPED_WITHIN_S, f"stopped after {seconds:.1f} s"
    assert not [line for line in log.splitlines() if any(r in line for r in REFUSED)], log
    time.sleep(0.2)
    assert [pid for pid in processes if running(pid)] == []  # workers and watcher gone
    try:
        check_free("127.0.0.1", server.port)
    except PortInUse:
        pytest.fail(f"port {server.port} still in use after the stop")


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "group"), [
    (signal.SIGTERM, True),  # systemctl stop, KillMode=control-group
    (signal.SIGTERM, False),  # kill PID, or KillMode=mixed
    (signal.SIGINT, True),  # Ctrl-C in the terminal
], ids=["systemd", "kill", "ctrl-c"])
def test_a_stop_is_clean(server, signum, group):
    assert fetch(server.port)[0].endswith("200 OK")
    assert_clean(server, *stop(server, signum, group))


@pytest.mark.slow
def test_a_stop_with_50_slow_bodies_open_is_clean(server):
    with SlowBodies(server.port, count=50):
        time.sleep(1)
        result = stop(server, signal.SIGTERM, True)
    assert_clean(server, *result)
