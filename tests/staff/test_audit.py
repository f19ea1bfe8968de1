"""The audit log is append-only in the database itself, and kept at least 180 days."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal import audit
from portal.db import transaction, utcnow
from portal.db.schema import audit_log

from .helpers import audit_rows


def test_rows_cannot_be_changed_or_deleted_while_young(staff_app):
    app = staff_app()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.1"}):
        audit.record("lead.viewed", "QL-2026-000001", user=(7, "li.na"))
    row = audit_rows(app)[0]
    assert (row.user_name, row.address, row.event, row.object, row.result) == (
        "li.na", "192.0.2.1", "lead.viewed", "QL-2026-000001", "ok")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with transaction(app) as connection:
            connection.execute(audit_log.update().values(result="denied"))
    with pytest.raises(sa.exc.DBAPIError, match="180 days"):
        with transaction(app) as connection:
            connection.execute(audit_log.delete())
    assert len(audit_rows(app)) == 1


def test_pruning_removes_only_rows_older_than_the_retention(staff_app):
    app = staff_app(AUDIT_RETENTION_DAYS=30)  # below the floor: 180 days are kept anyway
    now = utcnow()
    with transaction(app) as connection:
        for days in (400, 200, 179, 1):
            connection.execute(audit_log.insert().values(
                at=now - timedelta(days=days), event=f"old-{days}", result="ok"))
    with app.app_context():
        assert audit.prune(app.config["AUDIT_RETENTION_DAYS"]) == 2
    assert [r.event for r in audit_rows(app)] == ["old-179", "old-1"]
    with app.app_context():
        assert audit.prune(365, now=now) == 0
