"""``portal serve`` on its own (no nginx in front) against request bodies that trickle in: pages
stay fast while 50 of them are open, and a body that does not arrive in time is answered 408 in
the visitor's language (the attack in issue 20: four such connections took every worker)."""

import socket
import time

import pytest

from portal.bodies import READERS

from .conftest import FIXTURE_CONTENT
from .publish.live import Server, environment
from .serve_clients import SlowBodies, fetch, p95, page_times

DEADLINE_S = 3
PAGE_P95_S = 0.100


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    env = environment(FIXTURE_CONTENT, folder / "instance", PORTAL_BODY_DEADLINE_SECONDS=str(DEADLINE_S))
    running = Server(env, folder / "serve.log", "--no-watch")
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.mark.slow
def test_pages_stay_fast_while_50_slow_bodies_are_open(server):
    for _ in range(5):
        fetch(server.port)  # the page cache keeps /zh/ from here on
    idle = page_times(server.port)
    with SlowBodies(server.port, count=50) as slow:
        time.sleep(0.5)  # every slow request has reached the application
        loaded = page_times(server.port)
        refused = refusals(slow, at_least=50 - 2 * READERS, within_s=2)
    assert p95(loaded) < PAGE_P95_S, \
        f"/zh/ p95 {p95(loaded) * 1000:.0f} ms with 50 slow bodies open (idle: {p95(idle) * 1000:.1f} ms)"
    # Two workers read READERS bodies each; the others were refused at once, not left waiting.
    assert refused >= 50 - 2 * READERS


def refusals(slow, at_least, within_s):
    """How many slow requests were answered 503, polled until ``at_least`` have been or
    ``within_s`` pass: on a loaded machine a worker's two spare threads answer its refusals one
    after another, each after ``READER_WAIT_S``, so the last can take a few hundred ms."""
    deadline = time.monotonic() + within_s
    while True:
        refused = sum(answer.startswith(b"HTTP/1.1 503") for answer in slow.answers())
        if refused >= at_least or time.monotonic() > deadline:
            return refused
        time.sleep(0.05)


def readers_come_back(port, within_s=15):
    """Whether a whole body is read again (not refused 503) within ``within_s``: the readers that
    slow clients held are freed once those clients hang up."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        answer = post(port, b"Content-Length: 5\r\n\r\n", b"a=b&c")
        if not answer.startswith(b"HTTP/1.1 503"):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_a_body_that_trickles_is_answered_408_in_the_visitors_language(server):
    # Another test's slow clients may have just hung up: their readers are freed, not lost.
    assert readers_come_back(server.port)
    with SlowBodies(server.port, count=1) as slow:
        connection = slow.sockets[0]
        connection.settimeout(DEADLINE_S + 10)
        started = time.monotonic()
        answer = connection.recv(65536)
        waited = time.monotonic() - started
        while b"</html>" not in answer and (chunk := connection.recv(65536)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert DEADLINE_S - 1 < waited < DEADLINE_S + 5
    page = answer.decode("utf-8", "replace")
    assert '<html lang="zh' in page and "首页" in page  # the site's error page, in Chinese
    assert "请求传输时间过长" in page and "未被保存" in page  # what happened, and that nothing was kept


def post(port, head, body):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"POST /zh/inquiry/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                           b"Content-Type: application/x-www-form-urlencoded\r\n" + head + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_that_arrives_in_time_reaches_the_form(server, chunked):
    """The form sees the body whole: a POST without the session cookie and most fields is
    answered by the form, showing back what was typed, not 408."""
    body = b"name=" + "张伟".encode() + b"&consent=y"
    if chunked:
        answer = post(server.port, b"Transfer-Encoding: chunked\r\n\r\n",
                      b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
    else:
        answer = post(server.port, f"Content-Length: {len(body)}\r\n\r\n".encode(), body)
    assert not answer.startswith(b"HTTP/1.1 408"), answer[:300]
    assert 'value="张伟"' in answer.decode("utf-8", "replace")  # the form shows back what it received

