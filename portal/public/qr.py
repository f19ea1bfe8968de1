"""QR codes to this site's pages, drawn by segno as SVG: no image files, no scripts.

``qr_svg(url)`` (a template global) gives an inline ``<svg>`` for printed sheets: the code sits
in the page itself, so printing never waits for an image. ``/<lang>/qr.svg?path=/zh/projects/x/``
serves the same drawing as a file for partners' flyers; ``path`` must be a path on this site.
"""

from functools import lru_cache

import segno
from flask import abort, current_app, request
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..pagecache import cached
from . import bp

MAX_URL = 400  # longer addresses make codes too dense to scan from a 26 mm print: none then


@lru_cache(maxsize=512)
def qr_drawing(url):
    """The SVG markup of a QR code (error correction M, 2-module quiet zone) for ``url``."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)


@bp.app_template_global()
def qr_svg(url):
    """An inline, labelled ``<svg>`` QR code for ``url`` (sized by CSS through its viewBox);
    nothing for an address too long to scan (the printed address still stands)."""
    if len(url) > MAX_URL:
        return Markup("")
    label = escape(_("QR code: %(url)s", url=url))
    return Markup(qr_drawing(url).replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


@bp.get("/qr.svg")
@cached
def qr_file():
    """A QR code to ``path`` on this site, as an SVG file; 404 for anything but such a path."""
    path = request.args.get("path", "")
    root = request.script_root + "/"
    if (not path.startswith(root) or path.startswith("//") or len(path) > MAX_URL - 100
            or any(ord(c) < 33 or ord(c) == 127 or c in '\\"<>' for c in path)):
        abort(404)
    site = current_app.config.get("SITE_URL", "").rstrip("/") or request.url_root.rstrip("/")
    url = site + path[len(request.script_root):]
    svg = qr_drawing(url).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return current_app.response_class(svg, mimetype="image/svg+xml")
