"""Photos enter a generation upright and without metadata; no original is served at any address."""

import io

import pytest
from PIL import Image, ImageOps

from portal import images

from ..helpers import page
from ..images.photos import COVER, no_metadata, phone_photo

FOLDER = COVER.rsplit("/", 1)[0]


@pytest.fixture
def photographed(site, content_copy):
    icc = phone_photo(content_copy / COVER)
    return site(), icc


def cover_entry(app):
    from portal.media import photo_index

    return photo_index(app.extensions["content"].current).photos[tuple(COVER.split("/"))]


def test_a_phone_photo_is_served_upright_without_exif_gps_or_xmp(photographed, content_copy):
    app, icc = photographed
    client = app.test_client()
    with Image.open(content_copy / COVER) as original:
        expected = ImageOps.exif_transpose(original).convert("RGB")
    entry = cover_entry(app)
    for width, _ in entry["sizes"]:
        for fmt in images.FORMATS:
            name = images.derived_name("cover.jpg", entry["key"], width, fmt)
            response = client.get(f"/media/{FOLDER}/{name}")
            assert response.status_code == 200
            no_metadata(response.data)
            with Image.open(io.BytesIO(response.data)) as served:
                assert served.height > served.width  # upright: portrait, as the phone showed it
                assert served.width == min(width, expected.width)  # never upscaled
                assert served.info.get("icc_profile") == icc  # colours look the same
                served = served.convert("RGB")
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
    stored = sorted((generation / "files" / FOLDER).iterdir())
    # The stripped master, 360, 480 and 720 in two formats (its upright 800 is too close to 720
    # to be worth a copy), the share image.
    assert len(stored) == 1 + 2 * 3 + 1
    for path in stored:
        no_metadata(path.read_bytes())


def test_pages_point_only_at_derived_sizes(photographed):
    app, _ = photographed
    entry = cover_entry(app)
    derived = {f"/media/{FOLDER}/{images.derived_name('cover.jpg', entry['key'], w, fmt)}"
               for w, _ in entry["sizes"] for fmt in images.FORMATS}
    for lang in app.config["LANGUAGES"]:
        urls = page(app.test_client().get(f"/{lang}/projects/tea-processing/")).urls()
        photos = {u for u in urls if "/cover." in u}
        assert photos and photos <= derived


def test_an_unchanged_photo_is_not_processed_again(photographed, content_copy):
    app, _ = photographed
    store = app.extensions["content"]
    before = sorted((store.current.root / "files" / FOLDER).iterdir())
    (content_copy / "projects/tea-processing/index.zh.md").touch()
    generation, changed = store.publish()
    assert changed
    after = sorted((generation.content.root / "files" / FOLDER).iterdir())
    assert [p.name for p in after] == [p.name for p in before]
    for old, new in zip(before, after, strict=True):
        assert new != old and new.stat().st_ino == old.stat().st_ino  # hard-linked


def test_a_replaced_photo_is_derived_anew(photographed, content_copy):
    app, _ = photographed
    phone_photo(content_copy / COVER, size=(1600, 900), orientation=1)
    app.extensions["content"].publish()
    assert [w for w, _ in cover_entry(app)["sizes"]] == list(images.WIDTHS)
    response = app.test_client().get(f"/media/{FOLDER}/960/cover.jpg")  # an old address: today's photo
    with Image.open(io.BytesIO(response.data)) as served:
        assert served.width == 960 and served.width > served.height


def test_an_unreadable_photo_is_reported_and_the_page_still_serves(site, content_copy):
    (content_copy / COVER).write_bytes(b"\xff\xd8 not really a jpeg")
    app = site()
    assert any("cover.jpg" in str(p) for p in app.extensions["content"].problems)
    client = app.test_client()
    response = client.get("/zh/projects/tea-processing/")
    assert response.status_code == 200
    assert not [u for u in page(response).urls() if "/cover." in u]  # no broken image
    assert client.get(f"/media/{FOLDER}/960/cover.jpg").status_code == 404
