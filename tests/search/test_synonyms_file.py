"""``content/synonyms.yaml``: validated like the rest of the content, mistakes named as usual."""

import pytest

from portal.content.problems import ContentError
from portal.content.store import load_content
from portal.content.synonyms import load_synonyms


def write(root, text):
    root.mkdir(parents=True, exist_ok=True)
    (root / "synonyms.yaml").write_text(text, encoding="utf-8")
    return root


def problems(root):
    with pytest.raises(ContentError) as error:
        load_synonyms(root)
    return [(p.path, p.line, p.field, p.zh, p.en, p.value) for p in error.value.problems]


def test_no_file_means_no_synonyms(tmp_path):
    assert load_synonyms(tmp_path) == ()


def test_groups_are_immutable_tuples_of_terms(tmp_path):
    write(tmp_path, "groups:\n  - [厂房, 标准化厂房, factory]\n  - [康养,  wellness ]\n")
    assert load_synonyms(tmp_path) == (("厂房", "标准化厂房", "factory"), ("康养", "wellness"))


BROKEN = {
    "not a list": ("groups: 厂房\n", [(1, "groups", "应为列表", "厂房")]),
    "a group of one": ("groups:\n  - [厂房]\n", [(2, "groups.0", "至少两个", "厂房")]),
    "a group that is text": ("groups:\n  - 厂房, factory\n", [(2, "groups.0", "词语列表", "厂房, factory")]),
    "a number": ("groups:\n  - [厂房, 2026]\n", [(2, "groups.0.1", "非空文本", "2026")]),
    "an empty term": ("groups:\n  - [厂房, '']\n", [(2, "groups.0.1", "非空文本", "")]),
    "a term in two groups": ("groups:\n  - [厂房, factory]\n  - [plant, Factory]\n",
                             [(3, "groups.1.1", "已在第 1 组中", "Factory")]),
    "an unknown field": ("groups:\n  - [厂房, factory]\ngroup:\n  - [a, b]\n",
                         [(3, "group", "未知字段", "group")]),
    "bad YAML": ("groups:\n  - [厂房, factory\n", [(None, None, "YAML", "")]),
}


@pytest.mark.parametrize("text,expected", BROKEN.values(), ids=BROKEN.keys())
def test_mistakes_are_named_with_file_line_field_and_value(tmp_path, text, expected):
    found = problems(write(tmp_path, text))
    assert len(found) == len(expected)
    for (path, line, field, zh, en, refused), (want_line, want_field, words, value) in zip(
            found, expected, strict=True):
        assert path == "synonyms.yaml"
        assert want_line is None or line == want_line
        assert field == want_field
        assert words in zh and en
        if value:  # the refused value, in both languages
            assert refused == value.strip("'") and refused in zh and refused in en


def test_every_mistake_is_reported_at_once(tmp_path):
    found = problems(write(tmp_path, "groups:\n  - [厂房]\n  - [a, 3]\n  - x\n"))
    assert [f[2] for f in found] == ["groups.0", "groups.1.1", "groups.2"]


def test_a_broken_file_is_a_content_problem_and_the_last_good_groups_stay(content_copy):
    write(content_copy, "groups:\n  - [厂房, factory]\n")
    good, found = load_content(content_copy)
    assert not [p for p in found if p.path == "synonyms.yaml"] and good.synonyms == (("厂房", "factory"),)
    write(content_copy, "groups:\n  - [厂房]\n")
    content, found = load_content(content_copy, previous=good)
    assert [(p.path, p.line, p.field, p.severity) for p in found if p.path == "synonyms.yaml"] == [
        ("synonyms.yaml", 2, "groups.0", "error")]
    assert content.synonyms == good.synonyms
    assert load_content(content_copy)[0].synonyms == ()


def test_portal_check_names_the_problem(content_copy, monkeypatch):
    from click.testing import CliRunner

    from portal.cli import main

    write(content_copy, "groups:\n  - [厂房, 厂房]\n")
    result = CliRunner().invoke(main, ["check", str(content_copy)])
    assert result.exit_code == 1
    assert "synonyms.yaml:2 [groups.0.1]" in result.output


def test_the_sample_county_ships_a_valid_list(sample_app):
    groups = sample_app.extensions["content"].current.synonyms
    assert len(groups) >= 10
    terms = {t for group in groups for t in group}
    assert {"厂房", "标准化厂房", "车间", "factory", "康养", "wellness", "WFOE", "manufacturing"} <= terms
