"""A live server on 127.0.0.1 running the real app on the sample content (the browser is the
session's one, in tests/conftest.py)."""

import threading

import pytest
from werkzeug.serving import make_server

from portal import create_app

from .pages import GATE_SECRET


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    return create_app({"TESTING": True, "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
                       "SECRET_KEY": GATE_SECRET})


@pytest.fixture(scope="session")
def live_server(live_app):
    """Base URL of the app served by a threaded WSGI server on a free loopback port."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)

