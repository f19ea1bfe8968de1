"""Derived photos as a browser gets them: WebP and JPEG, year-long immutable caching, old addresses."""

import shutil
from pathlib import Path

import pytest
from flask import g

from portal import images
from portal.media import photo_index, share_image

from ..conftest import FIXTURE_CONTENT, build_app
from .photos import COVER, no_metadata, phone_photo, size_of

SECTION, SLUG, NAME = COVER.split("/")
TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


@pytest.fixture(scope="module")
def photographed(tmp_path_factory):
    """The fixture site with a sideways phone photo (GPS, XMP) as the tea project's cover.

    Shared by this module's tests (one publish); only the last one changes it."""
    root = tmp_path_factory.mktemp("photographed")
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    icc = phone_photo(root / "content" / COVER, size=(1200, 900), orientation=6)
    app = build_app(root / "content", root / "instance")
    return app, app.test_client(), icc


def derived_urls(app):
    entry = photo_index(app.extensions["content"].current).photos[SECTION, SLUG, NAME]
    return entry, {(w, fmt): f"/media/{SECTION}/{SLUG}/{images.derived_name(NAME, entry['key'], w, fmt)}"
                   for w, _ in entry["sizes"] for fmt in images.FORMATS}


def test_every_size_in_both_formats_is_served_upright_clean_and_cached_for_a_year(photographed):
    app, client, icc = photographed
    entry, urls = derived_urls(app)
    assert entry["size"] == [900, 1200]  # the photo's upright size, recorded in the generation
    assert [w for w, _ in entry["sizes"]] == [360, 480, 720, 900]  # never upscaled past 900
    for (width, fmt), url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == TYPES[fmt]
        cache = response.headers["Cache-Control"]
        assert {"public", "max-age=31536000", "immutable"} <= {p.strip() for p in cache.split(",")}
        no_metadata(response.data)
        served = size_of(response.data)
        assert served[0] == width and served[1] > served[0]  # upright
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("width,served", [(480, 480), (960, 900), (1440, 900), (360, 360)])
def test_an_old_size_address_answers_with_the_nearest_real_width(photographed, width, served):
    _, client, _ = photographed
    response = client.get(f"/media/{SECTION}/{SLUG}/{width}/{NAME}")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert size_of(response.data)[0] == served
    assert "immutable" not in response.headers["Cache-Control"]  # its bytes change with the photo
    no_metadata(response.data)


def test_the_share_image_is_a_derived_crop_at_an_absolute_hashed_address(photographed):
    app, client, _ = photographed
    with app.test_request_context("/zh/"):
        g.content = app.extensions["content"].current
        url, width, height = share_image(SECTION, SLUG)
        assert share_image("desks", "bureau") is None  # no cover, no share image
        assert share_image(SECTION, "no-such-project") is None
    assert url.startswith("http://localhost/media/projects/tea-processing/cover.")
    assert url.endswith(".share.jpg")
    assert (width, height) == (900, 472)  # a 900 px wide upright photo: cropped, not blown up
    response = client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert size_of(response.data) == (width, height)
    assert "immutable" in response.headers["Cache-Control"]
    no_metadata(response.data)


def test_a_changed_photo_gets_new_addresses_and_the_old_ones_go(photographed):
    """Last in this module: it changes the shared site."""
    app, client, _ = photographed
    content_copy = app.extensions["content"].source
    _, before = derived_urls(app)
    phone_photo(Path(content_copy) / COVER, size=(1600, 900), orientation=1)
    app.extensions["content"].publish()
    entry, after = derived_urls(app)
    assert not set(before.values()) & set(after.values())  # a name never changes meaning
    assert [w for w, _ in entry["sizes"]] == list(images.WIDTHS)
    assert client.get(after[960, "webp"]).status_code == 200
    assert client.get(before[480, "webp"]).status_code == 404
