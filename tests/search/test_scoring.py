"""Scores computed a posting block at a time are Whoosh's own, in Whoosh's order."""

import pytest

from portal.search import expand, matching, query, scoring
from portal.search.query import normalize

from ..helpers import edit
from .helpers import hrefs

QUERIES = ("茶", "富硒茶加工", "税收优惠", "冷链物流", "园区 厂房", '"冷链 物流"', "tea processing",
           "factories", "manufacturing", "WFOE", "Hong Kong", "锰 battery", "qinglan", "fu xi cha",
           "manganse", "3-301", "PPP项目", "rent-free")


def queries(service, generation, searcher, meta, synonyms):
    """The Whoosh queries a search makes: the words as typed, with their forms, any of them."""
    reader = searcher.reader()
    thesaurus = service.thesaurus(generation, synonyms, searcher)
    for text in QUERIES:
        found = tuple(query.parts(normalize(text), searcher.schema["text"].analyzer))
        found, _ = expand.expand(found, reader, thesaurus, meta.vocabulary)
        for made in (query.build([matching.as_typed(p) for p in found], reader),
                     query.build(found, reader), query.any_of(found, reader)):
            if made is not None:
                yield text, made


def assert_whooshs_scores(app):
    service, content = app.extensions["search"], app.extensions["content"].current
    with app.test_request_context(), service.searcher() as (generation, searcher, meta):
        checked = 0
        for text, made in queries(service, generation, searcher, meta, content.synonyms):
            expected = list(searcher.search(made, limit=None).top_n)
            found = scoring.top(searcher, made, meta.lengths)
            assert [d for _, d in found] == [d for _, d in expected], text
            assert [s for s, _ in found] == pytest.approx([s for s, _ in expected], rel=1e-12), text
            allowed = {d for _, d in expected[::2]}
            assert scoring.top(searcher, made, meta.lengths, allowed) == [
                item for item in found if item[1] in allowed]
            checked += bool(expected)
        assert checked > len(QUERIES)


def test_scores_are_whooshs_on_the_sample(sample_app):
    assert_whooshs_scores(sample_app)


def test_scores_are_whooshs_in_a_segment_with_deleted_documents(make_app, search_copy):
    app = make_app(search_copy)
    edit(search_copy / "policies/tax-guide/index.zh.md", "专精特新企业", "冷链物流和专精特新企业")
    app.extensions["content"].publish()
    assert "/zh/policies/tax-guide/" in hrefs(app.test_client(), "zh", "冷链物流")
    with app.test_request_context(), app.extensions["search"].searcher() as (_, searcher, _meta):
        assert searcher.reader().has_deletions()  # the update deleted the old version
    assert_whooshs_scores(app)
