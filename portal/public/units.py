"""The factory-unit finder across parks, and a page per unit.

Every filter is in the query string (a GET form, no JavaScript). Each filter's options carry the
number of units it would give together with every other active filter, and an option that
would give none is not offered. Values that make no sense (letters, negative, huge) are
ignored, never an error: partners' links keep working.
"""

from dataclasses import dataclass

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..clock import china_today
from ..content import get_content
from ..content.policies import applicable_policies
from ..pagecache import cached
from . import bp, find
from .filters import number_arg, paginate
from .geo import map_links


@dataclass(frozen=True)
class Criterion:
    """One filter: ``kind`` is ``is`` (equal to a key), ``min`` (at least) or ``max`` (at most)."""

    name: str
    title: str
    kind: str
    value_of: object  # unit -> value (None: not given)
    unit: str = ""  # shown after a number: kN/㎡, t, kVA…
    free: bool = False  # typed in a box rather than picked from options

    def matches(self, unit, wanted):
        value = self.value_of(unit)
        if self.kind == "is":
            return value == wanted
        if value is None:
            return False
        return value >= wanted if self.kind == "min" else value <= wanted


def rent_of(unit):
    return unit.rent or None  # a rent of 0 or none is not offered for rent


CRITERIA = (
    Criterion("park", _l("Park"), "is", lambda u: u.park),
    Criterion("status", _l("Status"), "is", lambda u: u.status),
    Criterion("min_area", _l("Area"), "min", lambda u: u.area_m2, "㎡", free=True),
    Criterion("max_area", _l("Area"), "max", lambda u: u.area_m2, "㎡", free=True),
    Criterion("floor", _l("Floor"), "is", lambda u: str(u.floor)),
    Criterion("min_load", _l("Floor load"), "min", lambda u: u.load_kn_m2, "kN/㎡"),
    Criterion("min_height", _l("Floor height"), "min", lambda u: u.height_m, "m"),
    Criterion("crane", _l("Overhead crane"), "min", lambda u: u.crane_t or None, "t"),
    Criterion("min_power", _l("Power"), "min", lambda u: u.power_kva or None, "kVA"),
    Criterion("max_rent", _l("Rent"), "max", rent_of, _l("yuan/㎡/month")),
)
BY_NAME = {c.name: c for c in CRITERIA}
SORTS = {
    "": _l("Vacant first"),
    "area": _l("Area, smallest first"),
    "area_desc": _l("Area, largest first"),
    "rent": _l("Rent, lowest first"),
    "available": _l("Soonest available"),
}


def all_units(content):
    return [u for p in content.items("parks", "zh") for u in p.units]


def chosen_values(units, park_names, statuses):
    """The active filters from the query string, as ``{name: value}``; nonsense is dropped."""
    keys = {"park": park_names, "status": statuses,
            "floor": {str(u.floor) for u in units}}
    chosen = {}
    for c in CRITERIA:
        if c.kind == "is":
            value = request.args.get(c.name)
            if value in keys[c.name]:
                chosen[c.name] = value
        else:
            value = number_arg(c.name)
            if value is not None:
                chosen[c.name] = value
    return chosen


def others(units, chosen, but):
    """The units that pass every chosen filter except ``but``."""
    rules = [(BY_NAME[n], v) for n, v in chosen.items() if n != but]
    return [u for u in units if all(c.matches(u, v) for c, v in rules)]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    selected: bool


def options_for(criterion, units, chosen, labels):
    """The options of one filter, each with its count under the other filters; none with 0."""
    pool = others(units, chosen, criterion.name)
    wanted = chosen.get(criterion.name)
    if criterion.kind == "is":
        values = list(labels)
    else:
        values = sorted({v for v in map(criterion.value_of, units) if v is not None})
        if criterion.kind == "max":
            values.reverse()  # the loosest ceiling first, as the least restrictive
    found = []
    for value in values:
        count = sum(criterion.matches(u, value) for u in pool)
        selected = wanted is not None and value == wanted
        if count or selected:
            label = labels[value] if criterion.kind == "is" else threshold(criterion, value)
            found.append(Choice(key_text(value), label, count, selected))
    if wanted is not None and not any(o.selected for o in found) and criterion.kind != "is":
        count = sum(criterion.matches(u, wanted) for u in pool)  # a value typed in the URL
        found.insert(0, Choice(key_text(wanted), threshold(criterion, wanted), count, True))
    return found


def key_text(value):
    """A number as the query string carries it: 10 rather than 10.0."""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(int(value))
    return str(value)


def threshold(criterion, value):
    sign = "≥" if criterion.kind == "min" else "≤"
    return f"{sign} {key_text(value)} {criterion.unit}"


def sort_units(units, how, statuses, today):
    order = {key: i for i, key in enumerate(statuses)}
    status = lambda u: order.get(u.status, len(order))  # noqa: E731
    if how == "area":
        return sorted(units, key=lambda u: (u.area_m2, status(u)))
    if how == "area_desc":
        return sorted(units, key=lambda u: (-u.area_m2, status(u)))
    if how == "rent":
        return sorted(units, key=lambda u: (rent_of(u) is None, rent_of(u) or 0, status(u)))
    if how == "available":
        return sorted(units, key=lambda u: (u.status == "leased", max(u.available_from or today, today),
                                            status(u), u.area_m2))
    return sorted(units, key=lambda u: (status(u), u.area_m2))


@bp.get("/spaces/")
@cached
def spaces():
    content = get_content()
    parks = {p.slug: p for p in content.items("parks", g.lang)}
    units = all_units(content)
    statuses = {k: t.text(g.lang) for k, t in content.taxonomy.unit_statuses.items()}
    labels = {
        "park": {slug: p.name for slug, p in parks.items() if p.units},
        "status": statuses,
        "floor": {str(f): _("Floor %(n)s", n=f) for f in sorted({u.floor for u in units})},
    }
    chosen = chosen_values(units, labels["park"], statuses)
    found = others(units, chosen, None)
    how = request.args.get("sort", "")
    how = how if how in SORTS else ""
    found = sort_units(found, how, list(statuses), china_today())
    filters = [(c, options_for(c, units, chosen, labels.get(c.name, {}))) for c in CRITERIA
               if not c.free]
    pager = paginate(found, 50)
    active = [(c, chosen[c.name], remove_url(c.name)) for c in CRITERIA if c.name in chosen]
    return render_template(
        "spaces.html", pager=pager, filters=filters, chosen=chosen, parks=parks, active=active,
        labels=labels, sorts=SORTS, sort=how, key_text=key_text, threshold=threshold,
    )


def remove_url(name):
    args = request.args.to_dict(flat=True)
    args.pop(name, None)
    args.pop("page", None)
    return url_for("public.spaces", **args)


def policies_for(content, item, lang):
    """The policies in force that apply to ``item`` (a park or a unit)."""
    return list(applicable_policies(content, item, lang))


def find_unit(park, unit_id):
    for unit in park.units:
        if unit.id == unit_id:
            return unit
    abort(404)


@bp.get("/parks/<slug>/units/<unit_id>/")
@cached
def unit(slug, unit_id):
    park = find("parks", slug)
    item = find_unit(park, unit_id)
    content = get_content()
    desk = content.get("desks", park.desk, g.lang)
    links = map_links(park.location.lat, park.location.lon, f"{park.name} {item.id}") \
        if park.location else []
    siblings = [u for u in park.units if u.building == item.building and u.id != item.id]
    return render_template(
        "unit.html", park=park, unit=item, desk=desk, map_links=links, siblings=siblings,
        policies=policies_for(content, item, g.lang),
    )
