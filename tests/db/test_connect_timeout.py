"""A PostgreSQL host that accepts the connection and then says nothing (a hung server, a proxy in
front of a dead one) fails a connection within seconds, so the inquiry form can keep the inquiry
in the spool instead of leaving the visitor waiting for minutes."""

import socket
import threading
import time

import pytest
import sqlalchemy as sa

from portal.db import PG_CONNECT_TIMEOUT_S, create_engine
from portal.spool import unreachable


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers them."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for connection in accepted:
            connection.close()
        listener.close()


@pytest.mark.parametrize("pool_size", [None, 0, 2])
def test_a_silent_server_fails_the_connection_within_the_timeout(silent_server, pool_size):
    engine = create_engine(f"postgresql+psycopg://portal@127.0.0.1:{silent_server}/portal", pool_size)
    started = time.monotonic()
    with pytest.raises(sa.exc.OperationalError) as failure:
        with engine.connect():
            pass
    waited = time.monotonic() - started
    engine.dispose()
    assert PG_CONNECT_TIMEOUT_S - 1 < waited < PG_CONNECT_TIMEOUT_S + 5
    assert unreachable(failure.value)  # the form spools the inquiry rather than answering 500


def test_the_urls_own_connect_timeout_wins(silent_server):
    engine = create_engine(f"postgresql+psycopg://portal@127.0.0.1:{silent_server}/portal?connect_timeout=2")
    started = time.monotonic()
    with pytest.raises(sa.exc.OperationalError):
        with engine.connect():
            pass
    engine.dispose()
    assert time.monotonic() - started < PG_CONNECT_TIMEOUT_S - 1
