"""Photos and attachments of content bundles, and their resized copies.

Only files that a loaded bundle holds can be served, so no path from a visitor reaches the
file system. ``portal images`` writes resized JPEGs to the instance folder; until it has run,
the original is served.
"""

import hashlib
import io
import mimetypes
from pathlib import Path

from flask import abort, current_app, send_file
from PIL import Image, ImageOps

from .content import get_content

WIDTHS = (480, 960)
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}


def derivative_path(instance, section, slug, name, width):
    return Path(instance) / "media" / section / slug / f"{Path(name).stem}-{width}.jpg"


def serve(section, slug, name, width=None):
    original = get_content().file(section, slug, name)
    if original is None:
        abort(404)
    if width is not None:
        if width not in WIDTHS:
            abort(404)
        resized = derivative_path(current_app.instance_path, section, slug, name, width)
        if resized.exists():
            return send_bytes(resized)
    return send_bytes(original)


def send_bytes(path):
    """Send a file read whole: no file handle outlives the request, even if the client leaves."""
    data = path.read_bytes()
    return send_file(
        io.BytesIO(data), mimetype=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        etag=hashlib.blake2b(data, digest_size=12).hexdigest(), last_modified=path.stat().st_mtime,
        max_age=86400, conditional=True,
    )


def build_images(content, instance, progress=None):
    """Write every photo's resized copies that are missing or stale; return how many."""
    written = 0
    for (section, slug), bundle in content.bundles.items():
        for name, path in bundle.files.items():
            if path.suffix.lower() not in PHOTO_SUFFIXES:
                continue
            for width in WIDTHS:
                target = derivative_path(instance, section, slug, name, width)
                if target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with Image.open(path) as image:
                    image = ImageOps.exif_transpose(image).convert("RGB")
                    image.thumbnail((width, width * 4))
                    tmp = target.with_suffix(".tmp")
                    image.save(tmp, "JPEG", quality=72, optimize=True, progressive=True)
                    tmp.replace(target)
                written += 1
            if progress:
                progress(f"{section}/{slug}/{name}")
    return written


def init_app(app):
    app.add_url_rule("/media/<section>/<slug>/<name>", "media", serve)
    app.add_url_rule("/media/<section>/<slug>/<int:width>/<name>", "media_sized", serve)
