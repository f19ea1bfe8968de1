"""Photos and attachments, served from the published generation.

Only files of a published bundle can be served, so no path from a visitor reaches the file
system. Photos are served only as publishing derived them (stripped of metadata and upright,
see ``portal.images``), under content-hashed names that browsers may keep for a year; their
original address answers 404, so no original from ``content/`` is ever sent. The address of a
size from before hashed names (``/media/<section>/<slug>/<width>/<name>``, still in pages shared
long ago and in Markdown bodies) answers with today's JPEG of the nearest width. Attachments
(PDF, see ``portal.content.attachments``) are served as they were published, as downloads;
any other name answers 404, so no page, script or SVG from content runs on the site's origin.
Every file is sent with ``nosniff``: its type is ours, never guessed by the browser.

Templates get ``derived_photo`` (what the ``photo`` macro writes) and ``share_image``.
"""

import hashlib
import io
import mimetypes
from dataclasses import dataclass

from flask import abort, send_file, url_for

from .content import get_content
from .content.attachments import attachment_type
from .images import FORMATS, SHARP, WIDTHS, derived_name, read_photo_index
from .urls import absolute_url

YEAR_S = 365 * 24 * 3600
DAY_S = 24 * 3600
# Focal points snap to a 5×5 grid of classes (``.focus-25-0`` … in site.css): the CSP allows
# no inline style, and a quarter step is finer than a card crop needs.
FOCUS_STEPS = 4


@dataclass(frozen=True)
class PhotoIndex:
    photos: dict  # (section, slug, name) -> the entry publishing wrote (see publish/files.py)
    files: dict  # (section, slug, derived file name) -> name of the photo it was derived from
    shares: dict  # (section, slug) -> (share file name, width, height)


@dataclass(frozen=True)
class DerivedPhoto:
    """What a page writes for one photo: a fallback ``src`` with its true size, a ``srcset``
    per format (``webp``, ``jpg``) listing only real widths, and the crop's focus class."""

    src: str
    width: int
    height: int
    srcset: dict
    focus_class: str


def photo_index(content):
    """The photo index of ``content``'s generation, read once per generation and worker."""
    return content.derived("photo-index", lambda: build_index(read_photo_index(content.root)))


def build_index(entries):
    photos, files, shares = {}, {}, {}
    for ident, entry in entries.items():
        section, slug, name = ident.split("/", 2)
        photos[section, slug, name] = entry
        for width, _ in entry["sizes"]:
            for fmt in FORMATS:
                files[section, slug, derived_name(name, entry["key"], width, fmt)] = name
        if entry.get("share"):
            files[section, slug, entry["share"]["name"]] = name
            shares[section, slug] = (entry["share"]["name"], *entry["share"]["size"])
    return PhotoIndex(photos, files, shares)


def serve(section, slug, name, width=None):
    content = get_content()
    index = photo_index(content)
    if width is not None:
        return serve_old_size(content, index, section, slug, name, width)
    original = index.files.get((section, slug, name))
    if original is not None:
        path = content.file(section, slug, original)
        return send_bytes(path.parent / name, max_age=YEAR_S) if path else abort(404)
    path = content.file(section, slug, name)
    mimetype = attachment_type(name)
    if path is None or mimetype is None:
        abort(404)
    return send_bytes(path, mimetype=mimetype, download=True)


def serve_old_size(content, index, section, slug, name, width):
    """``/<width>/<name>``: today's JPEG of the smallest real width at least ``width`` wide (or
    the largest), so an old link shows the photo as it is now."""
    entry = index.photos.get((section, slug, name))
    path = content.file(section, slug, name)
    if entry is None or path is None or width not in WIDTHS:
        abort(404)
    widths = [w for w, _ in entry["sizes"]]
    nearest = next((w for w in widths if w >= width), widths[-1])
    return send_bytes(path.parent / derived_name(name, entry["key"], nearest, "jpg"), max_age=DAY_S)


def send_bytes(path, max_age=DAY_S, mimetype=None, download=False):
    """Send a file read whole: no file handle outlives the request, even if the client leaves.

    ``max_age=YEAR_S`` is for content-hashed names: public, a year, and immutable. ``download``
    sends it as an attachment under its own name (``filename*`` for a Chinese one)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:  # a generation removed under a very old request, or a bad photo
        abort(404)
    mimetype = mimetype or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = send_file(
        io.BytesIO(data), mimetype=mimetype,
        as_attachment=download, download_name=path.name,
        etag=hashlib.blake2b(data, digest_size=12).hexdigest(), last_modified=path.stat().st_mtime,
        max_age=max_age, conditional=True,
    )
    if max_age >= YEAR_S:
        response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def derived_photo(section, slug, name):
    """The :class:`DerivedPhoto` of a bundle's photo, or None if publishing has none (unreadable)."""
    entry = photo_index(get_content()).photos.get((section, slug, name))
    if entry is None:
        return None
    sizes, key = entry["sizes"], entry["key"]
    width, height = ([s for s in sizes if s[0] <= SHARP] or sizes[:1])[-1]

    def url(w, fmt):
        return url_for("media", section=section, slug=slug, name=derived_name(name, key, w, fmt))

    srcset = {fmt: ", ".join(f"{url(w, fmt)} {w}w" for w, _ in sizes) for fmt in FORMATS}
    return DerivedPhoto(url(width, "jpg"), width, height, srcset, focus_class(entry.get("focus")))


def focus_class(focus):
    """``focus-<x>-<y>`` (percent, in quarter steps) for a focal point off the centre, else ''."""
    if not focus:
        return ""
    x, y = (round(f * FOCUS_STEPS) * 100 // FOCUS_STEPS for f in focus)
    return "" if (x, y) == (50, 50) else f"focus-{x}-{y}"


def share_image(section, slug):
    """``(absolute_url, width, height)`` of the item's share image (WeChat, Open Graph): its cover
    cropped to 1200×630 around the focal point, at a content-hashed address; or None (no cover,
    or one too small to share)."""
    share = photo_index(get_content()).shares.get((section, slug))
    if share is None:
        return None
    name, width, height = share
    return absolute_url("media", section=section, slug=slug, name=name), width, height


def init_app(app):
    app.add_template_global(share_image)
    app.add_template_global(derived_photo)
    app.add_url_rule("/media/<section>/<slug>/<name>", "media", serve)
    app.add_url_rule("/media/<section>/<slug>/<int:width>/<name>", "media_sized", serve)
