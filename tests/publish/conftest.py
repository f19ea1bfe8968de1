"""Publishing tests: an app on a private content copy, restarted on the same instance folder."""

import pytest

from ..conftest import build_app


@pytest.fixture
def site(content_copy, tmp_path):
    """``site()`` builds an app on the content copy and one instance folder: a second call is
    a restart of the same site (it reads the published generation, as a new process would)."""

    def start():
        return build_app(content_copy, tmp_path / "instance")

    return start
