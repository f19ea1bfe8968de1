"""``/<lang>/status/<token>/``: the investor's private view of their inquiry's progress.

The token in the URL is the only key: it is looked up by its hash in one indexed query, and an
unknown, malformed, revoked or erased token gets the same 404 as any other. The page is private
(never cached, never indexed, never sent on as a referrer) and the token is never logged.
"""

from flask import Blueprint

from ..errors import keep_private
from ..i18n import language_prefixed

bp = Blueprint("status", __name__, url_prefix="/<lang>/status")
language_prefixed(bp)
keep_private(bp, "a status page")


from . import views  # noqa: E402,F401  (routes register on bp)
