"""What staff control on the traditional-Chinese site: the phrase list (content/zh-hant.yaml)
and a bundle's own traditional text (index.zh-hant.md), both checked like any content file."""

from portal.content.hant import Converter, load_phrases
from portal.content.store import load_content

from .text import visible_text

OVERRIDE = """---
title: 富硒茶精深加工計劃（香港投資者版）
summary: 信息：依託全縣富硒茶園建設精深加工生產線。
---
## 項目概況

本計劃信息以簡體中文版為準。
"""


def test_an_override_is_shown_as_written_and_the_rest_is_converted(content_copy, make_app):
    (content_copy / "projects" / "tea-processing" / "index.zh-hant.md").write_text(OVERRIDE, "utf-8")
    client = make_app(content_copy).test_client()
    text = visible_text(client.get("/zh-hant/projects/tea-processing/").get_data(as_text=True))
    assert "富硒茶精深加工計劃（香港投資者版）" in text
    # 信息 stays 信息 (OpenCC would write 資訊): the override is shown as written.
    assert "信息：依託全縣富硒茶園" in text and "本計劃信息以簡體中文版為準" in text
    assert "年加工鮮葉1.5萬噸" in text  # a field it leaves alone: converted from the Chinese
    zh = client.get("/zh/projects/tea-processing/").get_data(as_text=True)
    assert "富硒茶精深加工项目" in zh and "計劃" not in zh  # the other sites never see it
    assert "\ue000" not in text and "\ue001" not in text


def test_an_override_may_not_change_facts_and_names_file_line_and_field(content_copy):
    path = content_copy / "projects" / "tea-processing" / "index.zh-hant.md"
    path.write_text("---\ntitle: 富硒茶精深加工項目\ntotal_investment: 5億元\n---\n", "utf-8")
    content, problems = load_content(content_copy)
    [problem] = [p for p in problems if p.path.endswith("index.zh-hant.md")]
    assert (problem.path, problem.line, problem.field) == (
        "projects/tea-processing/index.zh-hant.md", 3, "total_investment")
    assert "index.zh.md" in problem.en  # facts belong there
    assert ("projects", "tea-processing") not in content.bundles  # never published: held back


def test_a_broken_override_keeps_the_last_good_version_online(content_copy):
    path = content_copy / "projects" / "tea-processing" / "index.zh-hant.md"
    path.write_text(OVERRIDE, "utf-8")
    good, _ = load_content(content_copy)
    path.write_text("---\ntitle: [未閉合\n---\n", "utf-8")
    content, problems = load_content(content_copy, previous=good)
    assert any(p.path.endswith("index.zh-hant.md") and p.line for p in problems)
    kept = content.get("projects", "tea-processing", "zh-hant")
    assert kept.title.strip("\ue000\ue001") == "富硒茶精深加工計劃（香港投資者版）"


def test_the_phrase_list_names_the_line_and_keeps_the_last_good_list(content_copy):
    (content_copy / "zh-hant.yaml").write_text("phrases:\n  项目: 項目\n  窗口:\n", "utf-8")
    content, problems = load_content(content_copy)
    [problem] = [p for p in problems if p.path == "zh-hant.yaml"]
    assert (problem.line, problem.field) == (3, "phrases.窗口")
    assert content.hant_phrases == ()  # nothing half-read
    (content_copy / "zh-hant.yaml").write_text("phrases:\n  项目: 項目\n", "utf-8")
    fixed, _ = load_content(content_copy)
    (content_copy / "zh-hant.yaml").write_text("phrases: [项目]\n", "utf-8")
    broken, problems = load_content(content_copy, previous=fixed)
    assert broken.hant_phrases == (("项目", "項目"),)
    assert any(p.path == "zh-hant.yaml" and p.field == "phrases" for p in problems)


def test_phrases_are_kept_in_either_script_and_the_longest_wins():
    converter = Converter((("项目", "項目"), ("招商项目库", "招商項目庫"), ("发布", "發布")))
    assert converter.text("重点项目发布") == "重點項目發布"  # OpenCC alone: 重點專案釋出
    assert converter.text("重點項目") == "重點項目"  # already traditional: not turned into 專案
    assert converter.text("招商项目库") == "招商項目庫"
    assert Converter().text("重点项目发布") == "重點專案釋出"  # what the list prevents


def test_the_sample_phrase_list_is_valid_and_protects_the_county():
    from pathlib import Path

    phrases = dict(load_phrases(Path(__file__).parents[2] / "content"))
    assert phrases["项目"] == "項目" and phrases["窗口"] == "窗口" and phrases["青岚县"] == "青嵐縣"
