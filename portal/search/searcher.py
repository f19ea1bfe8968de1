"""Searching under several workers and threads: searchers per generation, answers cached.

A searcher is used by one request at a time: requests take one from the pool of the current
generation (or open one) and give it back. Each request resolves ``current`` first, so a
worker sees a new generation on its next request, without a restart; searchers of an older
generation are closed as they come back. Answers are cached per worker, keyed by generation,
language and normalized query, so a rebuild can never serve stale results.
"""

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index

from ..pagecache import PageCache
from . import expand, index, matching, query
from .highlight import char_maps, marked, snippet, spans
from .ranking import Record  # noqa: F401  (part of an Answer)
from .suggest import hint

log = logging.getLogger(__name__)
MAX_IDLE = 8  # searchers kept open per worker: more threads than this just open their own
MAX_RECORDS = 1000  # items kept per answer (100 pages): bounds the memory of cached answers
FIELDS = ("title", "text")
SCORED = ("title", "text", "pinyin_title", "pinyin")  # the fields queries score


class Unavailable(Exception):
    """There is no index to search (not built yet, or removed under us)."""


@dataclass(frozen=True)
class Answer:
    generation: str
    query: str
    parts: tuple
    records: tuple
    corrected: str = ""  # the query with misspelt words corrected, when they were
    partial: tuple = ()  # (word, hits) of each word that finds something, when not all do
    incomplete: bool = False  # no item has every word: the records have some of them

    @property
    def capped(self):
        return len(self.records) >= MAX_RECORDS


@dataclass(frozen=True)
class Hit:
    key: str
    type: str
    section: str
    slug: str
    anchor: str
    title: object
    title_lang: str
    snippet: object
    snippet_lang: str
    other_language: bool
    updated: str
    status: str = ""  # project or unit status key, shown as the list pages show it
    expired: bool = False  # an incentive past its validity


@dataclass(frozen=True)
class Meta:
    """Per generation: key, type, language and status of every document, and the reverse lookup;
    the length of each scored field of every document (``lengths``, for ``scoring.py``)."""

    keys: list
    types: list
    langs: list
    by_key: dict  # (key, lang) -> docnum
    statuses: list
    expires: list  # ISO date an incentive ends, or ""
    vocabulary: dict  # field -> the set of its words, for the fields typos and pinyin look up
    field_lengths: dict  # field -> [length of the field in each document], read when first asked

    @classmethod
    def read(cls, reader):
        keys, types, langs, statuses, expires = (
            column(reader, f) for f in ("key", "type", "lang", "status", "expires"))
        by_key = {(k, lang): d for d, (k, lang) in enumerate(zip(keys, langs, strict=True))}
        vocabulary = {f: frozenset(reader.field_terms(f)) if f in reader.schema else frozenset()
                      for f in expand.LOOKED_UP}
        meta = cls(keys, types, langs, by_key, statuses, expires, vocabulary, {})
        meta.field_lengths.update(
            (f, [reader.doc_field_length(d, f, 1) for d in range(len(keys))]) for f in SCORED)
        return meta

    def lengths(self, field):
        return self.field_lengths[field]


def column(reader, field):
    """Values of a column for every document; "" where a segment or document has none."""
    values = []
    for leaf, _ in reader.leaf_readers():
        if field in leaf.schema and leaf.has_column(field):
            values.extend(value or "" for value in leaf.column_reader(field))
        else:
            values.extend([""] * leaf.doc_count_all())
    return values


class SearchService:
    def __init__(self, locate, cache_size=256):
        self.locate = locate  # () -> the index folder of the request's published generation
        self.lock = threading.Lock()
        self.idle = {}  # generation -> [searcher, …] not in use
        self.metas = {}  # generation -> Meta
        self.answers = PageCache(cache_size)
        self.hits = PageCache(cache_size * 4)
        self.thesauri = {}  # (generation, synonyms) -> Thesaurus

    def generation(self):
        """The index the request searches: a path, unique to its published generation."""
        folder = Path(self.locate())
        name = index.current_generation(folder)
        return None if name is None else str(folder / name)

    @contextmanager
    def searcher(self, generation=None):
        """``(generation, searcher, meta)`` for this request only; the current generation by
        default."""
        generation = generation or self.generation()
        if generation is None:
            raise Unavailable()
        with self.lock:
            pool = self.idle.get(generation)
            opened = pool.pop() if pool else None
        if opened is None:
            opened = self.open(generation)
        try:
            yield (generation, *opened)
        finally:
            self.give_back(generation, opened)

    def open(self, generation):
        try:
            searcher = whoosh_index.open_dir(generation).searcher()
        except (OSError, whoosh_index.IndexError) as error:
            log.warning("search index %s cannot be opened: %s", generation, error)
            raise Unavailable() from None
        with self.lock:
            meta = self.metas.get(generation)
        if meta is None:
            meta = Meta.read(searcher.reader())
            with self.lock:
                self.metas[generation] = meta
        return searcher, meta

    def give_back(self, generation, opened):
        current = self.generation()
        closing = []
        with self.lock:
            pool = self.idle.setdefault(generation, [])
            if generation == current and len(pool) < MAX_IDLE:
                pool.append(opened)
            else:
                closing.append(opened)
            for old in [g for g in self.idle if g != current]:
                closing.extend(self.idle.pop(old))
            for old in [g for g in self.metas if g != current]:
                del self.metas[old]
        for searcher, _ in closing:
            searcher.close()

    def find(self, text, lang, synonyms=()):
        """The Answer for a normalized query in the visitor's language (cached per worker).

        ``synonyms`` are the content's groups of terms that find each other.
        """
        generation = self.generation()
        if generation is None:
            raise Unavailable()
        cache_key = answer_key(generation, lang, text, synonyms)
        cached = self.answers.get(cache_key)
        if cached is not None:
            return cached
        with self.searcher(generation) as (generation, searcher, meta):
            analyzer = searcher.schema["text"].analyzer
            found = tuple(query.parts(text, analyzer))
            found, corrections = expand.expand(found, searcher.reader(),
                                               self.thesaurus(generation, synonyms, searcher),
                                               meta.vocabulary)
            today = cache_key[-1]
            answer = search(searcher, Answer(generation, text, found, ()), meta, lang, today)
            corrected = text
            for word, correction in corrections.items():
                corrected = replace_word(corrected, word, correction)
            if corrected != text:
                answer = Answer(**{**answer.__dict__, "corrected": corrected})
            if not answer.records and found:
                answer = hint(answer, searcher, lambda a: search(searcher, a, meta, lang, today))
        self.answers.put(cache_key, answer)
        return answer

    def is_cached(self, text, lang, synonyms=()):
        """True if ``find(text, lang, synonyms)`` would be answered from this worker's cache."""
        key = answer_key(self.generation(), lang, text, synonyms)
        return self.answers.get(key) is not None

    def thesaurus(self, generation, synonyms, searcher):
        """The synonyms analysed with this generation's tokenizer, once per generation."""
        if not synonyms:
            return None
        key = (generation, hash(synonyms))
        with self.lock:
            found = self.thesauri.get(key)
        if found is None:
            found = expand.Thesaurus(synonyms, searcher.schema["text"].analyzer, searcher.reader())
            with self.lock:
                self.thesauri = {k: v for k, v in self.thesauri.items() if k[0] == generation}
                self.thesauri[key] = found
        return found

    def highlight(self, answer, records, lang):
        """Hits with highlighted title and snippet for ``records`` of ``answer``."""
        done = {r.docnum: self.hits.get((answer.generation, answer.query, lang, r.docnum))
                for r in records}
        missing = [r for r in records if done[r.docnum] is None]
        if missing:
            with self.searcher(answer.generation) as (_, searcher, _meta):
                terms = {t for p in answer.parts for t in (*p.all_terms(), p.run) if t}
                docnums = [r.docnum for r in missing]
                maps = {f: char_maps(searcher, f, terms, docnums) for f in FIELDS}
                for r in missing:
                    done[r.docnum] = make_hit(searcher, r, answer.parts, maps)
                    self.hits.put((answer.generation, answer.query, lang, r.docnum), done[r.docnum])
        return [done[r.docnum] for r in records]


def answer_key(generation, lang, text, synonyms):
    """The cache key of an answer: also the day, as incentives expire at midnight."""
    return (generation, lang, text, hash(synonyms), date.today().isoformat())


def search(searcher, answer, meta, lang, today):
    """``answer`` with its records (see ``matching.py``)."""
    records, incomplete = matching.search(searcher, answer.parts, meta, lang, today, answer.query,
                                          MAX_RECORDS)
    if not incomplete:
        return Answer(**{**answer.__dict__, "records": records})
    required = [p for p in answer.parts if p.required]
    return Answer(**{**answer.__dict__, "records": records, "incomplete": True,
                     "partial": matching.word_counts(searcher, required, searcher.reader())})


def replace_word(text, word, replacement):
    start = text.lower().find(word.lower())
    return text if start < 0 else text[:start] + replacement + text[start + len(word):]


def make_hit(searcher, record, parts, maps):
    matched = searcher.stored_fields(record.docnum)
    shown = matched if record.shown == record.docnum else searcher.stored_fields(record.shown)
    # The title is marked only when it is the document that matched.
    title_spans = spans(parts, maps["title"][record.docnum]) if shown is matched else []
    return Hit(
        key=record.key, type=record.type, section=shown["section"], slug=shown["slug"],
        anchor=shown["anchor"], title=marked(shown["title"], title_spans), title_lang=shown["lang"],
        snippet=snippet(matched["text"], spans(parts, maps["text"][record.docnum]), matched["lang"]),
        snippet_lang=matched["lang"], other_language=record.other_language,
        updated=shown["updated"], status=record.status, expired=record.expired,
    )
