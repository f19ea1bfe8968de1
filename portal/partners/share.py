"""The address the share box offers (``includes/share_box.html``): this page as a visitor shares
it, with the partner's ``ref`` when the visitor came through one, and no box on private pages."""

from dataclasses import dataclass

from flask import request, url_for

from ..content.partners import is_partner, partner
from ..inquiry import valid_ref
from ..urls import absolute_url
from . import bp

# A status link, a partner's credit link, a thank-you page: their addresses are someone's own.
PRIVATE_BLUEPRINTS = frozenset({"status", "partners.credit"})
PRIVATE_ENDPOINTS = frozenset({"inquiry.thanks"})


@dataclass(frozen=True)
class Shared:
    url: str  # absolute, for people
    path: str  # under the mount, for the QR code files (``/<lang>/qr.svg?path=``)


# The pages that are a partner's own (its desk page, its page of links and posters), by the
# view argument that names the partner.
OWN_PAGES = {"public.desk": "slug", "partners.page": "slug", "partners.poster": "slug"}


def ref_of_page():
    """The partner this page credits: its ``?ref=``, or on a partner's own pages that partner."""
    ref = valid_ref(request.args.get("ref"))
    if ref:
        return ref
    slug = (request.view_args or {}).get(OWN_PAGES.get(request.endpoint, ""))
    return slug if partner(slug, "zh") else None


@bp.app_template_global()
def desk_ref(desk):
    """The ``ref`` for an inquiry link to ``desk``: the visitor's own ``?ref=`` when they came
    through a partner's link, else the desk's slug when the desk is a partner (a partner's own
    desk credits itself), else None (``url_for`` then leaves ``ref`` off)."""
    return valid_ref(request.args.get("ref")) or (desk.slug if is_partner(desk) else None)


@bp.app_template_global()
def share_link():
    """This page's :class:`Shared` address (canonical, plus ``ref`` when there is one), or None
    where nothing should be shared: private pages and pages outside ``/<lang>/``."""
    rule = request.url_rule
    if (rule is None or "lang" not in rule.arguments or request.blueprint in PRIVATE_BLUEPRINTS
            or request.endpoint in PRIVATE_ENDPOINTS):
        return None
    args = {**(request.view_args or {}), **request.args.to_dict(flat=False)}
    args.pop("ref", None)
    ref = ref_of_page()
    if ref:
        args["ref"] = ref
    return Shared(absolute_url(request.endpoint, **args), url_for(request.endpoint, **args))
