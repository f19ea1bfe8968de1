"""The public site under ``/<lang>/``: one blueprint, one small module per content type."""

from flask import Blueprint, abort, current_app, g, request, url_for

from ..clock import china_today
from ..content import get_content
from ..i18n import language_prefixed
from ..urls import absolute_url

bp = Blueprint("public", __name__, url_prefix="/<lang>")
language_prefixed(bp)


@bp.app_context_processor
def template_globals():
    content = get_content()
    return {
        "lang": g.get("lang", "zh"),
        "site": content.site,
        "taxonomy": content.taxonomy,
        "today": china_today(),  # policies and units change on the day in China
        "alternate": alternate_url,
        "absolute_url": absolute_url,
        "content_problems": preview_problems() if current_app.config["PREVIEW"] else None,
    }


def preview_problems():
    """For the staff preview: ``(errors by file, warnings)`` of the working copy."""
    errors, warnings = {}, []
    for problem in current_app.extensions["content"].problems:
        if problem.severity == "error":
            errors.setdefault(problem.path, []).append(problem)
        else:
            warnings.append(problem)
    return errors, warnings


def alternate_url(lang, external=False):
    """This page in another language (same item, same filters)."""
    if request.endpoint is None or "lang" not in request.url_rule.arguments:
        return url_for("public.home", lang=lang, _external=external)
    args = {**(request.view_args or {}), **request.args.to_dict(flat=False), "lang": lang}
    if external:  # canonical and hreflang links: no partner credit for search engine visitors
        args.pop("ref", None)
        return absolute_url(request.endpoint, **args)
    return url_for(request.endpoint, **args)


def find(section, slug):
    """The item in the visitor's language, or 404."""
    item = get_content().get(section, slug, g.lang)
    if item is None:
        abort(404)
    return item


from . import book, catalogue, compare, directory, home, parks, qr, sharing, units  # noqa: E402,F401  (routes register on bp)
