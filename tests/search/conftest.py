"""The search tests' content: the fixture tree plus a few bundles made for search (``content/``).

``search_app`` is shared by the session and only read; tests that rebuild, break or edit build
their own app on ``search_copy``.
"""

import shutil

import pytest

from ..conftest import FIXTURE_CONTENT, TESTS, build_app

EXTRA = TESTS / "search" / "content"


def search_tree(target):
    shutil.copytree(FIXTURE_CONTENT, target)
    shutil.copytree(EXTRA, target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="session")
def search_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    return build_app(search_tree(root / "content"), root / "instance")


@pytest.fixture
def search_client(search_app):
    return search_app.test_client()


@pytest.fixture
def search_copy(tmp_path):
    """A private copy of the search content, to edit."""
    return search_tree(tmp_path / "search-content")
