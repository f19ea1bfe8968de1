"""Bundle files under /media/: photos in the sizes publishing derived, never the original."""

import io

import pytest
from PIL import Image

from .conftest import FIXTURE_CONTENT
from .helpers import page

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
def test_an_old_size_address_still_answers_with_a_jpeg(client, url):
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


def test_every_width_a_page_lists_is_a_real_copy_never_upscaled(client):
    """The ``srcset`` of both formats names each width once, and the file has that width."""
    with Image.open(FIXTURE_CONTENT / "projects/tea-processing/cover.jpg") as image:
        original = image.width
    listed = [u for u in page(client.get("/zh/projects/tea-processing/")).urls() if "/cover." in u]
    assert len(listed) == 2 * 4 + 1  # 360, 480, 720 and 960 in WebP and JPEG, and the src
    for url in set(listed):
        response = client.get(url)
        assert response.status_code == 200
        assert image_width(response) == int(url.rsplit(".", 2)[1]) <= original


def test_media_works_with_a_relative_content_folder(make_app, content_copy, monkeypatch):
    """``PORTAL_CONTENT_DIR=content`` from the project folder is how IT will set it up."""
    monkeypatch.chdir(content_copy.parent)
    client = make_app("content").test_client()
    response = client.get("/media/projects/tea-processing/960/cover.jpg")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
