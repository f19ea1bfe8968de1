"""Text analysis shared by indexing and querying: fold, segment Chinese with jieba, stem English.

One tokenizer handles both scripts, so a mixed query (``富硒茶 processing``) is analysed exactly
like mixed content. Chinese runs are cut by jieba into sequential positions, so phrase queries
work; at index time each word also yields the dictionary words inside it (and its characters)
at the *same* position, so ``能源`` finds ``新能源``. Words of the content's own lexicon (see
``lexicon.py``) are never split. English words are lower-cased and stemmed (``factories`` →
``factori`` ← ``factory``). Punctuation and line breaks take up a position, so a phrase never
matches across them (a hyphen between Latin words does not: ``rent-free`` is ``rent free``).

At index time a synonym of several words (``cold chain``, 冷链物流 cut as 冷链 物流, from
``synonyms.yaml``) adds one token where its words stand as a phrase query would find them
(``compound_token``), so that such a term is one posting list and costs no phrase query.

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

VERSION = 5  # bump when analysis or the lexicon changes: `portal index` then rebuilds

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]")
# A Han run, a Latin/digit word (with inner ' or . as in don't, 3.5), or one other visible
# character or line break, which breaks phrases. Spaces and tabs are skipped.
PIECES = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+(?:['’.][^\W_{HAN}]+)*)|(\n|[^\s])")
# Full-width ASCII (ＡＢＣ１２３，) to half-width, ideographic space to space: same length.
WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
MAX_WORD = 40  # longer "words" are noise (hashes, runaway numbers)
MAX_SUBWORD_SOURCE = 12  # no sub-words from longer Chinese tokens
HYPHENS = frozenset("-‐‑–")  # between two Latin words: no phrase break (cold-chain = cold chain)
COMPOUND = "\x01"  # starts the token of a synonym of several words (no visitor can type it)
# Characters that join words rather than make them: never part of a run of single characters
# taken as a word (lexicon.py, pinyin.py).
PARTICLES = frozenset("的了和与及在是为对等或将把被从以于由并其该每各个年月日万亿元约共")

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

    def words_in(self, run, longest=8):
        """Every dictionary or lexicon word of two to ``longest`` characters in the Han ``run``,
        wherever segmentation cuts it (茶多酚 in 富硒茶多酚, which is cut 富硒茶 多 酚)."""
        freq = jieba_dictionary().FREQ  # also holds every prefix of a word (with count 0)
        n = len(run)
        for i in range(n - 1):
            for j in range(i + 2, min(n, i + longest) + 1):
                part = run[i:j]
                if freq.get(part) or part in self.words:
                    yield part
                elif part not in freq and not any(w.startswith(part) for w in self.starts.get(
                        part[0], ())):
                    break  # no longer word starts so

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


def compound_token(terms):
    """The token of a term of several tokens (``("cold", "chain")``) where they stand in a row."""
    return COMPOUND + " ".join(terms)


class PortalTokenizer(Tokenizer):
    """A Whoosh tokenizer for Chinese and English text (see the module docstring).

    ``mode="index"`` adds sub-words and the tokens of synonyms of several words; the spelling
    field (``nomorph``) gets unstemmed English words only. Pickled into the index schema with
    its lexicon and synonyms, so the searcher that opens an index analyses queries as the index
    was built.
    """

    is_morph = True  # stemming: Whoosh keeps unstemmed words apart for spelling suggestions

    def __init__(self, words=(), synonyms=()):
        super().__init__()
        self.words = tuple(sorted(set(words)))
        self.synonyms = tuple(tuple(group) for group in synonyms)
        self._lexicon = self._compounds = None

    def __getstate__(self):
        return {"words": self.words, "synonyms": self.synonyms}

    def __setstate__(self, state):
        self.words = state["words"]
        self.synonyms = state.get("synonyms", ())
        self._lexicon = self._compounds = None

    def __eq__(self, other):
        return (type(other) is type(self) and other.words == self.words
                and other.synonyms == self.synonyms)

    __hash__ = None

    @property
    def lexicon(self):
        if self._lexicon is None:
            self._lexicon = Lexicon(self.words)
        return self._lexicon

    @property
    def compounds(self):
        """first token -> {tokens of a synonym of several words starting with it}."""
        if self._compounds is None:
            found = {}
            for term in (term for group in self.synonyms for term in group):
                terms = tuple(t for t, *_ in analyse(self, term))
                if len(terms) > 1:
                    found.setdefault(terms[0], set()).add(terms)
            self._compounds = found
        return self._compounds

    def is_compound(self, terms):
        """True if ``terms`` are a synonym of several tokens: the index has a token for them."""
        return terms in self.compounds.get(terms[0], ())

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        spelling = kwargs.get("nomorph") or kwargs.get("no_morph")
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        found = self.terms(value, start_pos, spelling, mode)
        if mode == "index" and not spelling and self.synonyms:
            found = with_compounds(list(found), self.compounds)
        for text, pos, start, end in found:
            yield self._token(token, text, pos, start, end, start_char)

    def terms(self, value, start_pos, spelling, mode):
        """``(token, position, start, end)`` of ``value``, before synonyms."""
        text = fold(value)
        pos = start_pos
        latin_end = -1  # where the last Latin word ended
        for match in PIECES.finditer(text):
            han, latin, other = match.groups()
            if other is not None:
                after = PIECES.match(text, match.end())
                if not (other in HYPHENS and match.start() == latin_end and after and after[2]):
                    pos += 1  # punctuation or a line break: no phrase across it
                continue
            if latin is not None:
                word = latin.lower()
                if len(word) > MAX_WORD:
                    continue
                latin_end = match.end()
                if spelling:
                    if word.isalpha() and len(word) > 2:
                        yield word, pos, match.start(), match.end()
                    continue
                form = english(word)
                if form is None:
                    continue  # stop word: the next word takes its place, as in Whoosh
                yield form, pos, match.start(), match.end()
                pos += 1
                continue
            if spelling:
                continue
            offset = match.start()
            for word in self.lexicon.segment(han):
                end = offset + len(word)
                yield word, pos, offset, end
                if mode == "index" and 1 < len(word) <= MAX_SUBWORD_SOURCE:
                    for i, part in self.lexicon.subwords(word):
                        yield part, pos, offset + i, offset + i + len(part)
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


def with_compounds(found, compounds):
    """``found`` and, after it in order of position, the token of each synonym of several words
    (``compounds``) where a phrase query would find its words: each at the position after the
    one before (any token there, a word or a sub-word)."""
    at = {}
    for text, pos, start, end in found:
        at.setdefault(pos, {}).setdefault(text, (start, end))
    added = []
    for pos, here in at.items():
        for text, (start, _) in here.items():
            for terms in compounds.get(text, ()):
                ends = [at.get(pos + i, {}).get(term) for i, term in enumerate(terms)]
                if all(ends):
                    added.append((compound_token(terms), pos, start, ends[-1][1]))
    return found + sorted(added, key=lambda t: t[1])


def analyse(tokenizer, text):
    """``[(term, position, startchar, endchar)]`` of ``text`` as a query is analysed."""
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in tokenizer(text, positions=True, chars=True, mode="query")]
