"""``/<lang>/partners/<slug>/``: a partner's ready-made links and QR codes; and
``/<lang>/partners/<slug>/poster/<project>/``: a project's A4 poster with the partner's code."""

from flask import abort, g, render_template, url_for

from ..content import get_content
from ..content.partners import is_partner, partner
from ..content.policies import applicable_policies
from ..pagecache import cached
from ..urls import absolute_url
from . import bp
from .ready import open_to_investors, ready_links

POSTER_INCENTIVES = 4  # what one A4 page holds beside the figures, the photo and the code


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
    if item is None or not open_to_investors(item):
        abort(404)  # no such project, or a signed one: nothing left to bring an investor to
    # The partner who prints the poster is the reader's contact; the bureau stays its publisher.
    bureau = next((d for d in content.items("desks", g.lang) if d.kind == "bureau"), None)
    return render_template(
        "partners/poster.html", partner=desk, project=item, bureau=bureau,
        park=content.get("parks", item.park, g.lang) if item.park else None,
        incentives=poster_incentives(content, item, g.lang),
        url=absolute_url("public.project", slug=item.slug, ref=desk.slug))


def poster_incentives(content, project, lang, limit=POSTER_INCENTIVES):
    """``[(text, detail)]``, at most ``limit``: the incentives the project claims (its text,
    no detail), then the other policies in force that apply (title, summary)."""
    found = [(claim.text, None) for claim in project.incentives]
    claimed = {claim.policy for claim in project.incentives}
    found += [(p.title, p.summary) for p in applicable_policies(content, project, lang)
              if p.slug not in claimed]
    return found[:limit]


@bp.app_template_global()
def partner_page_url(desk):
    """The address of ``desk``'s partner page, or None for a desk that is no partner."""
    return url_for("partners.page", slug=desk.slug) if is_partner(desk) else None
