"""Revoking an investor's status link: desk staff of the lead's desk only, an event, an audit row,
and the link then answers like an unknown one."""

import pytest
import sqlalchemy as sa

from portal.db import engine
from portal.db.schema import lead_events, leads

from ..status.helpers import lead_with_link
from .helpers import Staff, add_user, audit_rows


def revoke_url(lead_id):
    return f"/staff/leads/{lead_id}/status-link/revoke"


def lead_row(app, lead_id):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(leads).where(leads.c.id == lead_id)).first()


def events(app, lead_id):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(lead_events).where(lead_events.c.lead_id == lead_id)).all()


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_desk_staff_revoke_their_desks_link(staff_app, lang):
    app = staff_app()
    add_user(app, "li.na", "desk", desk="agri-team")
    lead_id, token = lead_with_link(app, desk="agri-team")
    assert app.test_client().get(f"/en/status/{token}/").status_code == 200
    staff = Staff(app, "li.na", lang=lang)
    staff.login()
    staff.get("/staff/password")  # any page, for the CSRF token
    response = staff.post(revoke_url(lead_id))
    assert response.status_code == 303
    assert lead_row(app, lead_id).status_revoked_at is not None
    [event] = events(app, lead_id)
    assert (event.kind, event.new) == ("status-link", "revoked") and event.user_id is not None
    [row] = audit_rows(app, "lead.status-link-revoked")
    assert row.object == f"QL-2026-{lead_id:06d}" and row.user_name == "li.na"
    assert app.test_client().get(f"/en/status/{token}/").status_code == 404
    again = staff.post(revoke_url(lead_id))  # twice: a message, no second event
    assert again.status_code == 303 and len(events(app, lead_id)) == 1


@pytest.mark.parametrize("who, role, desk", [("wang.other", "desk", "materials-team"),
                                             ("zhao.leader", "leader", None),
                                             ("admin.a", "admin", None)])
def test_others_cannot_revoke(staff_app, who, role, desk):
    app = staff_app()
    add_user(app, who, role, desk=desk)
    lead_id, token = lead_with_link(app, desk="agri-team")
    staff = Staff(app, who)
    staff.login()
    staff.get("/staff/password")
    response = staff.post(revoke_url(lead_id))
    assert response.status_code == (404 if role == "desk" else 403)  # another desk's lead looks unknown
    assert lead_row(app, lead_id).status_revoked_at is None
    assert app.test_client().get(f"/en/status/{token}/").status_code == 200


def test_unknown_lead_and_missing_csrf(staff_app):
    app = staff_app()
    add_user(app, "li.na", "desk", desk="agri-team")
    lead_id, _ = lead_with_link(app, desk="agri-team")
    staff = Staff(app, "li.na")
    staff.login()
    staff.get("/staff/password")
    assert staff.post(revoke_url(lead_id + 100)).status_code == 404
    assert staff.post(revoke_url(lead_id), csrf=False).status_code in (400, 403)
    assert lead_row(app, lead_id).status_revoked_at is None
