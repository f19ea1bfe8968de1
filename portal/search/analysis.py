"""Text analysis shared by indexing and querying: fold, segment Chinese with jieba, stem English.

One tokenizer handles both scripts, so a mixed query (``富硒茶 processing``) is analysed exactly
like mixed content. Chinese runs are cut by jieba into sequential positions, so phrase queries
work; at index time each word also yields the dictionary words inside it (and its characters)
at the *same* position, so ``能源`` finds ``新能源``. Words of the content's own lexicon (see
``lexicon.py``) are never split. English words are lower-cased and stemmed (``factories`` →
``factori`` ← ``factory``). Punctuation and line breaks take up a position, so a phrase never
matches across them.

The jieba dictionary (about 60 MB in memory) is loaded once per process, from a cache file in
the instance folder; ``preload()`` does it before a server forks its workers.
"""

import logging
import re
import threading
import warnings
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter2 import stem

VERSION = 3  # bump when analysis or the lexicon changes: `portal index` then rebuilds

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]")
# A Han run, a Latin/digit word (with inner ' or . as in don't, 3.5), or one other visible
# character or line break, which breaks phrases. Spaces and tabs are skipped.
PIECES = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+(?:['’.][^\W_{HAN}]+)*)|(\n|[^\s])")
# Full-width ASCII (ＡＢＣ１２３，) to half-width, ideographic space to space: same length.
WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
MAX_WORD = 40  # longer "words" are noise (hashes, runaway numbers)
MAX_SUBWORD_SOURCE = 12  # no sub-words from longer Chinese tokens

_lock = threading.Lock()
_state = {"cache_dir": None, "jieba": None, "opencc": None}


def configure(cache_dir):
    """Keep jieba's dictionary cache in ``cache_dir`` (the instance folder)."""
    _state["cache_dir"] = str(cache_dir)


def jieba_dictionary():
    """The process-wide jieba tokenizer, loaded on first use (about a second, 60 MB)."""
    if _state["jieba"] is None:
        with _lock:
            if _state["jieba"] is None:
                with warnings.catch_warnings():
                    # jieba 0.42.1 (2020, the current release) imports pkg_resources and has
                    # invalid escape sequences in regex literals; both are harmless warnings.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    warnings.simplefilter("ignore", SyntaxWarning)
                    import jieba
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.tmp_dir = _state["cache_dir"]  # None: the system's temporary folder
                tokenizer.initialize()
                _state["jieba"] = tokenizer
    return _state["jieba"]


def converter():
    if _state["opencc"] is None:
        import opencc

        _state["opencc"] = opencc.OpenCC("t2s")
    return _state["opencc"]


def preload():
    """Load jieba, OpenCC and pypinyin now (before workers fork), not on first use."""
    jieba_dictionary()
    converter()
    import pypinyin  # noqa: F401  (0.3 s: its phrase dictionary; used when indexing)


def fold(text):
    """Full-width to half-width and traditional to simplified Chinese, keeping every offset."""
    text = text.translate(WIDTH)
    if not HAN_RUN.search(text):
        return text
    simplified = converter().convert(text)
    if len(simplified) == len(text):
        return simplified
    # A phrase conversion changed the length: convert character by character instead, so
    # character offsets into the stored text stay right.
    convert = converter().convert
    return "".join(c if c < "\u3400" else (convert(c) if len(convert(c)) == 1 else c) for c in text)


@lru_cache(maxsize=50_000)
def english(word):
    """Index form of a Latin word: stemmed, or None for a stop word."""
    if word in STOP_WORDS:
        return None
    return stem(word) if word.isalpha() else word


class Lexicon:
    """The content's own words (county, parks, industries, terms): never split by segmentation."""

    def __init__(self, words):
        self.words = frozenset(w for w in words if len(w) > 1)
        self.starts = {}
        for word in sorted(self.words, key=len, reverse=True):
            self.starts.setdefault(word[0], []).append(word)

    def segment(self, run):
        """Cut a Han run: lexicon words whole (longest first), jieba for the text between."""
        cut = jieba_dictionary().cut
        start = i = 0
        n = len(run)
        while i < n:
            for word in self.starts.get(run[i], ()):
                if run.startswith(word, i):
                    if start < i:
                        yield from cut(run[start:i], HMM=False)
                    yield word
                    i = start = i + len(word)
                    break
            else:
                i += 1
        if start < n:
            yield from cut(run[start:], HMM=False)

    def subwords(self, word):
        """``(offset, subword)`` for every dictionary word and character inside ``word``."""
        freq = jieba_dictionary().FREQ
        n = len(word)
        for i in range(n):
            yield i, word[i]
            for j in range(i + 2, n + 1 if i else n):
                part = word[i:j]
                if freq.get(part) or part in self.words:
                    yield i, part


class PortalTokenizer(Tokenizer):
    """A Whoosh tokenizer for Chinese and English text (see the module docstring).

    ``mode="index"`` adds sub-words; the spelling field (``nomorph``) gets unstemmed English
    words only. Pickled into the index schema with its lexicon, so the searcher that opens an
    index analyses queries with the very lexicon the index was built with.
    """

    is_morph = True  # stemming: Whoosh keeps unstemmed words apart for spelling suggestions

    def __init__(self, words=()):
        super().__init__()
        self.words = tuple(sorted(set(words)))
        self._lexicon = None

    def __getstate__(self):
        return {"words": self.words}

    def __setstate__(self, state):
        self.words = state["words"]
        self._lexicon = None

    def __eq__(self, other):
        return type(other) is type(self) and other.words == self.words

    __hash__ = None

    @property
    def lexicon(self):
        if self._lexicon is None:
            self._lexicon = Lexicon(self.words)
        return self._lexicon

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        spelling = kwargs.get("nomorph") or kwargs.get("no_morph")
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = fold(value)
        pos = start_pos
        for match in PIECES.finditer(text):
            han, latin, other = match.groups()
            if other is not None:
                pos += 1  # punctuation or a line break: no phrase across it
                continue
            if latin is not None:
                word = latin.lower()
                if len(word) > MAX_WORD:
                    continue
                if spelling:
                    if word.isalpha() and len(word) > 2:
                        yield self._token(token, word, pos, match.start(), match.end(), start_char)
                    continue
                form = english(word)
                if form is None:
                    continue  # stop word: the next word takes its place, as in Whoosh
                yield self._token(token, form, pos, match.start(), match.end(), start_char)
                pos += 1
                continue
            if spelling:
                continue
            offset = match.start()
            for word in self.lexicon.segment(han):
                end = offset + len(word)
                yield self._token(token, word, pos, offset, end, start_char)
                if mode == "index" and 1 < len(word) <= MAX_SUBWORD_SOURCE:
                    for i, part in self.lexicon.subwords(word):
                        yield self._token(token, part, pos, offset + i, offset + i + len(part),
                                          start_char)
                offset = end
                pos += 1

    @staticmethod
    def _token(token, text, pos, start, end, start_char):
        token.text = text
        token.boost = 1.0
        token.stopped = False
        if token.positions:
            token.pos = pos
        if token.chars:
            token.startchar = start_char + start
            token.endchar = start_char + end
        return token


def analyse(tokenizer, text):
    """``[(term, position, startchar, endchar)]`` of ``text`` as a query is analysed."""
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in tokenizer(text, positions=True, chars=True, mode="query")]
