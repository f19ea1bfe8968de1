"""Projects: the catalogue and the project page (parks and units are in parks.py and units.py)."""

from flask import current_app, g, render_template
from flask_babel import gettext as _

from ..content import get_content
from ..pagecache import cached
from . import bp, find
from .filters import FacetRows, facet_filter, paginate


def labels(vocabulary):
    return {key: t.text(g.lang) for key, t in getattr(get_content().taxonomy, vocabulary).items()}


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
