"""Apps on the sample content (its partner desks are real) on each database, built once per run:
they share the published generation of the session's ``sample_app`` instead of publishing the
sample content (photos included) again for every test."""

import pytest

from portal.db import transaction
from portal.db.schema import partner_links

from ..conftest import SAMPLE_CONTENT, build_app
from ..lead_helpers import (  # noqa: F401
    TEST_CONFIG,
    app_cache,
    database_url,
    empty_tables,
    lead_app,
    mailbox,
    postgres_url,
    smtp,
)
from ..staff.helpers import staff_app  # noqa: F401


@pytest.fixture(scope="session")
def sample_lead_apps():
    apps = {}
    yield apps
    for app in apps.values():
        app.extensions["db"].dispose()


@pytest.fixture
def sample_lead_app(sample_app, database_url, sample_lead_apps, tmp_path_factory):  # noqa: F811
    """The sample content on the parametrized database, every lead, account and link removed."""
    if database_url not in sample_lead_apps:
        url = database_url or f"sqlite:///{tmp_path_factory.mktemp('partners-db')}/leads.sqlite3"
        sample_lead_apps[database_url] = build_app(SAMPLE_CONTENT, sample_app.instance_path,
                                                   DATABASE_URL=url, **TEST_CONFIG)
    app = sample_lead_apps[database_url]
    empty_tables(app)
    with transaction(app) as connection:
        connection.execute(partner_links.delete())
    yield app
    app.extensions["db"].release()  # no connection kept open between tests (tests.pg_budget)
