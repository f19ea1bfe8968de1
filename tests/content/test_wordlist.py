"""``content/checks.yaml``: a forbidden word keeps a file off the site, a warn word says what to
write instead, wherever the word is and however it was typed or pasted; ``portal check``, the
publisher and the staff editor all say so, at the file, line and field."""

import os
import subprocess
import sys

import pytest
from werkzeug.datastructures import MultiDict

from portal.content.problems import ERROR, WARNING, ContentError
from portal.content.wordlist import load_or_keep, load_words, word_problems

from ..conftest import FIXTURE_CONTENT
from ..editor.people import TEA, changed, form_of, newsroom  # noqa: F401 (a fixture)
from ..helpers import edit
from ..lead_helpers import app_cache, database_url, lead_app, postgres_url  # noqa: F401 (fixtures)
from ..staff.helpers import staff_app  # noqa: F401 (a fixture)

PORTAL = os.path.join(os.path.dirname(sys.executable), "portal")
TEA_ZH = "projects/tea-processing/index.zh.md"
TEA_SUMMARY = "summary: 依托全县富硒茶园，"
WORDS = load_words(FIXTURE_CONTENT)


def zh_file(summary="依托全县富硒茶园。", body="## 项目概况\n\n青岚县是富硒茶产区。\n", extra=""):
    return f"---\ntitle: 富硒茶精深加工项目\nsummary: {summary}\n{extra}---\n{body}"


def found(text, words=WORDS, rel=TEA_ZH):
    return word_problems({rel: text}, words)


def test_portal_check_refuses_a_forbidden_word_in_a_summary_naming_file_line_field(content_copy, tmp_path):
    # pasted from a WPS document: a stray space and a full-width space inside the word
    edit(content_copy / TEA_ZH, TEA_SUMMARY, "summary: 全国 第\u3000一的富硒茶园，")
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content_copy),
           "PORTAL_INSTANCE_DIR": str(tmp_path / "instance")}
    result = subprocess.run([PORTAL, "check"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = [line for line in result.stdout.splitlines() if "全国第一" in line]
    assert line.startswith(f"{TEA_ZH}:3 [summary] 禁用词“全国第一”（广告法禁用的绝对化用语）")
    assert "forbidden word '全国第一' (an absolute claim the advertising law forbids)" in line
    assert "1 error(s)" in result.stderr


def test_spaced_full_width_invisible_and_line_broken_forms_are_found():
    assert [p.value for p in found(zh_file("富硒茶品质ＮＯ．１，产量最 高 级"))] == [
        "富硒茶品质ＮＯ．１，产量最 高 级", "富硒茶品质ＮＯ．１，产量最 高 级"]
    assert {p.zh.split("”")[0] for p in found(zh_file("全国\u200b第一"))} == {"禁用词“全国第一"}
    broken = found(zh_file(body="## 概况\n\n茶叶品质全国\n第一，远销海外。\n"))
    assert [(p.line, p.field, p.value, p.severity) for p in broken] == [(7, "body", "茶叶品质全国", ERROR)]


def test_a_longer_word_number_or_allowed_phrase_is_not_the_word():
    assert found(zh_file("园区一号路 No.18 厂房，全国第一批富硒认证")) == []
    assert found(zh_file("Selenium tea: a bestseller, No.1x grade")) == []
    assert len(found(zh_file("Selenium tea, NO. 1 in the county"))) == 1  # a stray space


def test_nested_fields_each_language_file_and_the_body_line_are_named():
    text = zh_file(extra="benefits:\n  annual_output: 6亿元（全国第一）\n"
                         "incentives:\n  - text: 县长热线随时受理\n")
    problems = found(text)
    assert [(p.path, p.line, p.field, p.severity) for p in problems] == [
        (TEA_ZH, 5, "benefits.annual_output", ERROR), (TEA_ZH, 7, "incentives.0.text", WARNING)]
    en = found("---\ntitle: Tea\n---\nOur tea is No.1 in China.\n", rel="projects/tea-processing/index.en.md")
    assert [(p.path, p.line, p.field) for p in en] == [("projects/tea-processing/index.en.md", 4, "body")]
    hant = found("---\ntitle: 茶\nsummary: 品質最高級\n---\n由國務院扶貧辦督辦\n",
                 rel="projects/tea-processing/index.zh-hant.md")  # traditional, the list simplified
    assert [(p.line, p.field, p.severity, p.value) for p in hant] == [
        (3, "summary", ERROR, "品質最高級"), (5, "body", WARNING, "由國務院扶貧辦督辦")]


def test_a_warn_word_says_what_to_use_and_not_inside_its_replacement(tmp_path):
    [warning] = found(zh_file("由国务院扶贫办挂牌督办"))
    assert warning.severity == WARNING and warning.field == "summary"
    assert warning.zh == "“国务院扶贫办”应改为“国家乡村振兴局”（机构改革后的名称（2021））"
    assert warning.en == "'国务院扶贫办': write '国家乡村振兴局' instead (renamed in the 2021 reform)"
    (tmp_path / "checks.yaml").write_text("warn:\n  - word: 乡村振兴局\n    use: 国家乡村振兴局\n",
                                          encoding="utf-8")
    words = load_words(tmp_path)
    assert found(zh_file("国家乡村振兴局定点帮扶"), words) == []
    assert [p.value for p in found(zh_file("县乡村振兴局定点帮扶"), words)] == ["县乡村振兴局定点帮扶"]


def test_a_warn_word_is_a_warning_and_the_page_is_published(content_copy, make_app):
    edit(content_copy / TEA_ZH, TEA_SUMMARY, "summary: 国务院扶贫办定点帮扶的富硒茶园，")
    app = make_app(content_copy)
    generation = app.extensions["content"].generation  # published when the app started
    warnings = [p for p in generation.problems if p.path == TEA_ZH and "国家乡村振兴局" in p.zh]
    assert [(p.line, p.field, p.severity) for p in warnings] == [(3, "summary", WARNING)]
    assert [o.state for o in generation.outcomes if o.folder == "projects/tea-processing"] == ["new"]
    page = app.test_client().get("/zh/projects/tea-processing/").get_data(as_text=True)
    assert "国务院扶贫办定点帮扶" in page


def test_mistakes_in_checks_yaml_are_named_with_line_and_field(tmp_path):
    (tmp_path / "checks.yaml").write_text(
        "forbidden:\n  - word: 最高级\n    reasn: 广告法\n  - word: 最佳\n    reason: 广告法\n"
        "warn:\n  - word: 最 佳\n    use: 较好\n  - word: 扶贫办\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_words(tmp_path)
    shown = [(p.path, p.line, p.field) for p in error.value.problems]
    assert ("checks.yaml", 3, "forbidden.0.reasn") in shown  # did you mean reason?
    assert any("reason" in p.zh and p.field == "forbidden.0.reasn" for p in error.value.problems)
    assert ("checks.yaml", 9, "warn.1") in shown  # says neither what to use nor why
    problems = []
    assert load_or_keep(tmp_path, problems, WORDS) == WORDS and problems


def test_a_duplicate_word_is_named_where_it_is_repeated(tmp_path):
    (tmp_path / "checks.yaml").write_text(
        "forbidden:\n  - word: 最佳\n    reason: 广告法\nwarn:\n  - word: 最 佳\n    use: 较好\n",
        encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_words(tmp_path)
    [problem] = error.value.problems
    assert (problem.line, problem.field, problem.value) == (5, "warn.0.word", "最 佳")
    assert "forbidden.0.word" in problem.zh


def test_a_broken_checks_yaml_is_one_problem_and_the_last_good_list_is_kept(content_copy, make_app):
    app = make_app(content_copy)  # published with the fixture's list
    store = app.extensions["content"]
    reason = "    reason: 广告法禁用的绝对化用语 / an absolute claim the advertising law forbids\n"
    edit(content_copy / "checks.yaml", f"{reason}  - word: 全国第一", "    reasn: 广告法\n  - word: 全国第一")
    edit(content_copy / TEA_ZH, TEA_SUMMARY, "summary: 品质最高级的富硒茶园，")
    generation, changed_ = store.publish()
    assert changed_
    listed = [p for p in generation.problems if p.path == "checks.yaml"]
    assert [(p.line, p.field) for p in listed] == [(5, "forbidden.0.reasn")]
    assert [p.field for p in generation.errors if p.path == TEA_ZH] == ["summary"]  # still forbidden
    assert [o.state for o in generation.outcomes if o.folder == "projects/tea-processing"] == ["kept"]
    page = app.test_client().get("/zh/projects/tea-processing/").get_data(as_text=True)
    assert "最高级" not in page and "依托全县富硒茶园" in page


def send(staff, url, pairs):
    """POST ``pairs`` with the session's CSRF token, as the edit form does."""
    return staff.client.post(url, data=MultiDict([*pairs, ("csrf_token", staff.token)]),
                             environ_base=staff.environ)


def field_block(html, name):
    """The HTML of the form field whose input is ``name``, with its messages."""
    before, after = html.split(f'name="{name}"', 1)
    start = before.rindex('<div class="field')
    return before[start:] + after.split('<div class="field', 1)[0]


def test_the_editor_shows_a_forbidden_word_at_its_input_and_refuses_to_submit(newsroom):  # noqa: F811
    _app, content, people = newsroom
    author = people["author"]
    before = (content / TEA_ZH).read_text(encoding="utf-8")
    html = author.get(TEA).get_data(as_text=True)
    data = changed(form_of(html), "zh.summary", "依托品质最 高 级的富硒茶园，建设富硒茶饮料生产线。")
    saved = send(author, TEA + "save", data)
    assert saved.status_code == 302  # a draft is saved whatever its errors
    html = author.get(TEA).get_data(as_text=True)
    assert "禁用词“最高级”（广告法禁用的绝对化用语）" in field_block(html, "zh.summary")
    refused = send(author, TEA + "submit", form_of(html))
    assert refused.status_code == 422
    assert (content / TEA_ZH).read_text(encoding="utf-8") == before

