"""A live server on 127.0.0.1 running the real app on the sample content (the browser is the
session's one, in tests/conftest.py)."""


import pytest

from portal import create_app

from ..helpers import serving
from .pages import GATE_SECRET


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    return create_app({"TESTING": True, "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
                       "SECRET_KEY": GATE_SECRET})


@pytest.fixture(scope="session")
def live_server(live_app):
    """Base URL of the app served by a threaded WSGI server on a free loopback port."""
    with serving(live_app) as url:
        yield url

