"""The investor's status link, from its own page behind the lead page: desk staff of the lead's
desk revoke it (the investor passed it on, or asked) after typing the lead's reference, or send
the investor a new one by mail through the outbox, which ends the old one. A revoked link
answers 404 like any unknown one. Both are lead events and audited."""

import unicodedata

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from .. import audit
from ..content import get_content
from ..db import engine, transaction, utcnow
from ..db.schema import lead_events, leads
from ..leads.tokens import new_token, token_hash
from ..outbox import queue_status_link
from .access import staff_route
from .roles import allows

LIVE, REVOKED, NONE, RENEWED = "live", "revoked", "none", "renewed"


class RevokeForm(FlaskForm):
    class Meta:
        csrf = False  # the staff guard checks every POST's token already

    confirm = StringField(_l("Type the lead's reference to confirm"), id="revoke-confirm",
                          validators=[InputRequired(message=_l("Type the lead's reference to confirm.")),
                                      Length(max=40)])


def typed(text):
    """A reference as staff may type it: full-width characters, lower case, spaces around."""
    return unicodedata.normalize("NFKC", text or "").strip().upper()


def workable(connection, lead_id):
    """The lead if the signed-in user works it (desk staff: their own desk's leads), else 404."""
    lead = connection.execute(sa.select(
        leads.c.id, leads.c.reference, leads.c.desk, leads.c.lang, leads.c.name, leads.c.email,
        leads.c.status_token_hash, leads.c.status_revoked_at, leads.c.erased_at)
        .where(leads.c.id == lead_id)).first()
    if lead is None or not (allows(current_user.role, "leads.read-all") or lead.desk == current_user.desk):
        abort(404)
    return lead


def state_of(lead):
    if lead.status_revoked_at is not None:
        return REVOKED
    return LIVE if lead.status_token_hash else NONE


def may_send(lead):
    return bool(lead.email) and lead.erased_at is None


def back_to(lead_id):
    """The top of the lead page (another area's view, where the message shows), or the start page."""
    if "staff.lead" in current_app.view_functions:
        return url_for("staff.lead", lead_id=lead_id, _anchor="top")
    return url_for("staff.home")


def render(lead, form=None, status=200):
    form = form or RevokeForm(formdata=None)
    form.confirm.label.text = _("Type the reference %(reference)s to confirm", reference=lead.reference)
    return render_template("staff/status_link.html", lead=lead, state=state_of(lead), form=form,
                           may_send=may_send(lead), back=back_to(lead.id)), status


@staff_route("/leads/<int:lead_id>/status-link/", "leads.work")
def status_link(lead_id):
    with engine().connect() as connection:
        return render(workable(connection, lead_id))


@staff_route("/leads/<int:lead_id>/status-link/revoke", "leads.work", methods=("POST",))
def revoke_status_link(lead_id):
    form = RevokeForm()
    with engine().connect() as connection:
        lead = workable(connection, lead_id)
    if state_of(lead) != LIVE:
        flash(_("This lead has no live status link."), "error")
        return redirect(back_to(lead_id), 303)
    if form.validate() and typed(form.confirm.data) != lead.reference:
        form.confirm.errors = [_("This is not the lead's reference %(reference)s: the link was not revoked.",
                                 reference=lead.reference)]
    if form.confirm.errors:
        flash(_("The link was not revoked: %(problem)s", problem=" ".join(map(str, form.confirm.errors))),
              "error")
        return render(lead, form, 422)
    now = utcnow()
    with transaction() as connection:
        revoked = connection.execute(leads.update().where(
            leads.c.id == lead_id, leads.c.status_token_hash == lead.status_token_hash,
            leads.c.status_revoked_at.is_(None)).values(status_revoked_at=now, updated_at=now)).rowcount
        if revoked:
            connection.execute(lead_events.insert().values(lead_id=lead_id, at=now, user_id=current_user.id,
                                                           kind="status-link", old=LIVE, new=REVOKED))
            audit.record("lead.status-link-revoked", lead.reference, connection=connection)
    if not revoked:  # someone else revoked or replaced it a moment ago
        flash(_("This lead has no live status link."), "error")
        return redirect(back_to(lead_id), 303)
    flash(_("The investor's status link is revoked: it now answers “page not found”."))
    return redirect(back_to(lead_id), 303)


@staff_route("/leads/<int:lead_id>/status-link/new", "leads.work", methods=("POST",))
def new_status_link(lead_id):
    token, now = new_token(), utcnow()
    with transaction() as connection:
        lead = workable(connection, lead_id)
        if not may_send(lead):
            flash(_("No new link can be sent: the lead has no e-mail address, or its personal data "
                    "was erased."), "error")
            return redirect(back_to(lead_id), 303)
        connection.execute(leads.update().where(leads.c.id == lead_id).values(
            status_token_hash=token_hash(token), status_revoked_at=None, updated_at=now))
        connection.execute(lead_events.insert().values(lead_id=lead_id, at=now, user_id=current_user.id,
                                                       kind="status-link", old=state_of(lead), new=RENEWED))
        queue_status_link(connection, lead._mapping, get_content(), now, token)
        audit.record("lead.status-link-renewed", lead.reference, detail={"was": state_of(lead)},
                     connection=connection)
    flash(_("A new status link is queued for the investor: it goes out with the next round of mail, "
            "and the old link no longer works."))
    return redirect(back_to(lead_id), 303)
