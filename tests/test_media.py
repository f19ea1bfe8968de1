"""Bundle files under /media/: photos in the sizes publishing derived, never the original."""

import io

import pytest
from PIL import Image

from .conftest import FIXTURE_CONTENT

COVER = "/media/projects/tea-processing/cover.jpg"


def image_width(response):
    with Image.open(io.BytesIO(response.data)) as image:
        return image.width


@pytest.mark.parametrize("url", [
    "/media/projects/tea-processing/960/cover.jpg",
    "/media/parks/materials-park/480/photo-1.jpg",
    "/media/news/2026-03-18-roadshow/960/cover.jpg",
    "/media/pages/about/480/office.jpg",
])
def test_bundle_photo_is_served_in_its_published_sizes(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.data[:2] == b"\xff\xd8"


@pytest.mark.parametrize("url", [
    COVER,
    "/media/parks/materials-park/photo-1.jpg",
    "/media/news/2026-03-18-roadshow/cover.jpg",
    "/media/pages/about/office.jpg",
])
def test_the_original_address_of_a_photo_is_404(client, url):
    """No original from content/ is ever served: only the stripped, resized copies."""
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [
    "/media/projects/tea-processing/nope.jpg",
    "/media/projects/tea-processing/index.zh.md",
    "/media/projects/tea-processing/index.en.md",
    "/media/projects/nope/cover.jpg",
    "/media/nope/tea-processing/cover.jpg",
    "/media/parks/materials-park/units.csv.bak",
    "/media/projects/rice-cold-chain/cover.jpg",
    "/media/projects/x/..%2f..%2fpyproject.toml",
    "/media/projects/x/..%2F..%2F..%2Fpyproject.toml",
    "/media/projects/%2e%2e/%2e%2e/pyproject.toml",
    "/media/projects/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/media/projects/tea-processing/..%2findex.zh.md",
    "/media/projects/tea-processing/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/media/projects/..%5c..%5cpyproject.toml/x",
    "/media/..%2f..%2f/tea-processing/pyproject.toml",
    "/media/projects/tea-processing/123/cover.jpg",
    "/media/projects/tea-processing/480/nope.jpg",
])
def test_anything_else_under_media_is_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"[build-system]" not in response.data


def test_published_sizes_are_smaller_copies_never_upscaled(client):
    with Image.open(FIXTURE_CONTENT / "projects/tea-processing/cover.jpg") as image:
        original = image.width
    for width in (480, 960):
        response = client.get(f"/media/projects/tea-processing/{width}/cover.jpg")
        assert response.status_code == 200
        assert image_width(response) <= min(width, original)


def test_media_works_with_a_relative_content_folder(make_app, content_copy, monkeypatch):
    """``PORTAL_CONTENT_DIR=content`` from the project folder is how IT will set it up."""
    monkeypatch.chdir(content_copy.parent)
    client = make_app("content").test_client()
    response = client.get("/media/projects/tea-processing/960/cover.jpg")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
