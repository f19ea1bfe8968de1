"""PORTAL_DATABASE_POOL_SIZE: the most PostgreSQL connections one process opens at once (up to 5
of them kept between uses); one more use waits for a connection instead of opening another."""

import threading

import pytest
import sqlalchemy as sa

from portal.db import create_engine

from ..lead_helpers import postgres_url  # noqa: F401  (fixture)


@pytest.mark.parametrize(("size", "kept"), [(2, 2), (7, 5)])
def test_at_most_the_size_is_open_and_five_are_kept(postgres_url, size, kept):  # noqa: F811
    engine = create_engine(postgres_url, size)
    held = [engine.connect() for _ in range(size)]
    got = threading.Event()
    waiting = threading.Thread(target=lambda: (engine.connect().close(), got.set()), daemon=True)
    try:
        waiting.start()
        assert not got.wait(0.5)  # one more waits: no connection beyond the size is opened
        assert engine.pool.checkedout() == size
        held.pop().close()
        assert got.wait(10)  # and gets the one given back
    finally:
        for connection in held:
            connection.close()
        waiting.join(timeout=10)
    assert engine.pool.checkedin() == kept  # kept open between uses; the others closed
    engine.dispose()


def test_size_0_keeps_no_connection(postgres_url):  # noqa: F811
    engine = create_engine(postgres_url, 0)
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    assert isinstance(engine.pool, sa.pool.NullPool)
    engine.dispose()
