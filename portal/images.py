"""Photos as they enter a published generation: upright, without metadata, in the sizes pages use.

A phone photo carries its GPS position, altitude and camera in EXIF, XMP and maker notes, and is
often stored sideways with an orientation tag. Publishing re-encodes every photo from its pixels
alone: the orientation is applied to the pixels, the colour profile is kept (so colours look the
same), and nothing else of the original file reaches the snapshot. Pages use only the derived
copies; the original file in ``content/`` is never served.

Each photo becomes a stripped master and, for every width of ``WIDTHS`` it can fill (never
upscaled), a WebP and a JPEG named ``<stem>.<key>.<width>.webp|jpg``. The key is a hash of the
source's bytes and of the settings here, so a name never changes meaning: browsers may keep the
file for a year, and a later publish can reuse the file when the photo has not changed. A cover
also gets a share image (``<stem>.<key>.share.jpg``, 1200×630) cropped around its focal point.
"""

import hashlib
import json
from pathlib import Path

from PIL import Image, ImageOps

# Widths that fit phones and desktops at their pixel ratios: a 360-412 px phone at 1-3x, a
# 30rem card or a 60rem cover at 1x-1.5x.
WIDTHS = (360, 480, 720, 960, 1440)
# A photo narrower than this looks blurred where pages show it widest (a 60rem cover at 1x);
# content checks warn below it, and body images in Markdown ask for it (``/<width>/<name>``).
SHARP = 960
LARGEST = SHARP  # the name content checks and Markdown import
MASTER_MAX = 2560  # the stripped master kept in the snapshot, from which sizes are derived
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})
QUALITY = {"master": 85, "jpeg": 72, "webp": 70, "share": 80}
WEBP_METHOD = 2  # of 0-6: 4 (the default) saves 5-8% of bytes for three times the work
FORMATS = {"webp": "image/webp", "jpg": "image/jpeg"}
OWN_WIDTH_GAIN = 1.15  # 4% more pixels than the 960 copy is not worth a file of its own
SHARE_SIZE = (1200, 630)  # Open Graph and WeChat's large card
SHARE_MIN_WIDTH = 600  # a cover narrower than this gets no share image (the site's default is used)
VERSION = 1  # bump when the pixels derived from the same source change: every key changes
SETTINGS = repr((VERSION, WIDTHS, MASTER_MAX, sorted(QUALITY.items()), WEBP_METHOD))
CENTRE = (0.5, 0.5)
PHOTOS = "photos.json"  # a generation's index of its photos and their derived copies
# The largest photo accepted, checked from the header before any pixel is decoded: a 50-megapixel
# phone photo (8160×6120) fits; a PNG header of 13,000×13,000 (20 KB on disk) would decode to
# 500 MB. Pillow's own bomb check agrees: it warns above this and refuses twice this.
MAX_PIXELS = 50_000_000
MAX_SIDE = 20_000  # a phone panorama is 16,000 wide; a strip 50,000×1 is no photo
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class TooLarge(ValueError):
    """A photo whose header claims more pixels than ``MAX_PIXELS`` or a side over ``MAX_SIDE``;
    ``size`` is ``(width, height)``, or None when Pillow refused the header itself."""

    def __init__(self, size=None):
        super().__init__(f"image of {size[0]}×{size[1]} pixels" if size else "image too large")
        self.size = size


def read_photo_index(root):
    """The photo index of the generation at ``root``: ``{"section/slug/name": entry}`` ({} if none)."""
    try:
        return json.loads((Path(root) / PHOTOS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def open_checked(path):
    """The image at ``path`` opened from its header only (no pixels decoded yet); raise TooLarge
    if it claims more than ``MAX_PIXELS`` or a side over ``MAX_SIDE``, OSError if unreadable."""
    try:
        image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Refused by Pillow (above twice the limit), or its warning raised as an error.
        raise TooLarge() from error
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        image.close()
        raise TooLarge((width, height))
    return image


def is_photo(name):
    return "." in name and "." + name.rsplit(".", 1)[1].lower() in PHOTO_SUFFIXES


def photo_key(digest):
    """The 10-hex-digit key of a photo whose source has SHA-256 ``digest``, under these settings."""
    return hashlib.blake2b(f"{digest}:{SETTINGS}".encode(), digest_size=5).hexdigest()


def share_key(key, focus):
    """The key of the share image of photo ``key`` cropped around ``focus``."""
    focus = tuple(float(f) for f in (focus or CENTRE))
    return hashlib.blake2b(f"{key}:{SHARE_SIZE}:{focus}".encode(), digest_size=5).hexdigest()


def stem(name):
    return name.rsplit(".", 1)[0]


def derived_name(name, key, width, fmt):
    """``cover.jpg`` at ``width`` in ``fmt`` (``webp`` or ``jpg``): ``cover.<key>.<width>.<fmt>``."""
    return f"{stem(name)}.{key}.{width}.{fmt}"


def share_name(name, key):
    return f"{stem(name)}.{key}.share.jpg"


def real_widths(width):
    """The widths of ``WIDTHS`` a photo ``width`` pixels wide can fill, and its own width if it is
    narrower than the largest and worth a copy (``OWN_WIDTH_GAIN`` wider than the one below):
    a 600 px photo gives 360, 480 and 600; a 1000 px one stops at 960."""
    widths = [w for w in WIDTHS if w < width]
    if width <= max(WIDTHS) and (not widths or width >= widths[-1] * OWN_WIDTH_GAIN):
        widths.append(width)
    return widths


def upright(image):
    """Pixels turned as the orientation tag says, in RGB (transparency flattened onto white)."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image.convert("RGB")


def derive(source, folder, name, key):
    """Write the stripped master ``folder/name`` and every size of the photo at ``source``.

    Returns what pages need to know: ``{"key", "size": [w, h] (the master, upright), "sizes":
    [[w, h], ...] (ascending, the real widths only)}``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open_checked(source) as original:
        icc = original.info.get("icc_profile")
        original.draft("RGB", (MASTER_MAX, MASTER_MAX))  # JPEG: decode at a reduced scale if big
        image = upright(original)
    image.thumbnail((MASTER_MAX, MASTER_MAX), Image.Resampling.LANCZOS)
    # Baseline JPEGs with optimised tables: progressive ones are no smaller here and twice the work.
    save(image, folder / name, "JPEG", icc, quality=QUALITY["master"], optimize=True)
    master, sizes = list(image.size), []
    for width in sorted(real_widths(image.width), reverse=True):
        # Each size from the next larger one: the same sharpness, a fraction of the work.
        height = max(1, round(image.height * width / image.width))
        if (width, height) != image.size:
            image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        save(image, folder / derived_name(name, key, width, "webp"), "WEBP", icc,
             quality=QUALITY["webp"], method=WEBP_METHOD)
        save(image, folder / derived_name(name, key, width, "jpg"), "JPEG", icc,
             quality=QUALITY["jpeg"], optimize=True)
        sizes.append([width, height])
    return {"key": key, "size": master, "sizes": sorted(sizes)}


def share_box(size, focus):
    """The largest box of the share ratio in an image of ``size``, centred on ``focus`` (fractions
    of width and height from the top left) as far as the edges allow."""
    width, height = size
    ratio = SHARE_SIZE[0] / SHARE_SIZE[1]
    if width / height <= ratio:  # taller than the share image: full width, a band of the height
        box_w, box_h = width, round(width / ratio)
    else:
        box_w, box_h = round(height * ratio), height
    fx, fy = focus or CENTRE
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def derive_share(master, target, focus):
    """Write the share image of the stripped ``master`` to ``target``; return ``[w, h]``, or None
    (nothing written) for a photo too small to share."""
    with Image.open(master) as image:
        icc = image.info.get("icc_profile")
        box = share_box(image.size, focus)
        if box[2] - box[0] < SHARE_MIN_WIDTH:
            return None
        crop = image.convert("RGB").crop(box)
    if crop.width > SHARE_SIZE[0]:
        crop = crop.resize(SHARE_SIZE, Image.Resampling.LANCZOS, reducing_gap=3.0)
    save(crop, target, "JPEG", icc, quality=QUALITY["share"], optimize=True)
    return list(crop.size)


def save(image, path, fmt, icc, **options):
    """Only pixels and the colour profile: no EXIF, XMP or comments."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if icc:
        options["icc_profile"] = icc
    image.info = {}  # nothing read from the original travels with the pixels
    image.save(path, fmt, **options)
