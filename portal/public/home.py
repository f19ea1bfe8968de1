"""The home page: the pitch, key figures, featured projects, parks, news and incentives."""


from flask import g, render_template

from ..clock import china_today
from ..content import get_content
from ..pagecache import cached
from . import bp


@bp.get("/")
@cached
def home():
    content = get_content()
    projects = content.items("projects", g.lang)
    featured = [p for p in projects if p.featured] or projects
    policies = [p for p in content.items("policies", g.lang) if p.in_force(china_today())]
    return render_template(
        "home.html",
        featured=featured[:4],
        parks=content.items("parks", g.lang),
        news=content.items("news", g.lang)[:3],
        policies=policies[:3],
        project_count=len(projects),
    )
