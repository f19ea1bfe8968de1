"""Partners' private credit links: a random token in the URL, only its hash in the database.

As with the investor's status link (``portal/leads/tokens.py``), a look-up is one indexed
equality on the hash, so an unknown token costs what a known one does, and the database never
holds a usable link. A revoked link answers exactly like one that never existed.
"""

import sqlalchemy as sa

from ..db import utcnow
from ..db.schema import partner_links
from ..leads.tokens import new_token, token_hash


def issue(connection, partner, by=None, now=None):
    """A new live link for ``partner`` (a desk slug); return ``(link id, token)``. The token is
    seen only here: show it once, never store or log it."""
    token = new_token()
    result = connection.execute(partner_links.insert().values(
        partner=partner, token_hash=token_hash(token), created_at=now or utcnow(), created_by=by))
    return result.inserted_primary_key[0], token


def revoke(connection, link_id, by=None, now=None):
    """Revoke the live link ``link_id``; return its partner, or None if there was no live link."""
    row = connection.execute(sa.select(partner_links.c.partner).where(
        partner_links.c.id == link_id, partner_links.c.revoked_at.is_(None))).first()
    if row is None:
        return None
    connection.execute(partner_links.update().where(partner_links.c.id == link_id)
                       .values(revoked_at=now or utcnow(), revoked_by=by))
    return row.partner


def partner_of(connection, token):
    """The partner slug of a live link ``token``; None for unknown, revoked or malformed ones."""
    return connection.execute(sa.select(partner_links.c.partner).where(
        partner_links.c.token_hash == token_hash(token),
        partner_links.c.revoked_at.is_(None))).scalar()


def live_links(connection):
    """Rows of every live link (id, partner, created_at, created_by), newest first."""
    return connection.execute(
        sa.select(partner_links.c.id, partner_links.c.partner, partner_links.c.created_at,
                  partner_links.c.created_by)
        .where(partner_links.c.revoked_at.is_(None)).order_by(partner_links.c.id.desc())).all()
