"""Pinyin of the site's own words, for the index's ``pinyin`` field (pypinyin, at index time).

A Chinese document gets the full pinyin and the initials of the words of its title and of the
lexicon's words (county, places, parks, industries, the bureau's terms) that it contains:
青岚 -> ``qinglan ql``, 富硒茶 -> ``fuxicha fxc``, 新材料 -> ``xincailiao xcl``. Queries never
need pypinyin: a Latin word is looked up in this field as it is typed.
"""

import re
from functools import lru_cache

from .analysis import HAN

HAN_WORD = re.compile(f"^[{HAN}]{{2,8}}$")
HAN_RUNS = re.compile(f"[{HAN}]+")


@lru_cache(maxsize=20_000)
def forms(word):
    """``(full pinyin, initials)`` of a Chinese word of two to eight characters, else ()."""
    if not HAN_WORD.match(word):
        return ()
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(word, errors="ignore")
    if len(syllables) != len(word) or not all(s.isascii() and s.isalpha() for s in syllables):
        return ()
    return "".join(syllables), "".join(s[0] for s in syllables)


FIELDS = {"pinyin_title": 3.0, "pinyin": 1.0}  # and their weights, as for the characters


def pinyin_fields(title, text, lexicon):
    """The pinyin fields of a Chinese document: the forms of its title's words, and of the
    lexicon's words in its text."""
    in_title = {w for run in HAN_RUNS.findall(title) for w in lexicon.segment(run)}
    in_title.update(w for w in lexicon.words if w in title)
    in_text = {w for w in lexicon.words if w in text}
    return {"pinyin_title": spell(in_title), "pinyin": spell(in_text)}


def spell(words):
    return " ".join(sorted({f for w in words for f in forms(w)}))
