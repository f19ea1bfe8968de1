"""Photos enter a generation upright and without metadata; no original is served at any address."""

import io

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageOps

from ..helpers import page

COVER = "projects/tea-processing/cover.jpg"
MAKER = "QinglanPhone"


def phone_photo(path, size=(1200, 800), orientation=6):
    """A JPEG as a phone saves it: stored sideways with an orientation tag, GPS, XMP, a profile."""
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


@pytest.fixture
def photographed(site, content_copy):
    icc = phone_photo(content_copy / COVER)
    return site(), icc


def no_metadata(data):
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), "EXIF left in a published photo"
        assert "xmp" not in image.info and "exif" not in image.info
    for marker in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", MAKER.encode(), b"GPSLatitude"):
        assert marker not in data


def test_a_phone_photo_is_served_upright_without_exif_gps_or_xmp(photographed, content_copy):
    app, icc = photographed
    client = app.test_client()
    with Image.open(content_copy / COVER) as original:
        expected = ImageOps.exif_transpose(original).convert("RGB")
    for width in (480, 960):
        response = client.get(f"/media/{COVER.rsplit('/', 1)[0]}/{width}/cover.jpg")
        assert response.status_code == 200
        no_metadata(response.data)
        with Image.open(io.BytesIO(response.data)) as served:
            assert served.height > served.width  # upright: portrait, as the phone showed it
            assert served.width == min(width, expected.width)  # never upscaled
            assert served.info.get("icc_profile") == icc  # colours look the same
            top, bottom = served.getpixel((served.width // 2, 5)), served.getpixel(
                (served.width // 2, served.height - 5))
            want_top = expected.getpixel((expected.width // 2, 5))
            assert abs(top[0] - want_top[0]) < 40 and abs(top[2] - want_top[2]) < 40
            assert top != bottom


def test_the_original_address_answers_404_and_nothing_in_the_generation_keeps_metadata(photographed):
    app, _ = photographed
    client = app.test_client()
    assert client.get(f"/media/{COVER}").status_code == 404
    generation = app.extensions["content"].current.root
    stored = list((generation / "files/projects/tea-processing").rglob("*.jpg"))
    assert len(stored) == 3  # the stripped master and two sizes
    for path in stored:
        no_metadata(path.read_bytes())


def test_pages_point_only_at_published_sizes(photographed):
    app, _ = photographed
    for lang in ("zh", "en"):
        urls = page(app.test_client().get(f"/{lang}/projects/tea-processing/")).urls()
        photos = [u for u in urls if "cover.jpg" in u]
        assert photos and all("/480/" in u or "/960/" in u for u in photos)


def test_an_unchanged_photo_is_not_processed_again(photographed, content_copy):
    app, _ = photographed
    store = app.extensions["content"]
    before = store.current.root / "files/projects/tea-processing/960/cover.jpg"
    (content_copy / "projects/tea-processing/index.zh.md").touch()
    generation, changed = store.publish()
    assert changed
    after = generation.content.root / "files/projects/tea-processing/960/cover.jpg"
    assert after != before and after.stat().st_ino == before.stat().st_ino  # hard-linked


def test_a_replaced_photo_is_derived_anew(photographed, content_copy):
    app, _ = photographed
    phone_photo(content_copy / COVER, size=(1600, 900), orientation=1)
    generation, _ = app.extensions["content"].publish()
    response = app.test_client().get("/media/projects/tea-processing/960/cover.jpg")
    with Image.open(io.BytesIO(response.data)) as served:
        assert served.width == 960 and served.width > served.height


def test_an_unreadable_photo_is_reported_and_the_page_still_serves(site, content_copy):
    (content_copy / COVER).write_bytes(b"\xff\xd8 not really a jpeg")
    app = site()
    assert any("cover.jpg" in str(p) for p in app.extensions["content"].problems)
    client = app.test_client()
    assert client.get("/zh/projects/tea-processing/").status_code == 200
    assert client.get("/media/projects/tea-processing/960/cover.jpg").status_code == 404
