"""A mistake in one file never takes the site down, and a publish keeps the last good version."""

import pytest

from ..fixture_tree import ALL_PAGES, LANGS
from ..helpers import edit, page

TEA = "projects/tea-processing/index.zh.md"
TEA_URL = "/zh/projects/tea-processing/"


MANGANESE = "projects/manganese-sulfate/index.zh.md"


def test_site_serves_every_valid_item_when_one_file_is_broken(content_copy, make_app):
    edit(content_copy / MANGANESE, "land_mu: 120", "land_mu: 一百二十")
    app = make_app(content_copy)
    assert any(p.path == MANGANESE for p in app.extensions["content"].problems)
    client = app.test_client()
    for lang in LANGS:
        assert client.get(f"/{lang}/projects/manganese-sulfate/").status_code == 404
        for path in ALL_PAGES:
            if path != "projects/manganese-sulfate/":
                assert client.get(f"/{lang}/{path}").status_code == 200, f"/{lang}/{path}"
    assert "manganese-sulfate" not in client.get("/zh/projects/").get_data(as_text=True)


@pytest.mark.parametrize("mistake", [
    (MANGANESE, "summary: 利用", "summary: 利用: "),
    (MANGANESE, "updated: 2026-09-01", "updated: 2026-02-30"),
    (MANGANESE, "---\ntitle:", "title:"),
    ("projects/manganese-sulfate/index.en.md", "department:", "industry: tourism\ndepartment:"),
    ("projects/manganese-sulfate/index.en.md", "title: Battery", "title: [Battery"),
], ids=["invalid YAML", "impossible date", "no front matter", "fact in translation",
        "invalid YAML in translation"])
def test_site_starts_whatever_the_mistake(content_copy, make_app, mistake):
    rel, old, new = mistake
    edit(content_copy / rel, old, new)
    app = make_app(content_copy)
    assert any(p.path == rel for p in app.extensions["content"].problems)
    client = app.test_client()
    for lang in LANGS:
        assert client.get(f"/{lang}/projects/manganese-sulfate/").status_code == 404
        assert client.get(f"/{lang}/projects/tea-processing/").status_code == 200
        assert client.get(f"/{lang}/projects/").status_code == 200


def test_site_starts_when_a_park_is_broken(content_copy, make_app):
    edit(content_copy / "parks/agri-park/index.zh.md", "area_total_mu: 3000", "area_total_mu: 三千")
    client = make_app(content_copy).test_client()
    assert client.get("/zh/parks/agri-park/").status_code == 404
    assert client.get("/zh/parks/materials-park/").status_code == 200
    assert client.get("/zh/spaces/").status_code == 200
    assert client.get("/zh/projects/manganese-sulfate/").status_code == 200


def test_reload_keeps_the_last_good_version_of_a_file_that_became_invalid(content_copy, make_app):
    app = make_app(content_copy)
    store = app.extensions["content"]
    client = app.test_client()
    assert "富硒茶精深加工项目" in page(client.get(TEA_URL)).text

    edit(content_copy / TEA, "title: 富硒茶精深加工项目", "title: 新标题")
    edit(content_copy / TEA, "land_mu: 80", "land_mu: 八十")
    store.publish()
    assert any(p.path == TEA and p.field == "land_mu" for p in store.problems)
    for lang, title in (("zh", "富硒茶精深加工项目"), ("en", "Selenium-rich Tea Deep-processing Project")):
        response = client.get(f"/{lang}/projects/tea-processing/")
        assert response.status_code == 200
        assert title in page(response).text
        assert "新标题" not in page(response).text


def test_reload_picks_up_valid_edits(content_copy, make_app):
    app = make_app(content_copy)
    store = app.extensions["content"]
    client = app.test_client()
    client.get(TEA_URL)  # in the page cache now

    edit(content_copy / TEA, "title: 富硒茶精深加工项目", "title: 富硒茶精深加工项目（二期）")
    edit(content_copy / TEA, "total_investment: 3.5亿元", "total_investment: 4亿元")
    store.publish()
    assert store.errors == ()
    text = page(client.get(TEA_URL)).text
    assert "富硒茶精深加工项目（二期）" in text
    assert "4亿元" in text
    assert "CNY 400 million" in page(client.get("/en/projects/tea-processing/")).text


def test_reload_recovers_after_the_mistake_is_fixed(content_copy, make_app):
    app = make_app(content_copy)
    store = app.extensions["content"]
    edit(content_copy / TEA, "land_mu: 80", "land_mu: 八十")
    store.publish()
    assert store.problems
    edit(content_copy / TEA, "land_mu: 八十", "land_mu: 90")
    store.publish()
    assert store.errors == ()
    assert "90亩" in page(app.test_client().get(TEA_URL)).text.replace(" ", "")


def test_reload_adds_new_items_and_drops_deleted_ones(content_copy, make_app):
    app = make_app(content_copy)
    client = app.test_client()
    assert client.get("/zh/projects/rice-cold-chain/").status_code == 200
    new = content_copy / "projects" / "tea-processing-2"
    new.mkdir()
    (new / "index.zh.md").write_text(
        (content_copy / TEA).read_text(encoding="utf-8").replace("cover: cover.jpg\n", ""),
        encoding="utf-8")
    for name in ("index.zh.md",):
        (content_copy / "projects" / "rice-cold-chain" / name).unlink()
    (content_copy / "projects" / "rice-cold-chain").rmdir()
    app.extensions["content"].publish()
    assert client.get("/zh/projects/tea-processing-2/").status_code == 200
    assert client.get("/en/projects/tea-processing-2/").status_code == 200
    assert client.get("/zh/projects/rice-cold-chain/").status_code == 404


def test_broken_reference_keeps_the_last_good_version(content_copy, make_app):
    app = make_app(content_copy)
    rel = "projects/manganese-sulfate/index.zh.md"
    edit(content_copy / rel, "park: materials-park", "park: no-such-park")
    app.extensions["content"].publish()
    assert any(p.path == rel and p.field == "park" for p in app.extensions["content"].problems)
    response = app.test_client().get("/zh/projects/manganese-sulfate/")
    assert response.status_code == 200
    assert "青岚新材料产业园" in page(response).text


def test_healthz_reports_the_loaded_items(content_copy, make_app):
    edit(content_copy / TEA, "land_mu: 80", "land_mu: 八十")
    response = make_app(content_copy).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
