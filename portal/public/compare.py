"""Two to four parks or units side by side: ``/compare/?parks=a,b`` or ``?units=park/id,…``.

The address is the selection, so it can be shared (the page's share box gives it with its QR
code). Checkboxes on the parks list and the finder send repeated arguments (``units=a/1&units=b/2``);
those are redirected to the one short form. Too few, too many or unknown items get a 400 or 404
page saying what was wrong.

A row is ``(label, values, differs, long)``: a value is the text shown, or for incentives a tuple
of ``(title, url)`` links; ``long`` rows (terms, supply descriptions, lists) are stacked one value
under another on a phone instead of side by side (see ``.compare`` in static/css/site.css).
"""

from datetime import date

from flask import current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..content import get_content
from ..content.policies import applicable_policies
from ..pagecache import cached
from . import bp

FEWEST, MOST = 2, 4
LONG = 40  # characters: a value longer than this is read across the phone's width, not in a column


def wanted(name):
    """The keys asked for under ``name``: comma-separated and/or repeated, in order, once each."""
    keys = []
    for value in request.args.getlist(name):
        for part in value.split(","):
            part = part.strip()
            if part and part not in keys:
                keys.append(part)
    return keys


def fmt(name, value):
    return current_app.jinja_env.filters[name](value)


def term(vocabulary, key):
    found = getattr(get_content().taxonomy, vocabulary).get(key)
    return found.text(g.lang) if found else key


def incentives(item):
    """The policies in force that apply to a park or unit, as ``((title, url), …)``, in the
    order of the incentives list, so that the same policies read the same in every column."""
    content = get_content()
    order = {p.slug: i for i, p in enumerate(content.items("policies", g.lang))}
    found = sorted(applicable_policies(content, item, g.lang), key=lambda p: order.get(p.slug, 0))
    return tuple((p.title, url_for("public.policy", slug=p.slug)) for p in found)


def park_rows(parks):
    """``[(label, [value per park])]``: the same facts for every park, as shown."""
    def units_of(p, status=None):
        return [u for u in p.units if status is None or u.status == status]
    rows = [
        (_("Park level"), [term("park_levels", p.level) for p in parks]),
        (_("Total area"), [fmt("mu", p.area_total_mu) for p in parks]),
        (_("Available land"), [fmt("mu", p.area_available_mu) for p in parks]),
        (_("Leading industries"), [current_app.jinja_env.filters["terms"](p.industries, "industries")
                                   for p in parks]),
        (_("Minimum investment intensity"), [
            _("%(amount)s per mu", amount=fmt("money", p.min_investment_intensity))
            if p.min_investment_intensity else "" for p in parks]),
        (_("Industrial land price"), [p.land_price or "" for p in parks]),
        (_("Factory rent"), [p.rent or "" for p in parks]),
        (_("Rent-free period"), [p.rent_free or "" for p in parks]),
        (_("Standard factory units"), [str(len(p.units)) for p in parks]),
        (_("Vacant units"), [str(len(units_of(p, "vacant"))) for p in parks]),
        (_("Vacant floor area"), [fmt("m2", sum(u.area_m2 for u in units_of(p, "vacant")))
                                  if units_of(p, "vacant") else "" for p in parks]),
        (_("Highest floor load"), [
            "{} kN/㎡".format(fmt("number", max(u.load_kn_m2 for u in p.units if u.load_kn_m2)))
            if any(u.load_kn_m2 for u in p.units) else "" for p in parks]),
        (_("Power"), [p.utilities.power or "" for p in parks]),
        (_("Water"), [p.utilities.water or "" for p in parks]),
        (_("Gas"), [p.utilities.gas or "" for p in parks]),
        (_("Wastewater"), [p.utilities.wastewater or "" for p in parks]),
        (_("Transport"), ["; ".join(f"{t.to} {fmt('number', t.km)} km" for t in p.transport)
                          for p in parks]),
        (_("Incentives that apply"), [incentives(p) for p in parks]),
    ]
    return rows


def unit_rows(pairs):
    """The same facts for every unit; ``pairs`` are ``(park, unit)``."""
    today = date.today()

    def available(u):
        if u.status == "leased":
            return ""
        if u.available_from and u.available_from > today:
            return fmt("day", u.available_from)
        return _("Available now")

    def num(value, unit, digits=1):
        return f"{current_app.jinja_env.filters['number'](value, digits)} {unit}" if value else ""
    return [
        (_("Park"), [p.name for p, _u in pairs]),
        (_("Building"), [u.building_in(g.lang) for _p, u in pairs]),
        (_("Floor"), [str(u.floor) for _p, u in pairs]),
        (_("Status"), [term("unit_statuses", u.status) for _p, u in pairs]),
        (_("Available from"), [available(u) for _p, u in pairs]),
        (_("Area"), [fmt("m2", u.area_m2) for _p, u in pairs]),
        (_("Floor load"), [num(u.load_kn_m2, "kN/㎡") for _p, u in pairs]),
        (_("Floor height"), [num(u.height_m, "m") for _p, u in pairs]),
        (_("Overhead crane"), [num(u.crane_t, "t") or "–" for _p, u in pairs]),
        (_("Power"), [num(u.power_kva, "kVA", 0) for _p, u in pairs]),
        (_("Rent"), [_("%(n)s yuan/㎡/month", n=fmt("number", u.rent)) if u.rent else ""
                     for _p, u in pairs]),
        (_("Sale price"), [_("%(n)s yuan/㎡", n=current_app.jinja_env.filters["number"](
            u.sale_price, 0)) if u.sale_price else "" for _p, u in pairs]),
        # The terms of the unit's park: rent-free period, power (with its price where the park
        # gives one) and the incentives.
        (_("Rent-free period"), [p.rent_free or "" for p, _u in pairs]),
        (_("Park power supply"), [p.utilities.power or "" for p, _u in pairs]),
        (_("Incentives that apply"), [incentives(u) for _p, u in pairs]),
    ]


def refuse(status, message, kind=None):
    return render_template("compare.html", error=message, kind=kind, columns=(), rows=()), status


def count_problem(count, kind):
    if kind == "parks":
        if count < FEWEST:
            return _("Only one park was chosen: pick 2 to 4 parks to compare.")
        return _("%(n)s parks were chosen, but at most 4 can be compared side by side.", n=count)
    if count < FEWEST:
        return _("Only one unit was chosen: pick 2 to 4 units to compare.")
    return _("%(n)s units were chosen, but at most 4 can be compared side by side.", n=count)


def unknown_problem(names, kind):
    joined = (", " if g.lang == "en" else "、").join(names)
    if kind == "parks":
        return ngettext("There is no park %(names)s on this site.",
                        "There are no parks %(names)s on this site.", len(names), names=joined)
    return ngettext("There is no unit %(names)s on this site (write park/unit, as in the links).",
                    "There are no units %(names)s on this site (write park/unit, as in the links).",
                    len(names), names=joined)


@bp.get("/compare/")
@cached
def compare():
    content = get_content()
    park_keys, unit_keys = wanted("parks"), wanted("units")
    if park_keys and unit_keys:
        return refuse(400, _("Compare either parks or units, not both at once."))
    kind = "parks" if park_keys else "units"
    keys = park_keys or unit_keys
    if not keys:
        return refuse(400, _("Nothing was chosen to compare: pick 2 to 4 parks or units."))
    canonical = ",".join(keys)
    if request.args.getlist(kind) != [canonical] or set(request.args) - {kind, "ref"}:
        return redirect(url_for("public.compare", **{kind: canonical}), 302)
    if not FEWEST <= len(keys) <= MOST:
        return refuse(400, count_problem(len(keys), kind), kind)
    if kind == "parks":
        items = [content.get("parks", k, g.lang) for k in keys]
        unknown = [k for k, item in zip(keys, items, strict=True) if item is None]
    else:
        items, unknown = [], []
        for key in keys:
            found = find_unit(content, key)
            (items.append(found) if found else unknown.append(key))
    if unknown:
        return refuse(404, unknown_problem(unknown, kind), kind)
    if kind == "parks":
        columns = [(p.name, None, url_for("public.park", slug=p.slug)) for p in items]
        rows = park_rows(items)
    else:
        columns = [(u.id, p.name, url_for("public.unit", slug=p.slug, unit_id=u.id))
                   for p, u in items]
        rows = unit_rows(items)
    rows = [(label, values, len(set(values)) > 1, is_long(values))
            for label, values in rows if any(values)]
    return render_template("compare.html", error=None, kind=kind, columns=columns, rows=rows,
                           items=items)


def is_long(values):
    return any(not isinstance(v, str) or len(v) > LONG for v in values)


def find_unit(content, key):
    """``(park, unit)`` for ``park/id``, or None."""
    slug, _sep, unit_id = key.partition("/")
    park = content.get("parks", slug, g.lang) if slug else None
    if park is None:
        return None
    for unit in park.units:
        if unit.id == unit_id:
            return park, unit
    return None
