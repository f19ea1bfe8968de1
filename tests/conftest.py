"""Fixtures: the app built through the factory on a small content tree, its client and runner.

``app`` (and ``client``) use the fixture tree read-only and are shared by the session, because
building an app costs a tenth of a second. Tests that edit content, reload it or write to the
instance folder build their own with ``make_app`` on a copy made by ``content_copy``.
"""

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from portal import create_app

TESTS = Path(__file__).resolve().parent
FIXTURE_CONTENT = TESTS / "fixtures" / "content"
SAMPLE_CONTENT = TESTS.parent / "content"


class Client(FlaskClient):
    """A test client for which any 5xx answer fails the test: visitors never get a 500."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # read file responses whole, so files get closed
        response = super().open(*args, **kwargs)
        assert response.status_code < 500, (
            f"{response.request.method} {response.request.url} answered {response.status}"
        )
        return response


def build_app(content_dir, instance_dir, **config):
    app = create_app({
        "TESTING": True, "INSTANCE_DIR": str(instance_dir), "CONTENT_DIR": str(content_dir),
        "DATABASE_POOL_SIZE": 2,  # PostgreSQL connections at most, per app (tests.pg_budget)
        **config,
    })
    app.test_client_class = Client
    return app


@pytest.fixture(scope="session", autouse=True)
def clean_environment():
    """The developer's own ``PORTAL_*`` settings must not change what the tests see."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("PORTAL_") and name != "PORTAL_REQUIRE_ALL":
                mp.delenv(name)
        yield


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app on the fixture content tree (read-only: do not reload or edit)."""
    return build_app(FIXTURE_CONTENT, tmp_path_factory.mktemp("instance"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def sample_app(tmp_path_factory):
    """The app on the shipped sample content in ``content/``."""
    return build_app(SAMPLE_CONTENT, tmp_path_factory.mktemp("sample-instance"))


@pytest.fixture
def sample_client(sample_app):
    return sample_app.test_client()


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of the fixture tree, to break or edit."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def make_app(tmp_path):
    """Build an app on ``content_dir`` with its own instance folder."""
    count = 0

    def make(content_dir, **config):
        nonlocal count
        count += 1
        return build_app(content_dir, tmp_path / f"instance-{count}", **config)

    return make


@pytest.fixture(scope="session")
def browser():
    """The session's one Chromium (Debian's; Playwright's sync API allows one per process, so
    every suite that needs a browser opens its pages in this one)."""
    from .quality.components import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
