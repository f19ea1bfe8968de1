"""Pinyin of the site's own words, for the index's ``pinyin`` field (pypinyin, at index time).

A Chinese document gets the full pinyin and the initials of the words of its title and of the
lexicon's words (county, places, parks, industries, the bureau's terms) that it contains:
青岚 -> ``qinglan ql``, 富硒茶 -> ``fuxicha fxc``, 新材料 -> ``xincailiao xcl``. The words of a
title are all the words in it, not only those segmentation cuts it into: a lexicon word taken
whole can take a character from a word beside it (富硒茶多酚 is cut 富硒茶 多 酚, and 茶多酚 would
have no pinyin). Queries never need pypinyin: a Latin word is looked up in this field as it is
typed.
"""

import re
from functools import lru_cache

from .analysis import HAN, PARTICLES

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
    in_text = {w for w in lexicon.words if w in text}
    return {"pinyin_title": spell(title_words(title, lexicon)), "pinyin": spell(in_text)}


def title_words(title, lexicon):
    """The words of a title: those it is cut into, every dictionary or lexicon word inside it
    wherever the cuts fall, and runs of two to four characters cut one by one (a brand name
    such as 岚宝牌, which the dictionary does not know)."""
    words = {w for w in lexicon.words if w in title}
    for run in HAN_RUNS.findall(title):
        cut = list(lexicon.segment(run))
        words.update(cut)
        words.update(lexicon.words_in(run))
        single = ""
        for piece in [*cut, ""]:
            if len(piece) == 1 and piece not in PARTICLES:
                single += piece
                continue
            if 2 <= len(single) <= 4:
                words.add(single)
            single = ""
    return words


def spell(words):
    return " ".join(sorted({f for w in words for f in forms(w)}))
