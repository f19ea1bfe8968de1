"""Incentives, contact desks, news and plain pages."""

from flask import current_app, g, render_template
from flask_babel import gettext as _

from ..clock import china_today
from ..content import get_content
from ..content.policies import applies_to
from ..pagecache import cached
from . import bp, find
from .catalogue import labels
from .filters import FacetRows, facet_filter, paginate


@bp.get("/policies/")
@cached
def policies():
    today = china_today()  # a policy expires at midnight in China
    content = get_content()
    facets = {
        "category": (_("Category"), labels("policy_categories")),
        "industry": (_("Industry"), labels("industries")),
        "validity": (_("Validity"), {"current": _("In force"), "expired": _("Expired")}),
    }
    every_industry = tuple(content.taxonomy.industries)
    rows = FacetRows(content.items("policies", g.lang), {  # validity changes with the date
        "category": lambda p: p.categories,
        "industry": lambda p: p.industries or every_industry,
        "validity": lambda p: ("expired",) if p.expired(today) else ("current",),
    })
    found, facet_list, chosen = facet_filter(rows, facets)
    pager = paginate(found, current_app.config["PAGE_SIZE"])
    return render_template("policies.html", pager=pager, facets=facet_list, chosen=chosen,
                           today=today)


@bp.get("/policies/<slug>/")
@cached
def policy(slug):
    item = find("policies", slug)
    content = get_content()
    desk = content.get("desks", item.desk, g.lang)
    applies = applies_to(content, item, g.lang)
    names = [p.name for p in (content.get("parks", s, g.lang) for s in item.parks) if p]
    park_names = (", " if g.lang == "en" else "、").join(names)
    return render_template("policy.html", item=item, desk=desk, applies=applies,
                           park_names=park_names, today=china_today())


@bp.get("/contact/")
@cached
def desks():
    return render_template("desks.html", desks=get_content().items("desks", g.lang))


@bp.get("/contact/<slug>/")
@cached
def desk(slug):
    item = find("desks", slug)
    content = get_content()
    owned = [p for p in content.items("projects", g.lang) if p.desk == slug]
    return render_template("desk.html", item=item, projects=owned)


@bp.get("/news/")
@cached
def news():
    pager = paginate(get_content().items("news", g.lang), current_app.config["PAGE_SIZE"])
    return render_template("news.html", pager=pager)


@bp.get("/news/<slug>/")
@cached
def news_item(slug):
    item = find("news", slug)
    return render_template("news_item.html", item=item)


@bp.get("/<slug>/")
@cached
def page(slug):
    return render_template("page.html", item=find("pages", slug))

