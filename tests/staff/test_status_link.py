"""The investor's status link, on its own page behind the lead page: desk staff of the lead's desk
revoke it only after typing the lead's reference, or send the investor a new one by mail through
the outbox (the old one then answers like an unknown one); each is an event and an audit row."""

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from portal.db import engine
from portal.db.schema import lead_events, leads
from portal.outbox import send_due

from ..lead_helpers import Visitor, outbox_rows, stored_leads
from ..status.helpers import lead_with_link
from .helpers import Staff, add_user, audit_rows

LINK = re.compile(r"https?://[^/\s]+(/[\w-]+/status/[\w-]+/)")


def page_url(lead_id):
    return f"/staff/leads/{lead_id}/status-link/"


def revoke_url(lead_id):
    return f"/staff/leads/{lead_id}/status-link/revoke"


def new_url(lead_id):
    return f"/staff/leads/{lead_id}/status-link/new"


def lead_row(app, lead_id):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(leads).where(leads.c.id == lead_id)).first()


def events(app, lead_id):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(lead_events).where(lead_events.c.lead_id == lead_id)
                                  .order_by(lead_events.c.id)).all()


def desk_staff(app, lang="en"):
    add_user(app, "li.na", "desk", desk="agri-team")
    staff = Staff(app, "li.na", lang=lang)
    staff.login()
    return staff


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_revoking_asks_for_the_reference_first(staff_app, lang):
    app = staff_app()
    lead_id, token = lead_with_link(app, desk="agri-team")
    reference = f"QL-2026-{lead_id:06d}"
    staff = desk_staff(app, lang)
    page = staff.get(page_url(lead_id))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'action="{revoke_url(lead_id)}#revoke-title"' in html and 'class="button-danger"' in html
    for typed in ("", "QL-2026-999999"):  # nothing, or another lead's reference: nothing happens
        refused = staff.post(revoke_url(lead_id), {"confirm": typed})
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        assert 'role="alert"' in html and 'id="revoke-confirm-error"' in html  # at the top and at the field
        assert lead_row(app, lead_id).status_revoked_at is None
    assert app.test_client().get(f"/en/status/{token}/").status_code == 200
    # Typed as a phone types it: full-width, lower case.
    typed = reference.lower().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-ql"})
    response = staff.post(revoke_url(lead_id), {"confirm": f" {typed} "})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/staff/leads/{lead_id}/#top")  # the message shows there
    assert lead_row(app, lead_id).status_revoked_at is not None
    [event] = events(app, lead_id)
    assert (event.kind, event.old, event.new) == ("status-link", "live", "revoked") and event.user_id
    [row] = audit_rows(app, "lead.status-link-revoked")
    assert row.object == reference and row.user_name == "li.na"
    assert app.test_client().get(f"/en/status/{token}/").status_code == 404
    again = staff.post(revoke_url(lead_id), {"confirm": reference})  # twice: a message, no second event
    assert again.status_code == 303 and len(events(app, lead_id)) == 1


@pytest.mark.parametrize("lang", ("zh-hant", "en"))
def test_a_new_link_is_mailed_to_the_investor_and_ends_the_old_one(staff_app, smtp, mailbox, lang):
    app = staff_app(SMTP_URL=smtp.url)
    Visitor(app, lang).submit({"industry": "agriculture", "message": "富硒茶加工廠選址，需要標準廠房"})
    [lead] = stored_leads(app)
    send_due(app)
    [acknowledgement] = mailbox.to("zhang.wei@example.com")
    old = LINK.search(acknowledgement.get_content()).group(1)
    visitor = app.test_client()
    assert visitor.get(old).status_code == 200
    add_user(app, "li.na", "desk", desk=lead.desk)
    staff = Staff(app, "li.na")
    staff.login()
    staff.get(page_url(lead.id))
    response = staff.post(new_url(lead.id))
    assert response.status_code == 303
    assert "the old link no longer works" in staff.get(response.headers["Location"]).get_data(as_text=True)
    assert visitor.get(old).status_code == 404
    queued = [m for m in outbox_rows(app) if m.kind == "status-link"]
    assert [(m.recipient, m.status) for m in queued] == [("zhang.wei@example.com", "pending")]
    assert send_due(app).sent == 1
    [_, mail] = mailbox.to("zhang.wei@example.com")
    assert lead.reference in mail["Subject"]
    new = LINK.search(mail.get_content()).group(1)
    assert new != old and new.startswith(f"/{lang}/status/") and visitor.get(new).status_code == 200
    assert new.split("/")[-2] not in queued[0].body  # it waited in the outbox sealed
    [event] = [e for e in events(app, lead.id) if e.kind == "status-link"]
    assert (event.old, event.new) == ("live", "renewed")
    [row] = audit_rows(app, "lead.status-link-renewed")
    assert row.object == lead.reference and row.user_name == "li.na"
    html = staff.get(f"/staff/leads/{lead.id}/").get_data(as_text=True)
    assert "new status link to the investor" in html and "new link sent" in html


def test_a_revoked_link_can_be_replaced(staff_app):
    app = staff_app()
    lead_id, token = lead_with_link(app, desk="agri-team")
    staff = desk_staff(app)
    staff.get(page_url(lead_id))
    staff.post(revoke_url(lead_id), {"confirm": f"QL-2026-{lead_id:06d}"})
    html = staff.get(page_url(lead_id)).get_data(as_text=True)
    assert revoke_url(lead_id) not in html and new_url(lead_id) in html
    assert staff.post(new_url(lead_id)).status_code == 303
    row = lead_row(app, lead_id)
    assert row.status_revoked_at is None and row.status_token_hash is not None
    assert [(e.old, e.new) for e in events(app, lead_id)] == [("live", "revoked"), ("revoked", "renewed")]
    assert app.test_client().get(f"/en/status/{token}/").status_code == 404


def test_no_new_link_for_an_erased_lead(staff_app):
    app = staff_app()
    lead_id, _ = lead_with_link(app, desk="agri-team", email=None, erased_at=datetime.now(UTC))
    staff = desk_staff(app)
    html = staff.get(page_url(lead_id)).get_data(as_text=True)
    assert new_url(lead_id) not in html
    assert staff.post(new_url(lead_id)).status_code == 303
    assert [m for m in outbox_rows(app) if m.kind == "status-link"] == [] and events(app, lead_id) == []


@pytest.mark.parametrize("who, role, desk", [("wang.other", "desk", "materials-team"),
                                             ("zhao.leader", "leader", None),
                                             ("admin.a", "admin", None)])
def test_others_cannot_revoke_or_renew(staff_app, who, role, desk):
    app = staff_app()
    add_user(app, who, role, desk=desk)
    lead_id, token = lead_with_link(app, desk="agri-team")
    staff = Staff(app, who)
    staff.login()
    staff.get("/staff/password")
    expected = 404 if role == "desk" else 403  # another desk's lead looks unknown
    assert staff.get(page_url(lead_id)).status_code == expected
    assert staff.post(revoke_url(lead_id), {"confirm": f"QL-2026-{lead_id:06d}"}).status_code == expected
    assert staff.post(new_url(lead_id)).status_code == expected
    assert lead_row(app, lead_id).status_revoked_at is None
    assert app.test_client().get(f"/en/status/{token}/").status_code == 200
    assert outbox_rows(app) == []


def test_unknown_lead_and_missing_csrf(staff_app):
    app = staff_app()
    lead_id, _ = lead_with_link(app, desk="agri-team")
    staff = desk_staff(app)
    staff.get("/staff/password")
    assert staff.post(revoke_url(lead_id + 100), {"confirm": "x"}).status_code == 404
    assert staff.post(new_url(lead_id + 100)).status_code == 404
    confirmed = {"confirm": f"QL-2026-{lead_id:06d}"}
    assert staff.post(revoke_url(lead_id), confirmed, csrf=False).status_code in (400, 403)
    assert staff.post(new_url(lead_id), csrf=False).status_code in (400, 403)
    assert lead_row(app, lead_id).status_revoked_at is None
