"""Absolute URLs for sitemaps, canonical links and shared links, and for mail."""

import re

from flask import current_app, request, url_for

PLAIN_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)*")
UNSPECIFIED = {"0.0.0.0", "::"}


def absolute_url(endpoint, **values):
    """``PORTAL_SITE_URL`` (the site's public root, prefix included) + the endpoint's path."""
    path = url_for(endpoint, **values)
    site = current_app.config.get("SITE_URL", "").rstrip("/")
    if not site:
        return url_for(endpoint, _external=True, **values)
    return site + path[len(request.script_root):]


def mail_url(endpoint, **values):
    """An address for a mail, never taken from a request's ``Host`` or ``X-Forwarded-Host``: a
    mail outlives the request, and a forged header would send the investor elsewhere.

    ``PORTAL_SITE_URL``; else a host that ``PORTAL_TRUSTED_HOSTS`` allowed (a request with any
    other host was answered 400); else the address ``portal serve`` listens on (``PORTAL_HOST``,
    ``PORTAL_PORT``). In production the site URL is required (``config.check_production``)."""
    config = current_app.config
    path = url_for(endpoint, **values)[len(request.script_root):]
    if config.get("SITE_URL"):
        return config["SITE_URL"].rstrip("/") + path
    if config.get("TRUSTED_HOSTS"):
        scheme = request.scheme if request.scheme in ("http", "https") else "https"
        prefix = request.script_root if PLAIN_PREFIX.fullmatch(request.script_root) else ""
        return f"{scheme}://{request.host}{prefix}{path}"
    host = str(config.get("HOST") or "127.0.0.1")
    host = "localhost" if host in UNSPECIFIED else f"[{host}]" if ":" in host else host
    return f"http://{host}:{config.get('PORT') or 8000}{path}"
