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
from pathlib import Path
from typing import NamedTuple

from whoosh import index as whoosh_index

from ..pagecache import PageCache
from . import index, query
from .highlight import char_maps, marked, snippet, spans

log = logging.getLogger(__name__)
MAX_IDLE = 8  # searchers kept open per worker: more threads than this just open their own
MAX_RECORDS = 1000  # items kept per answer (100 pages): bounds the memory of cached answers
FIELDS = ("title", "text")


class Unavailable(Exception):
    """There is no index to search (not built yet, or removed under us)."""


class Record(NamedTuple):
    """One item found: the document that matched, and the one whose title is shown."""

    key: str
    type: str
    docnum: int
    shown: int
    score: float
    other_language: bool


@dataclass(frozen=True)
class Answer:
    generation: str
    query: str
    parts: tuple
    records: tuple
    corrected: str = ""
    partial: tuple = ()  # (part label, hits) for queries that found nothing as a whole

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


@dataclass(frozen=True)
class Meta:
    """Per generation: key, type and language of every document, and the reverse lookup."""

    keys: list
    types: list
    langs: list
    by_key: dict  # (key, lang) -> docnum

    @classmethod
    def read(cls, reader):
        keys, types, langs = (list(reader.column_reader(f)) for f in ("key", "type", "lang"))
        by_key = {(k, lang): d for d, (k, lang) in enumerate(zip(keys, langs, strict=True))}
        return cls(keys, types, langs, by_key)


class SearchService:
    def __init__(self, folder, cache_size=256):
        self.folder = Path(folder)
        self.lock = threading.Lock()
        self.idle = {}  # generation -> [searcher, …] not in use
        self.metas = {}  # generation -> Meta
        self.answers = PageCache(cache_size)
        self.hits = PageCache(cache_size * 4)

    def generation(self):
        return index.current_generation(self.folder)

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
            searcher = whoosh_index.open_dir(str(self.folder / generation)).searcher()
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

    def find(self, text, lang):
        """The Answer for a normalized query in the visitor's language (cached per worker)."""
        generation = self.generation()
        if generation is None:
            raise Unavailable()
        cached = self.answers.get((generation, lang, text))
        if cached is not None:
            return cached
        with self.searcher(generation) as (generation, searcher, meta):
            found = tuple(query.parts(text, searcher.schema["text"].analyzer))
            built = query.build(found, searcher.reader())
            records = ()
            if built is not None:
                top = searcher.search(built, limit=None).top_n
                records = collapse(top, meta, lang)
            if not records and len(found) > 1:
                records = across_languages(searcher, found, meta, lang)
            answer = Answer(generation, text, found, records)
            if not records and found:
                answer = hint(answer, searcher, lang)
        self.answers.put((generation, lang, text), answer)
        return answer

    def highlight(self, answer, records, lang):
        """Hits with highlighted title and snippet for ``records`` of ``answer``."""
        done = {r.docnum: self.hits.get((answer.generation, answer.query, lang, r.docnum))
                for r in records}
        missing = [r for r in records if done[r.docnum] is None]
        if missing:
            with self.searcher(answer.generation) as (_, searcher, _meta):
                terms = {t for p in answer.parts for t in (*p.terms, p.run) if t}
                docnums = [r.docnum for r in missing]
                maps = {f: char_maps(searcher, f, terms, docnums) for f in FIELDS}
                for r in missing:
                    done[r.docnum] = make_hit(searcher, r, answer.parts, maps)
                    self.hits.put((answer.generation, answer.query, lang, r.docnum), done[r.docnum])
        return [done[r.docnum] for r in records]


def collapse(top, meta, lang):
    """One record per item, best first: items found in ``lang`` first, then the others."""
    own, other = {}, {}
    keys, langs, types = meta.keys, meta.langs, meta.types
    for score, docnum in top:  # best first: the first document of an item is its best
        target = own if langs[docnum] == lang else other
        key = keys[docnum]
        if key not in target:
            target[key] = (score, docnum)
    records = [Record(k, types[d], d, d, s, False) for k, (s, d) in own.items()]
    if len(records) < MAX_RECORDS:
        by_key = meta.by_key
        records += [Record(k, types[d], d, by_key.get((k, lang), d), s, True)
                    for k, (s, d) in other.items() if k not in own]
    return tuple(records[:MAX_RECORDS])


def across_languages(searcher, found, meta, lang):
    """Items with every part in one of their language versions (``富硒 processing``)."""
    reader = searcher.reader()
    keys = None
    for part in found:
        matched = {meta.keys[d] for d in searcher.docs_for_query(query.build([part], reader))}
        keys = matched if keys is None else keys & matched
        if not keys:
            return ()
    # Score only the documents of those items (scoring every match of every part costs 5x more).
    allowed = {d for d, key in enumerate(meta.keys) if key in keys}
    top = searcher.search(query.any_of(found, reader), limit=None, filter=allowed).top_n
    return collapse(top, meta, lang)


def hint(answer, searcher, lang):
    """For an answer without records: a spelling correction, or the parts that do match."""
    corrected, words = answer.query, False
    reader = searcher.reader()
    corrector = searcher.corrector("text")
    for part in answer.parts:
        word = part.run
        if part.is_phrase or not word.isascii() or not word.isalpha():
            continue
        if any((f, part.terms[0]) in reader for f in FIELDS):
            continue
        # Whoosh ranks its candidates coarsely: take the nearest, then the most frequent.
        candidates = corrector.suggest(word.lower(), limit=8, maxdist=2, prefix=1)
        if candidates:
            best = min(candidates, key=lambda c: (distance(word.lower(), c),
                                                  -reader.doc_frequency("spell_text", c)))
            corrected = replace_word(corrected, word, best)
            words = True
    parts = answer.parts
    if words:
        parts = tuple(query.parts(corrected, searcher.schema["text"].analyzer))
        built = query.build(parts, reader)
        if built is not None and not searcher.search(built, limit=1).is_empty():
            return Answer(**{**answer.__dict__, "corrected": corrected})
    partial = []
    if len(parts) > 1:  # the words (corrected where we could) that find something alone
        for part in parts:
            count = len(searcher.search(query.build([part], reader), limit=1))
            if count:
                partial.append((part.label(), count))
    return Answer(**{**answer.__dict__, "partial": tuple(partial)})


def distance(a, b):
    """Levenshtein distance between two short words."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


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
        updated=shown["updated"],
    )
