"""Error pages in the visitor's language: a clear 4xx, never a bare 500."""

import logging

from flask import current_app, g, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from .i18n import preferred_language
from .spool import unreachable

log = logging.getLogger(__name__)
RETRY_AFTER_S = 60


class DatabaseUnreachable(ServiceUnavailable):
    """A page that needs the database while it is down (the back office, a status link): 503
    saying so, not "something went wrong"; inquiries are kept in the spool meanwhile."""

    database = True


def error_language():
    """The language of the page the visitor asked for, else their preference."""
    first = request.path.lstrip("/").split("/", 1)[0]
    if first in current_app.config["LANGUAGES"]:
        return first
    return preferred_language(current_app)


def render_error(error):
    g.lang = error_language()
    status = error.code or 500
    try:
        body = render_template("error.html", status=status, error=error)
    except Exception:  # the error page itself failed: answer plainly rather than loop
        log.exception("error page failed")
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1>"
    response = current_app.response_class(body, status=status, mimetype="text/html")
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    if isinstance(error, DatabaseUnreachable):
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def server_error(error, where):
    """The page for an unhandled ``error`` (``where`` names the request in the log)."""
    if unreachable(error):
        log.error("database unreachable on %s: %s", where, error)
        return render_error(DatabaseUnreachable())
    log.exception("unhandled error on %s", where)
    return render_error(InternalServerError())


def init_app(app):
    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(Exception)
    def unexpected(error):
        return server_error(error, request.path)


PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


def keep_private(bp, page):
    """Blueprint ``bp`` serves pages whose URL holds a secret token (``page`` names them in the
    log): every answer, a 404 included, is no-store, noindex and no-referrer, and errors answer
    as anywhere else but log without the path."""

    @bp.after_request
    def private(response):
        response.headers.update(PRIVATE)
        return response

    @bp.errorhandler(Exception)
    def without_the_token(error):
        if isinstance(error, HTTPException):
            return render_error(error)
        return server_error(error, f"{page} (path not logged: it holds the token)")

    return bp
