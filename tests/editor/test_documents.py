"""Language files read as data and written back in the house style: every sample and fixture file
reads back the same after a render, and comes out byte for byte as it was typed (105 of 105 when
written; the editor must not turn a hand-written file into a diff of quotes and indentation)."""

import difflib
from datetime import date

import pytest

from portal.content.frontmatter import parse_markdown
from portal.content.problems import ContentError
from portal.editor.documents import LANG_FILES, Document, bundle_files, read_bundle, render

from ..conftest import FIXTURE_CONTENT, SAMPLE_CONTENT

FILES = sorted([*SAMPLE_CONTENT.rglob("index.*.md"), *FIXTURE_CONTENT.rglob("index.*.md")])
# The order of a project's fields in the sample files (the form's order comes from portal.editor.fields).
ORDER = ["title", "summary", "industry", "park", "location", "total_investment", "land_mu",
         "building_area_m2", "cooperation_modes", "status", "benefits", "figures_basis", "updated"]


def reread(text, tmp_path, name="index.zh.md"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    data, body, _lines = parse_markdown(path, name)
    return Document(data, body)


def test_the_samples_are_all_there():
    assert len([f for f in FILES if f.is_relative_to(SAMPLE_CONTENT)]) >= 70
    assert len([f for f in FILES if f.is_relative_to(FIXTURE_CONTENT)]) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: "/".join(p.parts[-4:]))
def test_every_content_file_reads_back_the_same_and_byte_for_byte(path, tmp_path):
    docs = read_bundle(path.parent)
    lang = next(lang for lang, name in LANG_FILES.items() if name == path.name)
    doc = docs[lang]
    text = render(doc, list(doc.data))
    again = reread(text, tmp_path)
    assert again.data == doc.data
    assert again.body == doc.body
    typed = path.read_text("utf-8")
    assert text == typed, "".join(difflib.unified_diff(typed.splitlines(True), text.splitlines(True)))


def test_a_file_the_editor_wrote_is_written_again_unchanged(tmp_path):
    doc = Document({"title": "富硒茶精深加工项目", "updated": "2026-10-12", "land_mu": 80}, "正文\n")
    first = render(doc, ORDER)
    assert render(reread(first, tmp_path), ORDER) == first


def test_typed_values_stay_text_and_dates_stay_bare(tmp_path):
    data = {
        "title": "年产１０万吨高纯硫酸锰项目",  # full-width digits: kept as typed, the model folds them
        "total_investment": "3.5亿",  # 亿 without 元
        "location": " 青岚县 新材料产业园 ",  # pasted with stray spaces
        "updated": "2026-10-12",
        "figures_basis": "2026",  # text that YAML would read as a number
        "department": "yes",  # text that YAML 1.1 would read as true
        "summary": "富硒茶：年产1.5万吨，用水: 2万吨",
        "cooperation_modes": ["独资", "合资"],
        "land_mu": 80,
        "featured": True,
        "benefits": {"annual_output": "6亿元", "jobs": 450, "payback_years": 6.5},
    }
    text = render(Document(data, "## 项目概况\n\n正文"), ORDER)
    assert "updated: 2026-10-12\n" in text
    assert "total_investment: 3.5亿\n" in text
    assert "title: 年产１０万吨高纯硫酸锰项目\n" in text
    assert "figures_basis: '2026'\n" in text
    assert "department: 'yes'\n" in text
    assert "cooperation_modes: [独资, 合资]\n" in text
    assert "benefits:\n  annual_output: 6亿元\n  jobs: 450\n  payback_years: 6.5\n" in text
    assert reread(text, tmp_path).data == data


def test_keys_follow_the_model_then_the_rest_as_they_were():
    doc = Document({"zzz": 1, "updated": "2026-10-12", "title": "标题", "aaa": 2}, "")
    lines = render(doc, ["title", "summary", "updated"]).split("\n")
    assert lines[1:5] == ["title: 标题", "updated: 2026-10-12", "zzz: 1", "aaa: 2"]


def test_lists_of_sentences_and_long_lists_are_one_item_a_line():
    long = [f"富硒农产品精深加工及冷链物流项目第{n}类" for n in range(5)]
    incentive = {"text": "享受西部大开发企业所得税15%税率", "policy": "western-development-tax"}
    doc = Document({
        "industries": ["新农业"], "encouraged": ["电池正极材料"], "languages": long,
        "incentives": [incentive],
        "transport": [{"to": "青岚县城", "km": 15}], "location": {"lat": 32.86, "lon": 109.95},
    }, "")
    text = render(doc, [])
    assert "industries: [新农业]\n" in text
    assert "encouraged:\n  - 电池正极材料\n" in text
    assert "languages:\n" + "".join(f"  - {item}\n" for item in long) in text
    assert ('incentives:\n  - text: "享受西部大开发企业所得税15%税率"\n'
            "    policy: western-development-tax\n") in text
    assert "transport:\n  - {to: 青岚县城, km: 15}\n" in text
    assert "location: {lat: 32.86, lon: 109.95}\n" in text


@pytest.mark.parametrize("value", ["两行\n文字", "结尾换行\n", "a\n---\nb", " 前导空格\n第二行", "x  \ny"])
def test_text_of_several_lines_reads_back(value, tmp_path):
    data = {"summary": value, "encouraged": [value], "utilities": {"power": value}}
    assert reread(render(Document(data, ""), []), tmp_path).data == data


def test_body_from_a_browser_gets_lf_and_one_final_newline():
    text = render(Document({"title": "标题"}, "## 概况\r\n\r\n正文\r\n\r\n\r\n"), [])
    assert text == "---\ntitle: 标题\n---\n## 概况\n\n正文\n"
    assert render(Document({"title": "标题"}, ""), []) == "---\ntitle: 标题\n---\n"


def test_a_file_saved_with_bom_and_crlf_is_written_plain(tmp_path):
    folder = tmp_path / "projects" / "tea"
    folder.mkdir(parents=True)
    (folder / "index.zh.md").write_bytes("\ufeff---\r\ntitle: 富硒茶\r\n---\r\n正文\r\n".encode())
    text = bundle_files(read_bundle(folder), ORDER)["index.zh.md"]
    assert text.encode("utf-8") == "---\ntitle: 富硒茶\n---\n正文\n".encode()


def test_only_the_languages_present_are_read_and_written(tmp_path):
    folder = tmp_path / "news" / "2026-03-18-roadshow"
    folder.mkdir(parents=True)
    (folder / "index.zh.md").write_text("---\ntitle: 推介会\n---\n正文\n", encoding="utf-8")
    (folder / "index.zh-hant.md").write_text("---\ntitle: 推介會\n---\n", encoding="utf-8")
    docs = read_bundle(folder)
    assert set(docs) == {"zh", "zh-hant"}
    assert set(bundle_files(docs, ["title"])) == {"index.zh.md", "index.zh-hant.md"}


def test_a_file_that_cannot_be_read_is_named_with_its_line(tmp_path):
    folder = tmp_path / "projects" / "tea"
    folder.mkdir(parents=True)
    (folder / "index.zh.md").write_text("---\ntitle: 富硒茶\nland_mu：80\n---\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_bundle(folder)
    problem = caught.value.problems[0]
    assert (problem.path, problem.line, problem.field) == ("projects/tea/index.zh.md", 3, "land_mu")


HAND_WRITTEN = """---
# 金额以项目建议书为准
title: 富硒茶精深加工项目
total_investment: "3.5亿元"

cooperation_modes:
  - 独资
  - 合资
land_mu: 80   # 亩
---
正文
"""


def test_a_hand_written_file_changes_only_where_a_value_changed(tmp_path):
    doc = reread(HAND_WRITTEN, tmp_path)
    doc.data["land_mu"] = 95
    text = render(doc, ORDER, original=HAND_WRITTEN)
    changed = [line for line in difflib.ndiff(HAND_WRITTEN.split("\n"), text.split("\n"))
               if line.startswith(("-", "+"))]
    assert changed == ["- land_mu: 80   # 亩", "+ land_mu: 95"]
    doc.data["land_mu"] = 80
    assert render(doc, ORDER, original=HAND_WRITTEN) == HAND_WRITTEN
    assert bundle_files({"zh": doc}, ORDER, {"index.zh.md": HAND_WRITTEN})["index.zh.md"] == HAND_WRITTEN


def test_a_changed_list_is_rewritten_in_house_style_and_a_new_field_goes_in_model_order(tmp_path):
    doc = reread(HAND_WRITTEN, tmp_path)
    doc.data["cooperation_modes"] = ["独资"]
    del doc.data["land_mu"]
    doc.data["summary"] = "富硒茶饮料生产线"  # new: after title, as the model orders them
    text = render(doc, ORDER, original=HAND_WRITTEN)
    assert text == HAND_WRITTEN.replace("land_mu: 80   # 亩\n", "").replace(
        "cooperation_modes:\n  - 独资\n  - 合资\n", "cooperation_modes: [独资]\n").replace(
        "title: 富硒茶精深加工项目\n", "title: 富硒茶精深加工项目\nsummary: 富硒茶饮料生产线\n")


TRICKY = ["null", "~", "true", "No", "0o17", "1_000", ".5", "+1", "1e3", "-", "?", ":", "@x", "`x",
          "!x", "&a", "*a", "|", ">", "%x", "'", '"', "a #b", "a: b", "[x", "{x", "x]", "2026-1-5",
          "2026年10月12日", "１２", "=", "<<", "---", "...", "\t制表", "Xi'an", "3.5亿",
          "8:30–12:00", "a,b", "#"]


@pytest.mark.parametrize("value", TRICKY)
def test_text_that_yaml_could_misread_reads_back_as_the_same_text(value, tmp_path):
    data = {"summary": value, "industries": [value, "新农业"], "transport": [{"to": value, "km": 4}],
            "utilities": {"power": value}, "location": {"lat": 1.5, "name": value}}
    assert reread(render(Document(data, ""), []), tmp_path).data == data


def test_empty_values_and_dates_given_as_dates(tmp_path):
    data = {"cover": None, "photos": [None, "photo-1.jpg"], "benefits": {"jobs": None}}
    text = render(Document({**data, "updated": date(2026, 10, 12)}, ""), [])
    assert text == ("---\ncover:\nphotos:\n  -\n  - photo-1.jpg\nbenefits:\n  jobs:\n"
                    "updated: 2026-10-12\n---\n")
    assert reread(text, tmp_path).data == {**data, "updated": "2026-10-12"}
