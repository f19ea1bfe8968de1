"""Each publish re-indexes only the documents that changed, and finds what a full build finds."""

import json
import os

import pytest

from ..conftest import build_app
from ..helpers import edit
from ..search.helpers import hrefs

TEA = "projects/tea-processing/index.zh.md"
QUERIES = ("茶", "富硒", "厂房", "锰", "factory", "tea", "税收", "冷链", "園區", "materials")


def index_meta(app):
    folder = app.extensions["content"].current.root / "search"
    return json.loads((folder / os.readlink(folder / "current") / "meta.json").read_text())


@pytest.fixture
def edited(site, content_copy):
    app = site()
    assert index_meta(app)["written"] == index_meta(app)["documents"]  # the first: a full build
    edit(content_copy / TEA, "年加工鲜叶1.5万吨", "年加工鲜叶1.5万吨，配套氢能叉车")
    edit(content_copy / "projects/rice-cold-chain/index.zh.md", "冷库3万吨", "冷藏库3万吨")
    app.extensions["content"].publish()
    return app


def test_a_publish_writes_only_the_changed_documents(edited):
    meta = index_meta(edited)
    assert meta["incremental"] and meta["written"] == 2  # the two edited projects, in Chinese


def test_changed_and_unchanged_documents_are_found_as_they_are_now(edited):
    client = edited.test_client()
    assert hrefs(client, "zh", "氢能叉车") == ["/zh/projects/tea-processing/"]
    assert "/zh/projects/rice-cold-chain/" in hrefs(client, "zh", "冷藏库")
    assert "/zh/projects/rice-cold-chain/" not in hrefs(client, "zh", "冷库")
    assert "/zh/projects/manganese-sulfate/" in hrefs(client, "zh", "锰")


def test_a_removed_item_is_no_longer_found(site, content_copy):
    app = site()
    for path in sorted((content_copy / "projects/rice-cold-chain").iterdir()):
        path.unlink()
    (content_copy / "projects/rice-cold-chain").rmdir()
    app.extensions["content"].publish()
    assert "/zh/projects/rice-cold-chain/" not in hrefs(app.test_client(), "zh", "冷链")


def test_it_finds_what_a_full_build_of_the_same_content_finds(edited, content_copy, tmp_path):
    fresh = build_app(content_copy, tmp_path / "fresh-instance")
    assert not index_meta(fresh)["incremental"]
    for lang in ("zh", "en"):
        for q in QUERIES:
            assert hrefs(edited.test_client(), lang, q) == hrefs(fresh.test_client(), lang, q), (lang, q)


def test_a_new_lexicon_word_rebuilds_the_whole_index(site, content_copy):
    app = site()
    with open(content_copy / TEA, "a", encoding="utf-8") as body:
        body.write("\n配套**氢能叉车**示范线。\n")  # a bold term joins the lexicon
    app.extensions["content"].publish()
    meta = index_meta(app)
    assert not meta["incremental"] and meta["written"] == meta["documents"]
