"""Which desk answers an inquiry. The rule, first match wins:

1. ``item``: the desk of the project, park or factory unit (its park) asked about;
   ``desk``: else the desk whose page the visitor came from (``?desk=``), unless a chamber;
2. ``industry``: the investment promotion team whose ``industries`` include the visitor's;
3. ``region``: the resident investment office whose ``regions`` include the visitor's;
4. ``bureau``: the bureau.

Desks declare what they serve in their own files (``kind``, ``industries``, ``regions``), so
staff change the routing by editing content. Chambers of commerce are partners, not desks of
the bureau: leads reach them only through staff, with the visitor's consent to sharing.
"""

from dataclasses import dataclass

from ..leads.regions import serves


@dataclass(frozen=True)
class Route:
    desk: str  # slug
    rule: str  # item, desk, industry, region, bureau


def item_desk(content, item):
    """The desk slug owning ``project:<slug>``, ``park:<slug>`` or ``unit:<park>/<id>``."""
    kind, _, key = (item or "").partition(":")
    if kind == "unit":
        kind, key = "park", key.split("/", 1)[0]
    found = content.get({"project": "projects", "park": "parks"}.get(kind, ""), key, "zh")
    return found.desk if found else None


def chosen_desk(content, slug):
    """The desk a visitor may address directly: any but a chamber (a partner, not the bureau)."""
    desk = content.get("desks", slug or "", "zh")
    return desk if desk and desk.kind != "chamber" else None


def route(content, item=None, industry=None, region=None, desk=None):
    """The Route for an inquiry; every argument may be empty."""
    desks = content.items("desks", "zh")  # regions are matched in Chinese, as staff write them
    slugs = {d.slug for d in desks}
    owner = item_desk(content, item)
    if owner in slugs:
        return Route(owner, "item")
    if chosen_desk(content, desk):
        return Route(desk, "desk")
    for d in desks:
        if industry and d.kind == "team" and industry in d.industries:
            return Route(d.slug, "industry")
    for d in desks:
        if region and d.kind == "office" and serves(d.regions, region):
            return Route(d.slug, "region")
    bureaus = [d for d in desks if d.kind == "bureau"] or desks
    return Route(bureaus[0].slug if bureaus else "", "bureau")
