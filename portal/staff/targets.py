"""Annual targets (admins): signed projects, contracted investment and funds in place, for the
county and each desk, per year. Amounts are typed as staff write them (``223亿``, ``2.5亿元``,
``8000万``, full-width digits; a bare number is 万元) and stored in 万元. A year without targets
shows none: the sample county's figures are not invented into the database."""

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from pydantic_core import PydanticCustomError

from .. import audit
from ..content import get_content
from ..content.types import NUMBER, parse_amount, plain
from ..db import transaction, utcnow
from ..db.schema import targets as targets_table
from ..formatting import wan_typed
from ..reports.periods import today_in_china
from .access import staff_route

MEASURES = ("projects", "contracted", "funds")
COUNTY = "county"  # the form's name for the row whose desk is NULL
MAX_WAN = Decimal("999999999999")  # the column holds 14 digits, 2 after the point


def parse_wan(text):
    """Typed amount -> Decimal 万元, or raise ValueError with the message in the page's language."""
    value = plain(text)
    if NUMBER.match(value) and not value.startswith(("-", "+")):
        wan = Decimal(value.replace(",", ""))
    else:
        try:
            wan = parse_amount(value).yuan / 10_000
        except PydanticCustomError as error:
            raise ValueError(error.context["zh" if g.get("lang") == "zh" else "en"]) from error
    if wan > MAX_WAN:
        raise ValueError(_("This amount is too large."))
    return wan.quantize(Decimal("0.01"))


def parse_projects(text):
    value = plain(text).removesuffix("个")
    if not value.isdigit() or len(value) > 6:
        raise ValueError(_("Write the number of projects in digits, for example 50."))
    return int(value)


def chosen_year():
    text = request.values.get("year", "")
    if not text:
        return today_in_china().year
    if not (text.isdigit() and 2000 <= int(text) <= 2100):
        abort(404)
    return int(text)


def scopes():
    """``[(form name, desk slug or None, label)]``: the county, then each desk of the content."""
    desks = get_content().items("desks", g.lang)
    return [(COUNTY, None, _("County"))] + [(d.slug, d.slug, d.name) for d in desks]


def stored(year):
    with transaction() as connection:
        rows = connection.execute(sa.select(targets_table).where(targets_table.c.year == year)).all()
    return {row.desk: row for row in rows}


def shown(measure, value):
    """A stored target as a person would type it again: ``50``, ``50亿元``, ``8000万元``."""
    if value is None:
        return ""
    return str(value) if measure == "projects" else wan_typed(value)


def read_form():
    """``({desk: {measure: value}}, {field name: error})`` from the POSTed form."""
    values, errors = {}, {}
    for name, desk, _label in scopes():
        row = {}
        for measure in MEASURES:
            field = f"{name}-{measure}"
            text = request.form.get(field, "").strip()
            if not text:
                row[measure] = None
                continue
            try:
                row[measure] = parse_projects(text) if measure == "projects" else parse_wan(text)
            except (ValueError, InvalidOperation) as error:
                errors[field] = str(error) or _("This value cannot be read.")
        values[desk] = row
    return values, errors


def save(year, values):
    now = utcnow()
    with transaction() as connection:
        for desk, row in values.items():
            where = (targets_table.c.year == year) & (
                targets_table.c.desk.is_(None) if desk is None else targets_table.c.desk == desk)
            connection.execute(targets_table.delete().where(where))
            if any(v is not None for v in row.values()):
                connection.execute(targets_table.insert().values(year=year, desk=desk, updated_at=now, **row))
        audit.record("targets.updated", str(year), connection=connection,
                     detail={"scopes": sorted(d or COUNTY for d, r in values.items()
                                              if any(v is not None for v in r.values()))})


@staff_route("/targets/", "settings.edit", methods=("GET", "POST"))
def targets():
    year = chosen_year()
    if request.method == "POST":
        values, errors = read_form()
        if not errors:
            save(year, values)
            flash(_("Targets for %(year)s saved.", year=year))
            return redirect(url_for("staff.targets", year=year), 303)
        flash(_("Some values could not be read; nothing was saved."), "error")
        typed = {key: request.form.get(key, "") for key in request.form}
        return render_template("staff/targets.html", year=year, scopes=scopes(), typed=typed,
                               errors=errors, empty=False), 400
    rows = stored(year)
    typed = {f"{name}-{measure}": shown(measure, getattr(rows[desk], measure)) if desk in rows else ""
             for name, desk, _label in scopes() for measure in MEASURES}
    return render_template("staff/targets.html", year=year, scopes=scopes(), typed=typed, errors={},
                           empty=not rows)
