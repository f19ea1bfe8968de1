"""The results page in both languages: what is found, in what order, and how it is shown."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .helpers import hrefs, results

TAX_GUIDE = "policies/tax-guide/"
LAND_QUOTA = "news/2026-06-01-land-quota/"
NEW_ENERGY = "news/2026-05-01-new-energy/"


def test_words_typed_together_rank_above_the_same_words_apart(search_client):
    found = hrefs(search_client, "zh", "税收优惠")
    # The land-quota news has 税收 and 优惠, but not together: it is found, below the guide.
    assert found.index(f"/zh/{TAX_GUIDE}") < found.index(f"/zh/{LAND_QUOTA}")
    assert any(LAND_QUOTA in h for h in hrefs(search_client, "zh", "税收 优惠"))


def test_quoted_words_must_match_as_a_phrase(search_client):
    found = hrefs(search_client, "zh", '"税收优惠"')
    assert f"/zh/{TAX_GUIDE}" in found and not any(LAND_QUOTA in h for h in found)


def test_a_dictionary_sub_word_finds_the_compound(search_client):
    assert f"/zh/{NEW_ENERGY}" in hrefs(search_client, "zh", "能源")
    assert f"/zh/{NEW_ENERGY}" in hrefs(search_client, "zh", "新能源")


def test_traditional_input_finds_simplified_content(search_client):
    simplified = hrefs(search_client, "zh", "标准化厂房")
    assert simplified and hrefs(search_client, "zh", "標準化廠房") == simplified


@pytest.mark.parametrize("word", ["factories", "factory", "Factory", "FACTORIES"])
def test_english_stemming(search_client, word):
    assert "/en/parks/materials-park/" in hrefs(search_client, "en", word)


def test_a_mixed_query_matches_an_item_across_its_languages(search_client):
    found = hrefs(search_client, "en", "富硒 processing")
    assert found[0] == "/en/projects/tea-processing/"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_matches_are_highlighted_in_title_and_snippet(search_client, lang):
    _, _, page = results(search_client, lang, "税收优惠" if lang == "zh" else "tax incentives")
    marks = [m.text.lower() for m in page.find_all("mark")]
    assert marks
    if lang == "zh":
        assert "税收优惠" in "".join(marks)
    else:
        assert {"tax", "incentives"} <= set(marks)


def test_highlighting_escapes_the_stored_text(search_client):
    response, _, _ = results(search_client, "zh", "<script>alert(1)</script> 标准化厂房")
    assert b"<script>alert" not in response.data


def test_type_filter_with_counts(search_client):
    _, everything, page = results(search_client, "zh", "标准化厂房")
    options = {a.attrs["href"].split("type=")[-1]: a.text for a in page.find_all("a")
               if "type=" in a.attrs.get("href", "")}
    assert "units" in options and "parks" in options
    units_count = int(options["units"].split()[-1])
    _, units, page = results(search_client, "zh", "标准化厂房", type="units")
    assert len(units) == units_count and all("#unit-" in href for href, _ in units)
    assert len(everything) > len(units)
    assert page.find_all("a", **{"aria-current": "true"})  # the chosen type is marked


def test_results_in_the_visitors_language_come_first(search_client):
    # "tea": English documents match in English; the Chinese-only news does not.
    zh = hrefs(search_client, "zh", "富硒")
    en = hrefs(search_client, "en", "富硒")
    assert zh and en and all(h.startswith("/zh/") for h in zh) and all(h.startswith("/en/") for h in en)
    # An English visitor searching in Chinese is told the match is in the Chinese text.
    _, _, page = results(search_client, "en", "富硒")
    assert "Found in the Chinese text" in page.text


def test_each_item_appears_once(search_client):
    found = hrefs(search_client, "zh", "tea 茶")
    assert len(found) == len(set(found))


def test_the_query_stays_in_the_box(search_client):
    _, _, page = results(search_client, "en", "  tea   processing ")
    box = page.find_all("input", name="q")[0]
    assert box.attrs["value"] == "tea processing"


def test_pagination(search_client):
    _, first, page = results(search_client, "zh", "青岚")
    assert len(first) == 10 and page.find_all("a", rel="next")
    _, second, _ = results(search_client, "zh", "青岚", page=2)
    assert second and not set(first) & set(second)
    assert search_client.get("/zh/search?q=青岚&page=99").status_code == 404


def test_a_misspelt_word_finds_what_its_correction_finds_and_says_so(search_client):
    _, found, page = results(search_client, "en", "factroy")
    assert found and found[0] in results(search_client, "en", "factory")[1][:3]
    assert "Did you mean" in page.text
    assert any("q=factory" in a.attrs.get("href", "") for a in page.find_all("a"))


def test_no_results_offers_spelling_suggestions_and_ways_on(search_client):
    _, found, page = results(search_client, "en", "teaa")  # four letters: not corrected silently
    assert found == []
    assert "Did you mean" in page.text
    assert any("q=tea" in a.attrs.get("href", "") for a in page.find_all("a"))
    assert any(a.attrs.get("href", "").endswith("/en/projects/") for a in page.find_all("a"))


def test_a_suggestion_is_never_a_stop_word(search_client):
    _, found, page = results(search_client, "en", "whoo")
    offered = {parse_qs(urlsplit(a.attrs["href"]).query).get("q", [""])[0]
               for a in page.find_all("a") if a.attrs.get("href", "").startswith("/en/search?")}
    assert not offered & {"who", "whom", "whose", "what", "why", "whoo"}


def test_misspelt_words_that_find_something_alone_are_offered(search_client):
    _, found, page = results(search_client, "en", "factroy zzzzqqq")
    assert found and "No result has every word" in page.text
    assert any("q=factory" in a.attrs.get("href", "") for a in page.find_all("a"))


def test_pages_about_a_term_outrank_single_factory_units(search_client):
    first = hrefs(search_client, "zh", "标准化厂房")[0]
    assert "#unit-" not in first


def test_without_an_item_with_every_word_the_items_with_some_are_shown_under_a_notice(search_client):
    _, found, page = results(search_client, "zh", "标准化厂房 zzzzqqq")
    assert found == results(search_client, "zh", "标准化厂房")[1][:len(found)]
    assert "没有同时包含所有词语的结果，以下结果包含部分词语" in page.text
    assert any("q=%E6%A0%87%E5%87%86%E5%8C%96%E5%8E%82%E6%88%BF" in a.attrs.get("href", "")
               for a in page.find_all("a"))


def test_the_notice_is_shown_only_when_a_word_is_missing(search_client):
    for q in ("标准化厂房", "税收优惠", "tea processing"):
        _, found, page = results(search_client, "zh", q)
        assert found and "没有同时包含所有词语的结果" not in page.text


def test_items_with_more_of_the_words_come_first(search_client):
    _, found, _ = results(search_client, "zh", "税收优惠 标准化厂房 zzzzqqq")
    assert found[0] == f"/zh/{TAX_GUIDE}" or "#unit-" not in found[0]


def test_an_empty_query_shows_a_prompt_with_ideas(search_client):
    _, found, page = results(search_client, "zh", "")
    assert found == [] and page.find_all("h1")[0].text == "搜索"
    assert any("q=%E6%96%B0%E6%9D%90%E6%96%99" in a.attrs.get("href", "") for a in page.find_all("a"))


def test_every_page_has_a_labelled_search_box(search_client):
    for url in ("/zh/", "/en/projects/", "/zh/parks/materials-park/", "/en/no-such-page/"):
        html = search_client.get(url).get_data(as_text=True)
        assert 'role="search"' in html and 'for="site-search-q"' in html and 'name="q"' in html


def test_results_are_not_page_cached(search_app, search_client):
    response = search_client.get("/zh/search?q=茶")
    assert "no-cache" in response.headers["Cache-Control"]
    assert not any("/search" in key.path for key in search_app.extensions["pages"].entries)


def test_language_switch_keeps_the_query(search_client):
    _, _, page = results(search_client, "zh", "tea")
    switch = [a.attrs["href"] for a in page.find_all("a")
              if (a.attrs.get("href") or "").startswith("/language/")]
    assert switch == ["/language/zh-hant?next=/zh-hant/search?q%3Dtea",
                      "/language/en?next=/en/search?q%3Dtea"]
    canonical = page.find_all("link", rel="canonical")[0].attrs["href"]
    assert canonical == "http://localhost/zh/search?q=tea"
