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

from ..i18n import language_prefixed

bp = Blueprint("partners", __name__, url_prefix="/<lang>/partners", cli_group="partners")
language_prefixed(bp)


from . import cli, credit, share, views  # noqa: E402,F401  (routes, commands and globals register on bp)
