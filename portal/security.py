"""Strict response headers on every response, guards against oversized requests, and a
session cookie that stays under the portal's own mount."""

from flask import abort, request
from flask.sessions import SecureCookieSessionInterface

CSP = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class MountedSessionInterface(SecureCookieSessionInterface):
    """The session cookie's ``Path`` is the mount this request came through (``SCRIPT_NAME``,
    or nginx's ``X-Forwarded-Prefix``, which can differ per request), so an application at
    another path of the county's host neither receives nor overwrites it."""

    def get_cookie_path(self, app):
        return app.config["SESSION_COOKIE_PATH"] or request.script_root or "/"


def init_app(app):
    limit = app.config["MAX_QUERY_LENGTH"]
    app.session_interface = MountedSessionInterface()
    hsts = "max-age=31536000" + ("; includeSubDomains" if app.config["HSTS_SUBDOMAINS"] else "")

    @app.before_request
    def refuse_oversized_requests():
        if len(request.query_string) > limit:
            abort(414)
        # Refuse a declared oversized body at once, whatever the route, before anything reads it.
        # A view that takes files (the staff editor's uploads) says its own limit.
        own = getattr(app.view_functions.get(request.endpoint), "max_content_length", None)
        if own:
            request.max_content_length = own
        if (request.content_length or 0) > (own or app.config["MAX_CONTENT_LENGTH"]):
            abort(413)

    @app.after_request
    def set_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        return response
