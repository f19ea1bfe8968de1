"""Every <img> of every public page type, in every language: width, height and alt, true to the file.

Photos come as <picture>: a WebP <source> and a JPEG <img>, each listing the same real widths."""

import pytest

from ..helpers import page
from ..quality.pages import PAGE_TYPES
from .photos import size_of


@pytest.fixture(scope="module")
def pages(sample_app):
    client = sample_app.test_client()
    urls = [url.format(lang=lang) for lang in sample_app.config["LANGUAGES"] for url in PAGE_TYPES.values()]
    return client, {url: page(client.get(url)) for url in urls}


def widths(srcset):
    return [int(entry.split()[1].rstrip("w")) for entry in srcset.split(",")]


def test_every_img_has_width_height_and_alt_and_photos_keep_their_proportions(pages):
    client, parsed = pages
    sizes, photos = {}, 0
    for url, p in parsed.items():
        for index, img in enumerate(p.elements):
            if img.tag != "img":
                continue
            assert {"width", "height", "alt"} <= img.attrs.keys(), f"{url}: {img.attrs}"
            width, height = int(img.attrs["width"]), int(img.attrs["height"])
            src = img.attrs["src"]
            if not src.startswith("/media/") or "wechat-qr" in img.attrs.get("class", ""):
                continue  # a desk's WeChat code is one plain image, for WeChat's long-press
            photos += 1
            source, picture = p.elements[index - 1], p.elements[index - 2]
            assert picture.tag == "picture" and source.tag == "source", url
            assert source.attrs["type"] == "image/webp"
            assert widths(source.attrs["srcset"]) == widths(img.attrs["srcset"]) == sorted(
                widths(img.attrs["srcset"]))
            assert source.attrs["sizes"] == img.attrs["sizes"]
            if src not in sizes:
                response = client.get(src)
                assert response.status_code == 200, src
                sizes[src] = size_of(response.data)
            real_w, real_h = sizes[src]
            assert (width, height) == (real_w, real_h), f"{url}: {src}"
    assert photos >= 20  # the home page's cards, projects, parks, news: this walked real photos


def test_covers_above_the_fold_load_at_once_and_the_others_lazily(pages):
    _, parsed = pages
    for url in ("/zh/projects/fuxi-tea-processing/", "/en/news/2026-03-18-shenzhen-roadshow/"):
        cover = next(img for img in parsed[url].find_all("img") if img.attrs["src"].startswith("/media/"))
        assert "loading" not in cover.attrs and cover.attrs["decoding"] == "async"
    cards = [img for img in parsed["/zh/"].find_all("img") if img.attrs["src"].startswith("/media/")]
    assert cards and all(img.attrs.get("loading") == "lazy" for img in cards)
