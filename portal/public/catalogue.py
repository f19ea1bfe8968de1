"""Projects, parks and the factory-unit finder."""

from flask import current_app, g, render_template
from flask_babel import gettext as _

from ..content import get_content
from ..pagecache import cached
from . import bp, find
from .filters import FacetRows, facet_filter, number_arg, paginate


def labels(vocabulary):
    return {key: getattr(t, g.lang) for key, t in getattr(get_content().taxonomy, vocabulary).items()}


def bands_of(taxonomy):
    """A function giving the investment bands (bounds in 万元) a project's total falls in."""
    bands = taxonomy.investment_bands.items()

    def of(project):
        wan = float(project.total_investment.wan)
        return (key for key, band in bands
                if (band.min is None or wan >= band.min) and (band.max is None or wan < band.max))
    return of


def project_rows(content, lang):
    """Every project with its facet keys; computed once per content version and language."""
    return FacetRows(content.items("projects", lang), {
        "industry": lambda p: (p.industry,),
        "status": lambda p: (p.status,),
        "mode": lambda p: p.cooperation_modes,
        "band": bands_of(content.taxonomy),
        "park": lambda p: (p.park,),
    })


@bp.get("/projects/")
@cached
def projects():
    content = get_content()
    parks = {p.slug: p.name for p in content.items("parks", g.lang)}
    facets = {
        "industry": (_("Industry"), labels("industries")),
        "status": (_("Status"), labels("project_statuses")),
        "mode": (_("Cooperation mode"), labels("cooperation_modes")),
        "band": (_("Total investment"), labels("investment_bands")),
        "park": (_("Park"), parks),
    }
    rows = content.derived(("facets", "projects", g.lang), lambda: project_rows(content, g.lang))
    found, facet_list, chosen = facet_filter(rows, facets)
    pager = paginate(found, current_app.config["PAGE_SIZE"])
    return render_template("projects.html", pager=pager, facets=facet_list, chosen=chosen)


@bp.get("/projects/<slug>/")
@cached
def project(slug):
    item = find("projects", slug)
    content = get_content()
    park = content.get("parks", item.park, g.lang) if item.park else None
    same_industry = content.derived(("industry", item.industry, g.lang), lambda: tuple(
        p for p in content.items("projects", g.lang) if p.industry == item.industry))
    related = [p for p in same_industry if p.slug != item.slug][:3]
    desk = content.get("desks", item.desk, g.lang)
    return render_template("project.html", item=item, park=park, desk=desk, related=related)


@bp.get("/parks/")
@cached
def parks():
    return render_template("parks.html", parks=get_content().items("parks", g.lang))


@bp.get("/parks/<slug>/")
@cached
def park(slug):
    item = find("parks", slug)
    content = get_content()
    projects = [p for p in content.items("projects", g.lang) if p.park == slug]
    desk = content.get("desks", item.desk, g.lang)
    return render_template("park.html", item=item, projects=projects, desk=desk)


@bp.get("/spaces/")
@cached
def spaces():
    content = get_content()
    parks = {p.slug: p for p in content.items("parks", g.lang)}
    units = [u for p in parks.values() for u in p.units]
    facets = {
        "park": (_("Park"), {slug: p.name for slug, p in parks.items() if p.units}),
        "status": (_("Status"), labels("unit_statuses")),
    }
    rows = content.derived(("facets", "spaces", g.lang), lambda: FacetRows(units, {
        "park": lambda u: (u.park,), "status": lambda u: (u.status,),
    }))
    found, facet_list, chosen = facet_filter(rows, facets)
    limits = {name: number_arg(name) for name in ("min_area", "max_area", "min_height")}
    found = [u for u in found if within(u, **limits)]
    if number_arg("crane"):
        found = [u for u in found if u.crane_t]
    order = list(content.taxonomy.unit_statuses)
    found.sort(key=lambda u: (order.index(u.status), u.area_m2))
    pager = paginate(found, 50)
    return render_template("spaces.html", pager=pager, facets=facet_list, chosen=chosen,
                           parks=parks, limits=limits, crane=bool(number_arg("crane")))


def within(unit, min_area=None, max_area=None, min_height=None):
    return ((min_area is None or unit.area_m2 >= min_area)
            and (max_area is None or unit.area_m2 <= max_area)
            and (min_height is None or (unit.height_m or 0) >= min_height))
