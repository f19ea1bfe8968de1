"""Desk staff revoke a lead's status link (the investor forwarded it, or asked): from then on the
link answers 404 like any unknown one. The lead page shows the button when this view exists."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..db import transaction, utcnow
from ..db.schema import lead_events, leads
from . import audit
from .access import staff_route
from .roles import allows


def workable(connection, lead_id):
    """The lead if the signed-in user works it (desk staff: their own desk's leads), else 404."""
    lead = connection.execute(sa.select(leads.c.id, leads.c.reference, leads.c.desk,
                                        leads.c.status_token_hash, leads.c.status_revoked_at)
                              .where(leads.c.id == lead_id)).first()
    if lead is None or not (allows(current_user.role, "leads.read-all") or lead.desk == current_user.desk):
        abort(404)
    return lead


def back_to(lead_id):
    """The lead page (another area's view), or the start page if it is not there."""
    if "staff.lead" in current_app.view_functions:
        return url_for("staff.lead", lead_id=lead_id)
    return url_for("staff.home")


@staff_route("/leads/<int:lead_id>/status-link/revoke", "leads.work", methods=("POST",))
def revoke_status_link(lead_id):
    now = utcnow()
    with transaction() as connection:
        lead = workable(connection, lead_id)
        if lead.status_token_hash is None or lead.status_revoked_at is not None:
            flash(_("This lead has no live status link."), "error")
            return redirect(back_to(lead_id), 303)
        connection.execute(leads.update().where(leads.c.id == lead_id)
                           .values(status_revoked_at=now, updated_at=now))
        connection.execute(lead_events.insert().values(lead_id=lead_id, at=now, user_id=current_user.id,
                                                       kind="status-link", old="live", new="revoked"))
        audit.record("lead.status-link-revoked", lead.reference, connection=connection)
    flash(_("The investor's status link is revoked: it now answers “page not found”."))
    return redirect(back_to(lead_id), 303)
