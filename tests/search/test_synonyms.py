"""Synonyms in search: the terms of a group find each other, in and across languages."""

import pytest

from .helpers import hrefs


@pytest.mark.parametrize("lang,word,synonym", [
    ("en", "WFOE", "/en/projects/"),  # the wholly owned projects
    ("zh", "车间", "/zh/parks/"),
    ("zh", "factory", "/zh/parks/"),
    ("zh", "大健康", "/zh/projects/wellness-resort/"),
])
def test_a_synonym_finds_the_items_of_its_group(sample_client, lang, word, synonym):
    assert any(h.startswith(synonym) for h in hrefs(sample_client, lang, word)[:5])


def test_a_synonym_match_ranks_below_the_word_itself(sample_client):
    # 车间 (workshop) is in the agriculture park's text; the factory pages have 厂房 only.
    found = hrefs(sample_client, "zh", "车间")
    assert found.index("/zh/parks/xinyuan-agri-park/") < found.index("/zh/policies/factory-rent-support/")


def test_manufacturing_finds_projects_on_the_english_site(sample_client):
    # Issue 10: no project has the word, but processing and production are in its group.
    assert any("/en/projects/" in h for h in hrefs(sample_client, "en", "manufacturing")[:10])
