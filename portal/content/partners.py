"""Which desks are partners: chambers of commerce and resident offices, the desks that bring investors.

A partner's desk slug is its ``ref`` (``?ref=shenzhen-chamber``). The lookups live with the
content because inquiries, mails, reports, the sitemap and the partners' own pages all ask them.
"""

from . import get_content

PARTNER_KINDS = ("chamber", "office")  # desk kinds (content/taxonomy.yaml desk_kinds)


def is_partner(desk):
    return desk is not None and desk.kind in PARTNER_KINDS


def partner(slug, lang):
    """The partner desk ``slug`` in ``lang``, or None if there is no such desk or it is no partner."""
    desk = get_content().get("desks", slug, lang) if isinstance(slug, str) else None
    return desk if is_partner(desk) else None


def partners(lang):
    """Every partner desk, in display order."""
    return [d for d in get_content().items("desks", lang) if is_partner(d)]
