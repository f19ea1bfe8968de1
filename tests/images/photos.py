"""Photos for the image tests: as a phone saves them, and as a page would crop them."""

import io
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageDraw

MAKER = "QinglanPhone"
COVER = "projects/tea-processing/cover.jpg"


def phone_photo(path, size=(1200, 800), orientation=6):
    """A JPEG as a phone saves it: stored sideways with an orientation tag, GPS, XMP, a profile.

    Left half red, right half blue as stored; upright (orientation 6) the red is on top.
    Returns the ICC profile written."""
    image = Image.new("RGB", size, "red")
    ImageDraw.Draw(image).rectangle((size[0] // 2, 0, size[0], size[1]), fill="blue")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = MAKER
    exif[ExifTags.Base.Model] = "QP-12 Pro"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (32.0, 55.0, 7.0), 3: "E", 4: (109.0, 52.0, 55.0), 6: 812.5})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>32,55.1N</exif:GPSLatitude></x:xmpmeta>'
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", exif=exif, xmp=xmp, icc_profile=icc, quality=90)
    return icc


def plain_photo(path, size):
    """A photo of ``size`` with a gradient (so it is no single colour), no metadata."""
    Image.linear_gradient("L").resize(size).convert("RGB").save(path, "JPEG", quality=85)


def no_metadata(data):
    """Fail if the image bytes carry EXIF, XMP, the camera's name or a GPS position."""
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), "EXIF left in a published photo"
        assert "xmp" not in image.info and "exif" not in image.info
    for marker in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", MAKER.encode(), b"GPSLatitude", b"XMP "):
        assert marker not in data, marker


def size_of(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def mean_colour(data):
    """The mean (R, G, B) of an image's pixels."""
    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB").resize((1, 1), Image.Resampling.BOX)
        return small.getpixel((0, 0))


def generation_root(app):
    return Path(app.extensions["content"].current.root)
