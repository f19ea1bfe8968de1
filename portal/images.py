"""Photos as they enter a published generation: upright, without metadata, in the sizes pages use.

A phone photo carries its GPS position, altitude and camera in EXIF, XMP and maker notes, and is
often stored sideways with an orientation tag. Publishing re-encodes every photo from its pixels
alone: the orientation is applied to the pixels, the colour profile is kept (so colours look the
same), and nothing else of the original file reaches the snapshot. Pages use only the resized
copies; the original file in ``content/`` is never served.
"""

from PIL import Image, ImageOps

WIDTHS = (480, 960)  # the sizes pages use (``srcset``); the largest is the one that must be sharp
LARGEST = max(WIDTHS)
MASTER_MAX = 2560  # the stripped master kept in the snapshot, from which sizes are derived
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})
QUALITY = {"master": 85, "sized": 72}


def is_photo(name):
    return "." in name and "." + name.rsplit(".", 1)[1].lower() in PHOTO_SUFFIXES


def sized_name(name, width):
    """The file name of ``name`` resized to ``width`` (always a JPEG)."""
    return f"{width}/{name.rsplit('.', 1)[0]}.jpg"


def upright(image):
    """Pixels turned as the orientation tag says, in RGB (transparency flattened onto white)."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image.convert("RGB")


def derive(source, master_path, sized_path):
    """Write the stripped master and every size of the photo at ``source``.

    ``sized_path(width)`` names where each size goes. Returns the master's ``(width, height)``.
    Sizes are never upscaled: a photo narrower than a size is written at its own width.
    """
    with Image.open(source) as original:
        icc = original.info.get("icc_profile")
        original.draft("RGB", (MASTER_MAX, MASTER_MAX))  # JPEG: decode at a reduced scale if big
        image = upright(original)
    image.thumbnail((MASTER_MAX, MASTER_MAX), Image.Resampling.LANCZOS)
    save(image, master_path, QUALITY["master"], icc)
    for width in WIDTHS:
        copy = image.copy()
        copy.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        save(copy, sized_path(width), QUALITY["sized"], icc)
    return image.size


def save(image, path, quality, icc):
    """A baseline JPEG with no EXIF, XMP or comments: only pixels and the colour profile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"quality": quality, "optimize": True, "progressive": True}
    if icc:
        options["icc_profile"] = icc
    image.info = {}  # nothing read from the original travels with the pixels
    image.save(path, "JPEG", **options)
