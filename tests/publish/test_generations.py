"""A publish replaces each valid bundle, keeps the last good version of a broken one (across
restarts too), checks references against what will be published, and reports all of it."""

from portal.cli import main
from portal.publish import generations
from portal.publish.model import HELD, KEPT, NEW, UNCHANGED, UPDATED, WITHDRAWN
from portal.publish.report import describe

from ..helpers import edit, line_of, page
from ..search.helpers import hrefs

TEA = "projects/tea-processing/index.zh.md"
TEA_URL = "/{}/projects/tea-processing/"
UNITS = "parks/materials-park/units.csv"


def states(generation):
    return {o.folder: o.state for o in generation.outcomes}


def test_a_valid_edit_goes_live_in_pages_and_search_without_a_restart(site, content_copy):
    app = site()
    client = app.test_client()
    assert "二期" not in page(client.get(TEA_URL.format("zh"))).text
    edit(content_copy / TEA, "title: 富硒茶精深加工项目", "title: 富硒茶精深加工项目（二期）")
    generation, changed = app.extensions["content"].publish()
    assert changed and states(generation)["projects/tea-processing"] == UPDATED
    assert "富硒茶精深加工项目（二期）" in page(client.get(TEA_URL.format("zh"))).text
    assert "富硒茶精深加工项目（二期）" in page(client.get("/zh/projects/")).text
    assert "/zh/projects/tea-processing/" in hrefs(client, "zh", "二期")


def test_publishing_an_unchanged_working_copy_writes_nothing(site):
    app = site()
    before = app.extensions["content"].generation
    generation, changed = app.extensions["content"].publish()
    assert not changed and generation.name == before.name
    assert describe(generation, changed)[0].startswith("内容没有变化")


def test_a_broken_edit_keeps_the_published_page_before_and_after_a_restart(site, content_copy):
    site()
    edit(content_copy / TEA, "title: 富硒茶精深加工项目", "title: 新标题: 二期")  # invalid YAML
    app = site()  # a restart: reads the published generation, does not re-derive it
    generation, _ = app.extensions["content"].publish()
    assert states(generation)["projects/tea-processing"] == KEPT
    for restarted in (app, site()):
        client = restarted.test_client()
        for lang, title in (("zh", "富硒茶精深加工项目"), ("en", "Selenium-rich Tea")):
            response = client.get(TEA_URL.format(lang))
            assert response.status_code == 200 and title in page(response).text
        assert "/zh/projects/tea-processing/" in hrefs(client, "zh", "富硒茶")
        assert restarted.test_client().get("/media/projects/tea-processing/960/cover.jpg").status_code == 200
    kept = next(o for o in generation.outcomes if o.folder == "projects/tea-processing")
    assert kept.problems and kept.problems[0].line == line_of(content_copy / TEA, "title:")


def test_a_non_numeric_units_cell_keeps_the_park_and_its_units(site, content_copy):
    app = site()
    before = page(app.test_client().get("/zh/parks/materials-park/")).text
    edit(content_copy / UNITS, "M1-101,1号厂房,1,2400,", "M1-101,1号厂房,1,两千四,")
    app.extensions["content"].publish()
    for restarted in (app, site()):
        client = restarted.test_client()
        shown = page(client.get("/zh/parks/materials-park/")).text
        assert shown == before
        assert "M1-101" in page(client.get("/zh/spaces/")).text
        assert client.get("/zh/projects/manganese-sulfate/").status_code == 200
    result = app.test_cli_runner().invoke(main, ["check", str(content_copy)])
    assert result.exit_code == 1
    assert f"{UNITS}:2 [面积㎡]" in result.output and "两千四" in result.output


def test_a_new_broken_bundle_is_not_published_and_search_does_not_list_it(site, content_copy):
    app = site()
    new = content_copy / "projects" / "tea-beverage"
    new.mkdir()
    text = (content_copy / TEA).read_text(encoding="utf-8")
    (new / "index.zh.md").write_text(
        text.replace("title: 富硒茶精深加工项目", "title: 富硒茶饮料项目")
        .replace("total_investment: 3.5亿元", "total_investment: 很多"), encoding="utf-8")
    generation, _ = app.extensions["content"].publish()
    assert states(generation)["projects/tea-beverage"] == HELD
    client = app.test_client()
    assert client.get("/zh/projects/tea-beverage/").status_code == 404
    assert "/zh/projects/tea-beverage/" not in hrefs(client, "zh", "富硒茶饮料")
    lines = "\n".join(describe(generation, True))
    assert "projects/tea-beverage" in lines and "Not published" in lines and "未发布" in lines
    assert "很多" in lines


def test_a_project_naming_a_park_kept_back_is_still_published(site, content_copy):
    app = site()
    edit(content_copy / "parks/materials-park/index.zh.md", "area_total_mu: ", "area_total_mu: 很大 #")
    edit(content_copy / "projects/manganese-sulfate/index.zh.md", "jobs: 200", "jobs: 260")
    generation, _ = app.extensions["content"].publish()
    assert states(generation)["parks/materials-park"] == KEPT
    assert states(generation)["projects/manganese-sulfate"] == UPDATED
    assert "260" in page(app.test_client().get("/zh/projects/manganese-sulfate/")).text


def test_a_project_naming_a_new_broken_park_waits_for_it_with_a_knock_on_problem(site, content_copy):
    app = site()
    park = content_copy / "parks" / "logistics-park"
    park.mkdir()
    (park / "index.zh.md").write_text(
        (content_copy / "parks/agri-park/index.zh.md").read_text(encoding="utf-8")
        .replace("area_total_mu: 3000", "area_total_mu: 三千"), encoding="utf-8")
    edit(content_copy / "projects/rice-cold-chain/index.zh.md", "industry: agriculture",
         "industry: agriculture\npark: logistics-park")
    generation, _ = app.extensions["content"].publish()
    assert states(generation)["parks/logistics-park"] == HELD
    assert states(generation)["projects/rice-cold-chain"] == KEPT  # its last good version
    result = app.test_cli_runner().invoke(main, ["check", str(content_copy)])
    lines = result.output.splitlines()
    real = max(i for i, line in enumerate(lines) if line.startswith("parks/logistics-park"))
    assert lines[real + 1].lstrip().startswith("→") and "never published" in lines[real + 1]
    assert lines[real + 2].lstrip().startswith("↳") and "projects/rice-cold-chain" in lines[real + 2]


def test_a_missing_desk_lists_the_existing_ones_by_name(site, content_copy):
    app = site()
    edit(content_copy / TEA, "desk: agri-team", "desk: agri-tem")
    generation, _ = app.extensions["content"].publish()
    problem = next(p for p in generation.problems if p.field == "desk")
    assert "agri-tem" in problem.zh and "agri-team（" in problem.zh and "materials-team（" in problem.zh
    assert "agri-tem" in problem.en and "Existing desks" in problem.en
    assert "slug" not in problem.zh + problem.en


def test_a_removed_folder_is_withdrawn_and_a_new_one_published(site, content_copy):
    app = site()
    for name in ("index.zh.md",):
        (content_copy / "projects/rice-cold-chain" / name).unlink()
    (content_copy / "projects/rice-cold-chain").rmdir()
    new = content_copy / "projects/tea-2"
    new.mkdir()
    (new / "index.zh.md").write_text(
        (content_copy / TEA).read_text(encoding="utf-8").replace("cover: cover.jpg\n", ""),
        encoding="utf-8")
    generation, _ = app.extensions["content"].publish()
    assert states(generation)["projects/rice-cold-chain"] == WITHDRAWN
    assert states(generation)["projects/tea-2"] == NEW
    assert states(generation)["projects/tea-processing"] == UNCHANGED
    client = app.test_client()
    assert client.get("/zh/projects/rice-cold-chain/").status_code == 404
    assert client.get("/en/projects/tea-2/").status_code == 200


def test_a_removed_desk_that_items_still_name_stays_online(site, content_copy):
    app = site()
    for path in sorted((content_copy / "desks/agri-team").iterdir()):
        path.unlink()
    (content_copy / "desks/agri-team").rmdir()
    generation, _ = app.extensions["content"].publish()
    assert states(generation)["desks/agri-team"] == KEPT
    client = app.test_client()
    assert client.get("/zh/contact/agri-team/").status_code == 200
    assert client.get("/zh/projects/tea-processing/").status_code == 200


def test_old_generations_are_cleaned_but_the_last_few_kept(site, monkeypatch):
    app = site()
    monkeypatch.setattr(generations, "KEEP_SECONDS", 0)
    store = app.extensions["content"]
    for _ in range(4):
        store.publish(force=True)
    folder = store.folder
    kept = sorted(p.name for p in folder.iterdir() if p.name.startswith("gen-"))
    assert len(kept) == 1 + generations.KEEP_PREVIOUS
    assert generations.current_name(folder) == kept[-1]
    assert not list(folder.glob("tmp-*"))


def test_the_preview_shows_a_broken_file_as_the_public_will_see_it_with_its_problems(
        site, content_copy, tmp_path):
    from ..conftest import build_app

    site()  # the public site has published the good version
    edit(content_copy / TEA, "land_mu: 80", "land_mu: 八十")
    preview = build_app(content_copy, tmp_path / "instance", PREVIEW=True)
    client = preview.test_client()
    for lang, message in (("zh", "“八十”"), ("en", "'八十'")):
        shown = page(client.get(TEA_URL.format(lang)))
        assert "富硒茶精深加工项目" in shown.text or "Selenium-rich Tea" in shown.text
        assert TEA in shown.text and message in shown.text and "land_mu" in shown.text
    public = site().test_client()
    assert "land_mu" not in page(public.get(TEA_URL.format("zh"))).text  # no banner in public
