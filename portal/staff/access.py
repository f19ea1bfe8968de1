"""Who may open what under ``/staff/``: one decorator per view, enforced before every request.

``staff_route(rule, permission, methods)`` registers the view and records its permission on it,
so a test can walk every route of the blueprint with every role, and a view without a declared
permission cannot be reached at all. Before each request: the network allow-list, HTTPS in
production, the CSRF token of every action, a valid session, a changed first password, then
the permission. A refusal is audited.
"""

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from .. import audit
from ..client import client_address
from ..config import secure_cookies
from . import bp
from .roles import allows_user

PUBLIC = "public"  # the login page itself


def staff_route(rule, permission, methods=("GET",)):
    def register(view):
        view.permission = permission
        bp.add_url_rule(rule, view_func=view, methods=list(methods))
        return view
    return register


def allowed_networks(config):
    raw = config.get("STAFF_ALLOW_NETWORKS") or ""
    return [ipaddress.ip_network(n.strip(), strict=False) for n in raw.split(",") if n.strip()]


def permission_of(endpoint):
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "permission", None)


def https_address(config):
    """This request's address on the site's https root (``PORTAL_SITE_URL``)."""
    site = urlsplit(config.get("SITE_URL") or request.url_root)
    return urlunsplit(("https", site.netloc, site.path.rstrip("/") + request.path,
                       request.query_string.decode("latin-1"), ""))


@bp.before_request
def guard():
    config = current_app.config
    networks = allowed_networks(config)
    if networks:
        address = client_address()
        if address is None or not any(address in n for n in networks):
            audit.record("staff.network-refused", request.path, "denied")
            abort(403)
    if config["ENV"] == "production" and not request.is_secure and secure_cookies(config):
        # The site is https: the back office is too. Its address (host, port and path prefix)
        # comes from the site URL, never from the request (whose Host lacks the port).
        if request.method in ("GET", "HEAD"):
            return redirect(https_address(config), 308)
        abort(403)
    if request.endpoint is None:
        abort(404)
    changing = request.method not in ("GET", "HEAD", "OPTIONS")
    permission = permission_of(request.endpoint)
    if permission == PUBLIC:
        return check_csrf() if changing else None
    if not current_user.is_authenticated:
        return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
    if changing:
        check_csrf()
    if current_user.must_change_password and request.endpoint not in ("staff.password", "staff.logout"):
        return redirect(url_for("staff.password"))
    if permission is None or not allows_user(current_user, permission):
        audit.record("staff.access-refused", request.path, "denied")
        abort(403)
    return None


def check_csrf():
    """Every action under /staff/ carries the session's CSRF token, whatever its view does."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as error:
        audit.record("staff.csrf-refused", request.path, "denied", {"reason": str(error)})
        raise CSRFError(str(error)) from error


@bp.after_request
def private(response):
    """Staff pages are personal: never stored by a browser's cache or a proxy, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
