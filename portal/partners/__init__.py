"""Partners: chambers of commerce and resident offices, the desks that bring investors.

A partner's desk slug is its ``ref``: ``?ref=shenzhen-chamber`` on any URL credits the desk
shenzhen-chamber on the lead (``portal/inquiry``). This package gives each partner a public page
of ready-made links with their QR codes and a printable poster per project (``views``), a
private credit link like the investor's status link (``links`` stores it, ``credit`` shows what
the partner's links brought, nothing personal), the share box's link (``share``), and
``portal partners link <slug>`` for IT (``cli``). The back office's page for the links is
``portal/staff/partner_links.py``.
"""

from flask import Blueprint

from ..content import get_content
from ..i18n import language_prefixed

PARTNER_KINDS = ("chamber", "office")  # desk kinds (content/taxonomy.yaml desk_kinds)

bp = Blueprint("partners", __name__, url_prefix="/<lang>/partners", cli_group="partners")
language_prefixed(bp)


def is_partner(desk):
    return desk is not None and desk.kind in PARTNER_KINDS


def partner(slug, lang):
    """The partner desk ``slug`` in ``lang``, or None if there is no such desk or it is no partner."""
    desk = get_content().get("desks", slug, lang) if isinstance(slug, str) else None
    return desk if is_partner(desk) else None


def partners(lang):
    """Every partner desk, in display order."""
    return [d for d in get_content().items("desks", lang) if is_partner(d)]


from . import cli, credit, share, views  # noqa: E402,F401  (routes, commands and globals register on bp)
