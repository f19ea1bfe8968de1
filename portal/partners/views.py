"""``/<lang>/partners/<slug>/``: a partner's ready-made links and QR codes; and
``/<lang>/partners/<slug>/poster/<project>/``: a project's A4 poster with the partner's code."""

from flask import abort, g, render_template, url_for

from ..content import get_content
from ..pagecache import cached
from ..urls import absolute_url
from . import bp, is_partner, partner
from .ready import ready_links


def partner_or_404(slug):
    desk = partner(slug, g.lang)
    if desk is None:
        abort(404)  # no such desk, or a desk that is no partner (the bureau, a team)
    return desk


@bp.get("/<slug>/")
@cached
def page(slug):
    desk = partner_or_404(slug)
    return render_template("partners/page.html", item=desk, desk=desk,
                           sectors=ready_links(desk, g.lang))


@bp.get("/<slug>/poster/<project>/")
@cached
def poster(slug, project):
    desk = partner_or_404(slug)
    content = get_content()
    item = content.get("projects", project, g.lang)
    if item is None:
        abort(404)
    return render_template(
        "partners/poster.html", partner=desk, project=item,
        park=content.get("parks", item.park, g.lang) if item.park else None,
        desk=content.get("desks", item.desk, g.lang),
        url=absolute_url("public.project", slug=item.slug, ref=desk.slug))


@bp.app_template_global()
def partner_page_url(desk):
    """The address of ``desk``'s partner page, or None for a desk that is no partner."""
    return url_for("partners.page", slug=desk.slug) if is_partner(desk) else None
