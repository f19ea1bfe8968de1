"""Absolute URLs for sitemaps, canonical links and shared links."""

from flask import current_app, request, url_for


def absolute_url(endpoint, **values):
    """``PORTAL_SITE_URL`` (the site's public root, prefix included) + the endpoint's path."""
    path = url_for(endpoint, **values)
    site = current_app.config.get("SITE_URL", "").rstrip("/")
    if not site:
        return url_for(endpoint, _external=True, **values)
    return site + path[len(request.script_root):]
