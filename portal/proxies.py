"""What the proxy in front (nginx) tells the portal, and how far the portal believes it.

Behind ``PORTAL_PROXY_COUNT`` proxies, ProxyFix takes the client's address, the scheme and the
host from their ``X-Forwarded-*`` headers. The mount (the path prefix, e.g. ``/zsj``) is taken
from ``PORTAL_SITE_URL`` when it is set: a client can send ``X-Forwarded-Prefix`` itself, and a
proxy that does not overwrite it (nginx passes unknown headers on) would let it shape every link
of a page that is then cached and shared. Without a site URL the header is still followed, as
``make run``-like set-ups mounted by nginx have nothing else to go by.

``/healthz/forwarded`` answers how many values of each forwarded header the request carried:
``portal doctor`` asks it through the site's public address to compare the proxies that are
really there with ``PORTAL_PROXY_COUNT``, and the prefix nginx sends with the site URL's. Counts
and that path only, never an address.
"""

from urllib.parse import urlsplit

from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from .urls import PLAIN_PREFIX

FORWARDED = ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix")


def site_prefix(config):
    """The path prefix of ``PORTAL_SITE_URL`` (``"/zsj"``, or ``""`` at the host's root), or None
    when no site URL is set."""
    url = config.get("SITE_URL") or ""
    return urlsplit(url).path.rstrip("/") if url else None


class SiteMount:
    """WSGI layer: every request is under the site URL's prefix, whatever a header says."""

    def __init__(self, app, prefix):
        self.app, self.prefix = app, prefix

    def __call__(self, environ, start_response):
        environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)


def forwarded_counts(environ):
    """``{header: number of values it carried}`` for each forwarded header (0 when absent)."""
    counts = {}
    for name in FORWARDED:
        raw = environ.get("HTTP_" + name.upper().replace("-", "_"), "")
        counts[name] = len([value for value in raw.split(",") if value.strip()])
    return counts


def forwarded_prefix(environ):
    """The prefix the nearest proxy sent, when it is a plain path (``/zsj``), else ``""``."""
    sent = environ.get("HTTP_X_FORWARDED_PREFIX", "").split(",")[-1].strip().rstrip("/")
    return sent if PLAIN_PREFIX.fullmatch(sent) else ""


def init_app(app):
    """Trust exactly ``PROXY_COUNT`` proxies; call last, so that this layer is outermost and the
    page cache and Flask both see the rewritten environ."""

    def forwarded():
        response = app.json.response({**forwarded_counts(request.environ),
                                      "prefix": forwarded_prefix(request.environ)})
        response.headers["Cache-Control"] = "no-store"
        return response

    app.add_url_rule("/healthz/forwarded", "forwarded", forwarded)
    if hops := app.config["PROXY_COUNT"]:
        prefix = site_prefix(app.config)
        inner = app.wsgi_app if prefix is None else SiteMount(app.wsgi_app, prefix)
        app.wsgi_app = ProxyFix(inner, x_for=hops, x_proto=hops, x_host=hops,
                                x_prefix=hops if prefix is None else 0)
