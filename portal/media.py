"""Photos and attachments, served from the published generation.

Only files of a published bundle can be served, so no path from a visitor reaches the file
system. Photos are served only in the sizes that publishing derived (stripped of metadata and
upright, see ``portal.images``); their original address answers 404, so no original from
``content/`` is ever sent. Attachments (PDF…) are served as they were published.
"""

import hashlib
import io
import mimetypes

from flask import abort, send_file

from .content import get_content
from .images import WIDTHS, is_photo, sized_name


def serve(section, slug, name, width=None):
    content = get_content()
    path = content.file(section, slug, name)
    if path is None or (width is None and is_photo(name)):
        abort(404)
    if width is not None:
        if width not in WIDTHS or not is_photo(name):
            abort(404)
        path = path.parent / sized_name(name, width)
    try:
        return send_bytes(path)
    except FileNotFoundError:  # a generation removed under a very old request, or a bad photo
        abort(404)


def send_bytes(path):
    """Send a file read whole: no file handle outlives the request, even if the client leaves."""
    data = path.read_bytes()
    return send_file(
        io.BytesIO(data), mimetype=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        etag=hashlib.blake2b(data, digest_size=12).hexdigest(), last_modified=path.stat().st_mtime,
        max_age=86400, conditional=True,
    )


def init_app(app):
    app.add_template_global(share_image)
    app.add_url_rule("/media/<section>/<slug>/<name>", "media", serve)
    app.add_url_rule("/media/<section>/<slug>/<int:width>/<name>", "media_sized", serve)


def share_image(section, slug):
    """``(absolute_url, width, height)`` of the item's share image (WeChat, Open Graph), or None.

    Placeholder until share images are derived per generation.
    """
    return None
