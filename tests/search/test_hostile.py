"""Whatever a visitor types, search answers 200 (or 404 for a page that does not exist), and
nothing typed reaches Whoosh's query language."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.search.query import MAX_CHARS, MAX_PARTS, normalize, parts

from .helpers import hrefs, results

SYNTAX = [
    "*", "?", "*:*", "title:标准化厂房", "type:units", "text:tea*", "te?", "tea~2", "tea^100",
    "[a TO z]", "{a TO z}", "(tea OR factory)", "tea AND NOT factory", "NOT tea", '"', '"tea',
    "“标准化厂房", "「", "\\", "tea\\*", "<b>tea</b>", "%", "%00", "\x00tea", "\u202etea",
    "\ufeff", "🏭 factory", "tea" * 300, "标准化厂房 " * 40, "a " * 200, "\t\n\r", "；、。，",
]


@pytest.mark.parametrize("q", SYNTAX)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_query_syntax_is_text(search_client, lang, q):
    response, _, page = results(search_client, lang, q)
    box = page.find_all("input", name="q")[0].attrs["value"]
    assert len(box) <= MAX_CHARS


@pytest.mark.parametrize("q", ["*", "*:*", "te?", "[a TO z]"])
def test_wildcards_match_nothing_special(search_client, q):
    assert hrefs(search_client, "en", q) == []


@pytest.mark.parametrize("q,word", [("type:units", "units"), ("title:标准化厂房", "标准化厂房")])
def test_field_syntax_is_just_words(search_client, q, word):
    # "type:" and "title:" are words here, which no page has: the results are those of the other
    # word, everywhere (not in one field only), under the notice that they lack a word.
    response, found, page = results(search_client, "zh", q)
    assert found == results(search_client, "zh", word)[1]
    assert "没有同时包含所有词语的结果" in page.text


def test_queries_are_bounded(search_app):
    assert len(normalize("x" * 5000)) == MAX_CHARS
    service = search_app.extensions["search"]
    with search_app.test_request_context(), service.searcher() as (_, searcher, _):
        analyzer = searcher.schema["text"].analyzer
        assert len(parts(" ".join(f"word{i}" for i in range(50)), analyzer)) == MAX_PARTS


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=text | st.sampled_from(SYNTAX), lang=st.sampled_from(["zh", "en"]),
       kind=st.none() | st.sampled_from(["units", "parks", "nope", ""]) | text,
       number=st.none() | st.integers(-3, 5).map(str) | text)
def test_any_input_gets_a_page_never_a_5xx(search_client, q, lang, kind, number):
    args = {"q": q}
    if kind is not None:
        args["type"] = kind
    if number is not None:
        args["page"] = number
    response = search_client.get(f"/{lang}/search", query_string=args)
    assert response.status_code in (200, 404, 414)
