"""Personal data requests (PIPL): an administrator finds a person's leads by e-mail or phone,
downloads everything stored about them, or erases it after typing the address again.

The e-mail or phone travels only in POST bodies, never in a URL (which proxies and logs keep);
so the search answers its POST with the page itself. The audit rows name leads by reference.
"""

import json

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from .. import audit
from ..content import get_content
from ..db import transaction
from ..leads import privacy as pipl
from ..leads.pipeline import LABELS
from .access import staff_route

PERMISSION = "privacy.requests"


def identifier(form, field):
    if pipl.normalise(field.data) is None:
        raise ValidationError(_l("Please enter an e-mail address or a phone number, e.g. 138 0013 8000."))


class FindForm(FlaskForm):
    class Meta:
        csrf = False  # the staff guard checks every POST's token already

    who = StringField(_l("E-mail address or phone number"), validators=[
        InputRequired(message=_l("Please enter an e-mail address or a phone number, e.g. 138 0013 8000.")),
        Length(max=320), identifier])


class EraseForm(FindForm):
    confirm = StringField(_l("Type the e-mail address or phone number again to confirm"),
                          validators=[InputRequired(message=_l("Please type it again to confirm."))])

    def validate_confirm(self, field):
        if pipl.normalise(field.data) != pipl.normalise(self.who.data):
            raise ValidationError(_l(
                "This is not the same e-mail address or phone number: nothing was erased."))


def references(rows):
    return [row.reference for row in rows]


def render(form, rows=None, erase_form=None, status=200):
    desks = {d.slug: d.name for d in get_content().items("desks", g.lang)}
    return render_template("staff/privacy.html", form=form, rows=rows, erase_form=erase_form or EraseForm(
        formdata=None, who=form.who.data), desks=desks, stages=LABELS), status


@staff_route("/privacy/", PERMISSION, methods=("GET", "POST"))
def privacy():
    form = FindForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        return render(form)
    if not form.validate():
        return render(form, status=400)
    key = pipl.normalise(form.who.data)
    with transaction() as connection:
        rows = pipl.find(connection, key)
        audit.record("privacy.search", ", ".join(references(rows)) or None,
                     detail={"by": key[0], "leads": len(rows)}, connection=connection)
    return render(form, rows)


@staff_route("/privacy/export", PERMISSION, methods=("POST",))
def privacy_export():
    form = FindForm(formdata=request.form)
    if not form.validate():
        return render(form, status=400)
    key = pipl.normalise(form.who.data)
    with transaction() as connection:
        rows = pipl.find(connection, key)
        data = pipl.export(connection, rows)
        audit.record("privacy.export", ", ".join(references(rows)) or None,
                     detail={"by": key[0], "references": references(rows)}, connection=connection)
    body = json.dumps({"subject": {key[0]: key[1]}, **data}, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="personal-data.json"'})


@staff_route("/privacy/erase", PERMISSION, methods=("POST",))
def privacy_erase():
    form = EraseForm(formdata=request.form)
    if not form.validate():
        with transaction() as connection:
            key = pipl.normalise(form.who.data)
            rows = pipl.find(connection, key) if key else None
        return render(FindForm(formdata=None, who=form.who.data), rows, form, status=400)
    key = pipl.normalise(form.who.data)
    with transaction() as connection:
        rows = pipl.find(connection, key)
        erased = pipl.erase(connection, rows)
        audit.record("privacy.erase", ", ".join(erased) or None,
                     detail={"by": key[0], "references": erased}, connection=connection)
    if erased:
        flash(_("The personal data of %(count)d leads is erased: %(references)s. Their statistics stay.",
                count=len(erased), references=", ".join(erased)))
    else:
        flash(_("No leads with this e-mail address or phone number: nothing was erased."), "error")
    return redirect(url_for("staff.privacy"), 303)
