"""QR codes to this site's pages, drawn by segno: inline SVG for paper, SVG and PNG files to share.

``qr_svg(url)`` (a template global) gives an inline ``<svg>`` for printed sheets: the code sits
in the page itself, so printing never waits for an image. Any page or filtered list has its code
at two stable addresses, ``/<lang>/qr.svg?path=/zh/projects/?industry=materials`` and the PNG
twin ``/<lang>/qr.png?path=…&size=480`` (``size`` in pixels, bounded), each encoding the page's
absolute address (``PORTAL_SITE_URL``, else the request's root; a mount path respected; a
partner's ``?ref=`` in the path kept). ``path`` must be a path on this site: anything else is a
404. (A desk's WeChat code is the image the desk saved from WeChat: see partners/wechat_code.html.)
"""

import io
from functools import lru_cache

import segno
from flask import abort, current_app, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..pagecache import cached
from . import bp

MAX_URL = 400  # longer addresses make codes too dense to scan from a 26 mm print: none then
MAX_PATH = MAX_URL - 100  # what a shared address may hold besides the site's root
BORDER = 2  # modules of quiet zone: enough for phone scanners, saves print space
PNG_SIZES = range(64, 2049)  # pixels: a phone's screen to a printed poster at 300 dpi
PNG_DEFAULT = 480


@lru_cache(maxsize=512)
def qr_code(text):
    """segno's QR code (error correction M, never a micro code) for ``text``."""
    return segno.make(text, error="m", micro=False)


@lru_cache(maxsize=512)
def qr_drawing(url):
    """The SVG markup of a QR code (2-module quiet zone) for ``url``."""
    return qr_code(url).svg_inline(scale=1, border=BORDER, omitsize=True, svgclass="qr", lineclass=None)


def labelled(svg, label, css_class=None):
    """``svg`` (segno's markup) as an image with an accessible name."""
    if css_class:
        svg = svg.replace('class="qr"', f'class="qr {css_class}"', 1)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


@bp.app_template_global()
def qr_svg(url, css_class=None):
    """An inline, labelled ``<svg>`` QR code for ``url`` (sized by CSS through its viewBox);
    nothing for an address too long to scan (the printed address still stands)."""
    if len(url) > MAX_URL:
        return Markup("")
    return labelled(qr_drawing(url), _("QR code: %(url)s", url=url), css_class)


@bp.app_template_global()
def qr_files(path):
    """``{"svg": url, "png": url}``: the addresses of the QR code files for ``path`` on this site."""
    return {"svg": url_for("public.qr_file", path=path), "png": url_for("public.qr_png", path=path)}


def target_url(path):
    """The absolute address a code for ``path`` encodes; 404 unless ``path`` is a path on this
    site (under its mount), short enough to scan and free of characters a URL cannot hold."""
    root = request.script_root + "/"
    if (not path.startswith(root) or path.startswith("//") or len(path) > MAX_PATH
            or any(ord(c) < 33 or ord(c) == 127 or c in '\\"<>' for c in path)):
        abort(404)
    site = current_app.config.get("SITE_URL", "").rstrip("/") or request.url_root.rstrip("/")
    return site + path[len(request.script_root):]


@bp.get("/qr.svg")
@cached
def qr_file():
    """A QR code to ``path`` on this site, as an SVG file; 404 for anything but such a path."""
    url = target_url(request.args.get("path", ""))
    svg = qr_drawing(url).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return current_app.response_class(svg, mimetype="image/svg+xml")


@bp.get("/qr.png")
@cached
def qr_png():
    """The same code as a PNG at most ``size`` pixels wide (whole pixels per module, so it
    stays sharp); 404 for a path not on this site or a size outside ``PNG_SIZES``."""
    url = target_url(request.args.get("path", ""))
    size = request.args.get("size", str(PNG_DEFAULT))
    if not (size.isascii() and size.isdigit() and len(size) <= 4 and int(size) in PNG_SIZES):
        abort(404)
    code = qr_code(url)
    modules = code.symbol_size(scale=1, border=BORDER)[0]
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(1, int(size) // modules), border=BORDER)
    return current_app.response_class(out.getvalue(), mimetype="image/png")
