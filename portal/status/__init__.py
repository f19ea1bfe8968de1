"""``/<lang>/status/<token>/``: the investor's private view of their inquiry's progress.

The token in the URL is the only key: it is looked up by its hash in one indexed query, and an
unknown, malformed, revoked or erased token gets the same 404 as any other. The page is private
(never cached, never indexed, never sent on as a referrer) and the token is never logged.
"""

import logging

from flask import Blueprint
from werkzeug.exceptions import HTTPException, InternalServerError

from ..errors import render_error
from ..i18n import language_prefixed

bp = Blueprint("status", __name__, url_prefix="/<lang>/status")
language_prefixed(bp)
log = logging.getLogger(__name__)
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


@bp.after_request
def private(response):
    """Every answer under the prefix, the 404 included: the token is in the URL."""
    response.headers.update(PRIVATE)
    return response


@bp.errorhandler(Exception)
def without_the_token(error):
    """Errors answer as anywhere else, but the log line leaves out the path: it holds the token."""
    if isinstance(error, HTTPException):
        return render_error(error)
    log.exception("unhandled error on a status page (path not logged: it holds the token)")
    return render_error(InternalServerError())


from . import views  # noqa: E402,F401  (routes register on bp)
