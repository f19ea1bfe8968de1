"""Deriving a photo's sizes: real widths only, never upscaled, upright and without metadata."""

import pytest
from PIL import Image

from portal import images

from .photos import no_metadata, phone_photo, plain_photo


@pytest.mark.parametrize("width,expected", [
    (200, [200]),
    (600, [360, 480, 600]),  # 600 is its own width: no 720, 960 or 1440 made of it
    (1000, [360, 480, 720, 960]),  # 4% wider than 960: not worth a copy of its own
    (1200, [360, 480, 720, 960, 1200]),
    (1440, [360, 480, 720, 960, 1440]),
    (3000, [360, 480, 720, 960, 1440]),
])
def test_sizes_are_the_real_widths_and_never_upscaled(tmp_path, width, expected):
    source = tmp_path / "photo.jpg"
    plain_photo(source, (width, width * 2 // 3))
    entry = images.derive(source, tmp_path / "out", "photo.jpg", "k0")
    assert [w for w, _ in entry["sizes"]] == expected
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    sizes = [f"photo.k0.{w}.{fmt}" for w in expected for fmt in ("jpg", "webp")]
    assert made == sorted(["photo.jpg", *sizes])
    for w, h in entry["sizes"]:
        for fmt, kind in (("jpg", "JPEG"), ("webp", "WEBP")):
            with Image.open(tmp_path / "out" / f"photo.k0.{w}.{fmt}") as image:
                assert image.format == kind
                assert image.size == (w, h)
                assert abs(w / h - 1.5) < 0.01


def test_every_derived_file_is_upright_without_metadata_and_keeps_the_colour_profile(tmp_path):
    """A phone photo stored sideways (orientation 6) with GPS EXIF and an XMP packet."""
    source = tmp_path / "phone.jpg"
    icc = phone_photo(source, size=(1600, 1000), orientation=6)
    folder = tmp_path / "out"
    entry = images.derive(source, folder, "phone.jpg", "k1")
    assert entry["size"] == [1000, 1600]  # upright: portrait, as the phone showed it
    share = images.derive_share(folder / "phone.jpg", folder / "phone.k1.share.jpg", None)
    assert share == [1000, 525]  # a crop of the share ratio, not blown up to 1200
    outputs = sorted(folder.iterdir())
    assert len(outputs) == 1 + 2 * 4 + 1  # the master, 360…960 in two formats, the share image
    for path in outputs:
        data = path.read_bytes()
        no_metadata(data)
        with Image.open(path) as image:
            assert image.height > image.width or path.name.endswith("share.jpg")
            assert image.info.get("icc_profile") == icc, path.name  # colours look the same
            rgb = image.convert("RGB")
            top, bottom = rgb.getpixel((rgb.width // 2, 3)), rgb.getpixel((rgb.width // 2, rgb.height - 3))
        assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0], path.name  # red above blue


@pytest.mark.parametrize("size,focus,box", [
    ((1200, 800), None, (0, 85, 1200, 715)),  # the centre band
    ((1200, 800), (0.5, 0.0), (0, 0, 1200, 630)),  # the top, as far as the edge allows
    ((1200, 800), (0.5, 1.0), (0, 170, 1200, 800)),
    ((3000, 1000), (0.1, 0.5), (0, 0, 1905, 1000)),  # a panorama: the left end
    ((3000, 1000), (0.9, 0.5), (1095, 0, 3000, 1000)),
])
def test_the_share_crop_keeps_the_focal_point_in_view(size, focus, box):
    assert images.share_box(size, focus) == box
