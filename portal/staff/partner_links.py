"""Partners' private credit links (admins): issue one for a chamber or resident office, see the
live ones, revoke one. Each issue and revoke is audited. A new link's address is shown once, on
the answer to the POST itself: the token is kept nowhere (not in the database, not in the
session's flash messages), so it cannot be shown again; a lost link is revoked and reissued."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..content.partners import partner, partners
from ..db import engine, transaction
from ..i18n import NATIVE_NAME
from ..partners.links import issue, live_links, revoke
from ..urls import absolute_url
from .access import staff_route

PERMISSION = "partners.manage"


def page(issued=None, status=200):
    with engine().connect() as connection:
        rows = live_links(connection)
    found = partners(g.lang)
    names = {d.slug: d.name for d in found}
    languages = [(code, NATIVE_NAME.get(code, code)) for code in current_app.config["LANGUAGES"]]
    return render_template("staff/partner_links.html", partners=found, names=names, links=rows,
                           languages=languages, issued=issued), status


@staff_route("/partner-links/", PERMISSION)
def partner_links():
    return page()


@staff_route("/partner-links/issue", PERMISSION, methods=("POST",))
def issue_partner_link():
    slug = request.form.get("partner", "")
    lang = request.form.get("lang") or current_app.config["DEFAULT_LANGUAGE"]
    desk = partner(slug, g.lang)
    if desk is None or lang not in current_app.config["LANGUAGES"]:
        flash(_("Choose a partner and a language."), "error")
        return redirect(url_for("staff.partner_links"), 303)
    with transaction() as connection:
        link_id, token = issue(connection, desk.slug, by=current_user.name)
        audit.record("partner.link-issued", desk.slug, connection=connection, detail={"link": link_id})
    url = absolute_url("partners.credit.page", lang=lang, token=token)
    return page(issued={"partner": desk, "url": url})


@staff_route("/partner-links/<int:link_id>/revoke", PERMISSION, methods=("POST",))
def revoke_partner_link(link_id):
    with transaction() as connection:
        slug = revoke(connection, link_id, by=current_user.name)
        if slug is None:
            abort(404)  # no such link, or already revoked
        audit.record("partner.link-revoked", slug, connection=connection, detail={"link": link_id})
    flash(_("The link is revoked: it now answers “page not found”."))
    return redirect(url_for("staff.partner_links"), 303)
