"""``/<lang>/partners/credit/<token>/``: a partner's private view of what its links brought.

Like the investor's status page: the token is the only key, looked up by its hash; unknown,
malformed and revoked tokens (and a desk that is no longer a partner) get the same 404; every
answer under the prefix is private (never cached, never indexed, never sent on as a referrer)
and no log line holds the path, which holds the token.
"""


from flask import Blueprint, abort, g, render_template

from ..content import get_content
from ..content.partners import partner
from ..db import engine
from ..errors import keep_private
from ..leads.answers import item_label
from ..leads.pipeline import LABELS as STAGE_LABELS
from . import bp
from .figures import credit_of
from .links import partner_of

credit_bp = Blueprint("credit", __name__, url_prefix="/credit")
keep_private(credit_bp, "a partner's credit page")


def industries_of(content, item):
    """The industries an inquiry's item stands for: a project's own; a park's leading
    industries, for the park or one of its units; none for a general inquiry."""
    kind, _, key = (item or "").partition(":")
    if kind == "project":
        project = content.get("projects", key, "zh")
        return (project.industry,) if project else ()
    if kind in ("park", "unit"):
        park = content.get("parks", key.partition("/")[0], "zh")
        return tuple(park.industries) if park else ()
    return ()


@credit_bp.get("/<token>/")
def page(token):
    with engine().connect() as connection:
        desk = partner(partner_of(connection, token), g.lang)
        if desk is None:
            abort(404)  # unknown, malformed, revoked, or no longer a partner: one answer for all
        content = get_content()
        credit = credit_of(connection, desk.slug, lambda item: industries_of(content, item))
    items = [(item_label(content, key, g.lang) if key else None, count)
             for key, count in credit.by_item.most_common()]
    return render_template("partners/credit.html", partner=desk, credit=credit, items=items,
                           stage_labels=STAGE_LABELS)


bp.register_blueprint(credit_bp)
