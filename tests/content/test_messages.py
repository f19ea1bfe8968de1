"""Messages a non-programmer can act on: the field that was meant, and warnings that do not block.

Like ``test_validation``, each case edits a copy of the fixture tree as a bureau editor might and
loads it through the real loader (or the app factory, to see the page served).
"""

from datetime import date, timedelta

import pytest
from PIL import Image

from portal.cli import main
from portal.content.bundles import LARGEST_PHOTO_WIDTH
from portal.content.problems import ContentError, Problem
from portal.content.store import load_content

from ..helpers import edit, line_of

TEA = "projects/tea-processing/index.zh.md"
TEA_EN = "projects/tea-processing/index.en.md"
PARK = "parks/materials-park/index.zh.md"
DESK = "desks/bureau/index.zh.md"
UNITS = "parks/materials-park/units.csv"
RICE = "projects/rice-cold-chain"  # a project without index.en.md

def errors(problems):
    """The problems that keep a file from being published (warnings do not)."""
    return [p for p in problems if p.severity == "error"]


def line_containing(path, text):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


# (file, old, new, reported field, Chinese and English message parts)
TYPOS = {
    "top level": (
        TEA, "total_investment:", "totl_investment:", "totl_investment",
        "未知字段“totl_investment”，是否应为 total_investment？",
        "unknown field 'totl_investment': did you mean total_investment?"),
    "nested mapping": (
        TEA, "  jobs: 450", "  jbos: 450", "benefits.jbos",
        "未知字段“jbos”，是否应为 jobs？", "unknown field 'jbos': did you mean jobs?"),
    "inside a list": (
        DESK, "{name: 王志刚, title: 局长}", "{name: 王志刚, titel: 局长}", "people.0.titel",
        "是否应为 title？", "did you mean title?"),
    "in a translation": (
        TEA_EN, "department:", "departmnt:", "departmnt",
        "是否应为 department？", "did you mean department?"),
    "no close match lists the fields": (
        TEA, "land_mu: 80", "land_mu: 80\n备注: 待定", "备注",
        "可用的字段有：summary、updated、desk", "known fields: summary, updated, desk"),
    "nested, no close match": (
        TEA, "  jobs: 450", "  jobs: 450\n  remark: x", "benefits.remark",
        "annual_output、annual_tax、jobs、payback_years", "annual_output, annual_tax, jobs, payback_years"),
}


@pytest.mark.parametrize("case", list(TYPOS), ids=list(TYPOS))
def test_an_unknown_field_suggests_the_one_meant(content_copy, case):
    rel, old, new, field, zh, en = TYPOS[case]
    edit(content_copy / rel, old, new)
    _, problems = load_content(content_copy)
    [problem] = [p for p in problems if p.field == field]
    assert problem.path == rel
    assert problem.line == line_containing(content_copy / rel, new.split("\n")[-1])
    assert zh in problem.zh, problem.zh
    assert en in problem.en, problem.en
    assert "slug" not in problem.en  # loader fields are not offered to staff


def test_an_unknown_site_yaml_field_suggests_too(content_copy):
    edit(content_copy / "site.yaml", "tagline:", "tagine:")
    _, problems = load_content(content_copy)
    [problem] = [p for p in problems if p.field == "tagine"]
    assert "是否应为 tagline？" in problem.zh and "did you mean tagline?" in problem.en


def rename_header(root, old, new):
    edit(root / UNITS, old, new)


HEADERS = {
    "Chinese cut short": ("面积㎡", "面积", "是否应为 面积㎡？", "did you mean 面积㎡?"),
    "Chinese run on": ("租金元/㎡/月", "租金", "是否应为 租金元/㎡/月？", "did you mean 租金元/㎡/月?"),
    "English typo": ("状态", "stauts", "是否应为 status？", "did you mean status?"),
    "no close match": ("可入驻日期", "备注说明", "可用的列名有：编号、楼栋", "known columns: 编号, 楼栋"),
}


@pytest.mark.parametrize("case", list(HEADERS), ids=list(HEADERS))
def test_an_unknown_column_suggests_the_header_meant(content_copy, case):
    old, new, zh, en = HEADERS[case]
    rename_header(content_copy, old, new)
    _, problems = load_content(content_copy)
    [problem] = [p for p in problems if p.path == UNITS and p.field == new]
    assert problem.line == 1
    assert f"“{new}”" in problem.zh and zh in problem.zh, problem.zh
    assert f"'{new}'" in problem.en and en in problem.en, problem.en


@pytest.mark.parametrize("header", ["面积m2", "面积（㎡）", "面积 ㎡", "AREA_M2", "ａｒｅａ_ｍ２"])
def test_headers_written_a_little_differently_are_understood(content_copy, header):
    rename_header(content_copy, "面积㎡", header)
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    assert content.get("parks", "materials-park", "zh").units[0].area_m2 == 2400


def warnings_of(content, section, slug):
    return content.bundles[(section, slug)].warnings


def test_a_missing_translation_is_a_warning_once_per_bundle(content_copy):
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    [warning] = warnings_of(content, "projects", "rice-cold-chain")
    assert (warning.severity, warning.path, warning.value) == ("warning", RICE, "index.en.md")
    assert "英文" in warning.zh and "English" in warning.en
    assert str(warning).startswith("警告/warning: ")
    assert content.get("projects", "rice-cold-chain", "en").translated is False


def save_photo(path, width, height=None, orientation=None):
    image = Image.new("RGB", (width, height or width * 2 // 3), "green")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(path, exif=exif)


@pytest.mark.parametrize(("width", "height", "orientation", "warned"), [
    (640, 480, None, True),
    (LARGEST_PHOTO_WIDTH, 640, None, False),
    (1200, 1000, 6, False),  # stored sideways, upright 1000 wide
    (1200, 800, 6, True),  # a portrait photo turned upright is only 800 wide
])
def test_a_photo_narrower_than_the_pages_show_it_is_a_warning(
        content_copy, width, height, orientation, warned):
    save_photo(content_copy / "projects/tea-processing/cover.jpg", width, height, orientation)
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    found = [w for w in warnings_of(content, "projects", "tea-processing") if w.field == "cover"]
    assert bool(found) == warned
    if warned:
        [warning] = found
        assert warning.line == line_of(content_copy / TEA, "cover:")
        assert warning.value == "cover.jpg"
        assert "“cover.jpg”" in warning.zh and str(LARGEST_PHOTO_WIDTH) in warning.zh
        assert "'cover.jpg'" in warning.en and str(LARGEST_PHOTO_WIDTH) in warning.en


def test_small_park_photos_and_body_images_are_warnings(content_copy):
    save_photo(content_copy / "parks/materials-park/photo-1.jpg", 300)
    content, _ = load_content(content_copy)
    [park] = warnings_of(content, "parks", "materials-park")
    assert (park.path, park.field) == (PARK, "photos.0")
    assert park.line == line_containing(content_copy / PARK, "photo-1.jpg")
    about = warnings_of(content, "pages", "about")  # office.jpg in the body is 64 pixels wide
    assert [(w.field, w.value) for w in about] == [("body", "office.jpg")]


def test_a_png_is_checked_like_a_jpeg(content_copy):
    Image.new("RGB", (500, 300)).save(content_copy / "projects/tea-processing/cover.png")
    edit(content_copy / TEA, "cover: cover.jpg", "cover: cover.png")
    content, _ = load_content(content_copy)
    assert [w.value for w in warnings_of(content, "projects", "tea-processing")] == ["cover.png"]


def test_a_photo_that_cannot_be_opened_is_a_warning(content_copy):
    (content_copy / "projects/tea-processing/cover.jpg").write_bytes(b"not a photo")
    content, _ = load_content(content_copy)
    [warning] = warnings_of(content, "projects", "tea-processing")
    assert warning.field == "cover" and "无法打开" in warning.zh and "cannot be opened" in warning.en


def test_an_update_date_in_the_future_is_a_warning(content_copy):
    later = date.today() + timedelta(days=40)
    typed = f"{later.year}年{later.month}月{later.day}日"
    edit(content_copy / TEA, "updated: 2026-10-12", f"updated: {typed}")
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    [warning] = warnings_of(content, "projects", "tea-processing")
    assert (warning.field, warning.line, warning.value) == (
        "updated", line_of(content_copy / TEA, "updated:"), typed)
    assert f"“{typed}”" in warning.zh and f"'{typed}'" in warning.en


def test_a_bundle_with_only_warnings_is_published(content_copy, make_app, runner):
    edit(content_copy / TEA, "updated: 2026-10-12", "updated: 2099-01-01")
    save_photo(content_copy / "projects/tea-processing/cover.jpg", 400)
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    assert len(warnings_of(content, "projects", "tea-processing")) == 2
    client = make_app(content_copy).test_client()
    for lang in ("zh", "en"):
        assert client.get(f"/{lang}/projects/tea-processing/").status_code == 200
    assert runner.invoke(main, ["check", str(content_copy)]).exit_code == 0


def test_an_invalid_bundle_reports_its_warnings_after_its_errors(content_copy):
    edit(content_copy / f"{RICE}/index.zh.md", "land_mu:", "land_mu: 八十\nx_land_mu:")
    content, problems = load_content(content_copy)
    assert ("projects", "rice-cold-chain") not in content.bundles
    mine = [p for p in problems if p.path.startswith(RICE)]
    assert [p.severity for p in mine][-1] == "warning"
    assert {p.severity for p in mine[:-1]} == {"error"}


def test_problems_are_errors_unless_marked_as_warnings():
    error = Problem("projects/x/index.zh.md", 3, "land_mu", "错", "wrong")
    assert error.severity == "error" and error.value is None
    assert str(error) == "projects/x/index.zh.md:3 [land_mu] 错 / wrong"
    warning = Problem("projects/x", None, None, "注意", "note", severity="warning", value="v")
    assert str(warning) == "警告/warning: projects/x 注意 / note"
    assert ContentError([error, warning]).problems == [error, warning]


@pytest.mark.parametrize(("new", "zh", "en"), [
    ("location：青岚县富硒农业产业园", "全角“：”", "full-width '：'"),
    ("location:青岚县富硒农业产业园", "缺一个空格", "needs a space after the colon"),
], ids=["full-width colon", "no space after the colon"])
def test_a_colon_typed_with_a_chinese_input_method_is_named(content_copy, new, zh, en):
    edit(content_copy / TEA, "location: 青岚县富硒农业产业园", new)
    _, problems = load_content(content_copy)
    [problem] = [p for p in problems if p.path == TEA]
    assert (problem.line, problem.field) == (line_of(content_copy / TEA, "location"), "location")
    assert zh in problem.zh and en in problem.en
