"""The tokenizer: sequential positions, sub-words in place, folding, stemming, offsets."""

import pickle

import pytest

from portal.search.analysis import PortalTokenizer, analyse, fold

WORDS = ("青岚县", "青岚", "标准化厂房", "专精特新", "富硒")


@pytest.fixture(scope="module")
def tokenizer(search_app):  # the app loads jieba, with its cache in the instance folder
    return PortalTokenizer(WORDS)


def indexed(tokenizer, text):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in tokenizer(text, positions=True, chars=True, mode="index")]


def test_query_tokens_have_sequential_positions(tokenizer):
    tokens = analyse(tokenizer, "享受税收优惠")
    assert [t for t, *_ in tokens] == ["享受", "税收", "优惠"]
    assert [p for _, p, *_ in tokens] == [0, 1, 2]


def test_index_adds_sub_words_at_the_same_position(tokenizer):
    tokens = indexed(tokenizer, "发展新能源产业")
    at = {}
    for text, pos, *_ in tokens:
        at.setdefault(pos, []).append(text)
    main = [words[0] for _, words in sorted(at.items())]
    assert main == ["发展", "新能源", "产业"]
    assert {"能源", "新", "能", "源"} <= set(at[1])
    assert max(at) == 2  # sub-words take no positions of their own


def test_sub_words_carry_their_own_character_offsets(tokenizer):
    text = "发展新能源产业"
    for word, _, start, end in indexed(tokenizer, text):
        assert text[start:end] == word


def test_lexicon_words_are_never_split(tokenizer):
    assert [t for t, *_ in analyse(tokenizer, "青岚县标准化厂房支持专精特新")] == [
        "青岚县", "标准化厂房", "支持", "专精特新"]


def test_traditional_characters_fold_to_simplified_keeping_offsets(tokenizer):
    assert fold("標準化廠房稅收優惠") == "标准化厂房税收优惠"
    assert [t for t, *_ in analyse(tokenizer, "標準化廠房")] == ["标准化厂房"]
    assert fold("ＰＰＰ項目，３期") == "PPP项目,3期"


def test_english_is_lowercased_stemmed_and_stop_words_dropped(tokenizer):
    assert [t for t, *_ in analyse(tokenizer, "The Factories of a factory")] == ["factori", "factori"]
    assert [t for t, *_ in analyse(tokenizer, "processing")] == ["process"]


def test_mixed_text_keeps_both_scripts_in_order(tokenizer):
    assert [t for t, *_ in analyse(tokenizer, "富硒茶 tea processing 3.5亿元")] == [
        "富硒", "茶", "tea", "process", "3.5", "亿元"]


def test_punctuation_and_line_breaks_break_phrases(tokenizer):
    tokens = analyse(tokenizer, "税收，优惠\n税收")
    assert [p for _, p, *_ in tokens] == [0, 2, 4]


def test_spelling_words_are_unstemmed_english_only(tokenizer):
    words = [t.text for t in tokenizer("Factories 标准化厂房 processing", nomorph=True)]
    assert words == ["factories", "processing"]


def test_tokenizer_pickles_with_its_lexicon_only(tokenizer):
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert copy == tokenizer and len(pickle.dumps(tokenizer)) < 1000
    assert [t for t, *_ in analyse(copy, "专精特新")] == ["专精特新"]


def test_the_lexicon_comes_from_the_content(search_app):
    from portal.search.lexicon import build_lexicon

    words = set(build_lexicon(search_app.extensions["content"].current))
    assert {"青岚县", "青岚", "新材料", "税收减免", "专精特新", "标准化厂房"} <= words
    assert all(len(w) > 1 for w in words)


def test_a_hyphen_between_latin_words_is_no_phrase_break(tokenizer):
    assert [(t, p) for t, p, *_ in analyse(tokenizer, "rent-free cold-chain 3-301")] == [
        ("rent", 0), ("free", 1), ("cold", 2), ("chain", 3), ("3", 4), ("301", 5)]
    assert [p for _, p, *_ in analyse(tokenizer, "税收-优惠")] == [0, 2]  # Chinese: still a break


def test_a_synonym_of_several_words_is_one_token_where_they_stand_in_a_row(search_app):
    from portal.search.analysis import compound_token

    synonyms = (("冷链物流", "cold chain"), ("rent", "rent free"))
    tokenizer = PortalTokenizer(WORDS, synonyms)
    text = "A cold-chain hub; cold storage, a chain. 发展冷链物流"
    tokens = indexed(tokenizer, text)
    added = [(t, p, text[s:e]) for t, p, s, e in tokens if t.startswith("\x01")]
    cut = tuple(t for t, *_ in analyse(tokenizer, "冷链物流"))  # 冷 链 物流 with this lexicon
    assert added == [(compound_token(("cold", "chain")), 0, "cold-chain"),
                     (compound_token(cut), 10, "冷链物流")]
    assert [t for t, *_ in analyse(tokenizer, "cold chain")] == ["cold", "chain"]  # queries: none
    assert tokenizer.is_compound(("cold", "chain")) and not tokenizer.is_compound(("cold", "storag"))
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert copy == tokenizer and copy != PortalTokenizer(WORDS)
