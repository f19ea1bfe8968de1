"""The records of a query, in three passes that each cost only what they add.

1. The words as typed: every match scored (for the order of all pages and the type counts).
2. Their other forms (synonyms, pinyin, corrected typos), only when a word has some: on a
   large corpus the extra documents are listed, and scored only when the words as typed do
   not fill the first page. Whoosh would otherwise score every document of every form, and a
   synonym group of broad words matches much of a corpus.
3. When no item has every word: the items with the most of them, under a notice.

Whether an unspaced run stands in a document as typed (a phrase, or one indexed word) is
checked from the postings of the first ``PHRASE_CHECKED`` records only, rather than by a phrase
query over every match: positions are the dearest thing Whoosh reads.
"""

from collections import Counter

from . import query, ranking
from .highlight import char_maps, matches

PHRASE_CHECKED = 30
SCORED_TOGETHER = 300
PAGE = 10  # results on a page
FIELDS = ("title", "text")


def as_typed(part):
    return query.Part(part.terms, part.run, (), part.joined)


def search(searcher, found, meta, lang, today, text, limit):
    """``(records, incomplete)``: items with every word; else items with the most of them."""
    reader = searcher.reader()
    typed = query.build([as_typed(p) for p in found], reader)
    records, required = (), [p for p in found if p.required]
    if typed is not None:
        top = searcher.search(typed, limit=None).top_n
        exact = {meta.keys[d] for _, d in top}
        if any(p.forms for p in found):
            top = with_other_forms(searcher, query.build(found, reader), top)
        records = ranked(searcher, found, ranking.records(top, meta, lang, today), text, limit,
                         exact=exact)
    if records or len(required) < 2:
        return records, False
    records = ranking.across_languages(searcher, found, meta, lang, today, text, limit)
    if records:
        return ranked(searcher, found, records, text, limit), False
    return partial(searcher, found, meta, lang, today, text, limit), True


def with_other_forms(searcher, expanded, top):
    """``top`` with the documents only the other forms find, ``[(score, docnum)]``.

    Up to ``SCORED_TOGETHER`` documents in all, every one is scored with all the forms (a form
    adds to the score of a document that has the word too). Beyond, the words as typed fill the
    first page on their own when they find ``PAGE`` items: the extra documents, which rank after
    them, are then listed unscored (in index order within their tier); otherwise they are scored.
    """
    if searcher.doc_count_all() <= SCORED_TOGETHER:  # a small site: one pass scores them all
        return list(searcher.search(expanded, limit=None).top_n)
    seen = {d for _, d in top}
    extra = set(searcher.docs_for_query(expanded)) - seen
    if len(seen) + len(extra) <= SCORED_TOGETHER:
        return list(searcher.search(expanded, limit=None).top_n)
    if len(seen) >= PAGE:
        return list(top) + [(0.0, d) for d in sorted(extra)]
    return list(top) + list(searcher.search(expanded, limit=None, filter=extra).top_n)


def ranked(searcher, found, records, text, limit, matched=None, exact=None):
    """``records`` in ranking order, the first ones checked for the unspaced runs as typed."""
    records = ranking.order(records, text, matched, exact)
    runs = query.phrases(found)
    if not runs or not records:
        return tuple(records[:limit])
    head = records[:PHRASE_CHECKED]
    phrased = with_runs(searcher, runs, head)
    return tuple(ranking.order(records, text, matched, exact, phrased)[:limit])


def with_runs(searcher, runs, records):
    """Keys of ``records`` whose document has an unspaced run as typed."""
    words = getattr(searcher.schema["text"].analyzer, "words", ())
    wholes = [(run, *[w for w in words if run in w and w != run][:query.MAX_CONTAINING])
              for _, run in runs]
    terms = {t for terms, _ in runs for t in terms} | {w for whole in wholes for w in whole}
    docnums = [r.docnum for r in records]
    maps = {f: char_maps(searcher, f, terms, docnums) for f in FIELDS}
    found = set()
    for r in records:
        for chars in (maps[f][r.docnum] for f in FIELDS):
            if any(matches(terms, chars) for terms, _ in runs) or any(
                    chars.get(w) for whole in wholes for w in whole):
                found.add(r.key)
                break
    return found


def partial(searcher, found, meta, lang, today, text, limit):
    """Items with the most of the words (more than none), best first."""
    reader = searcher.reader()
    counts = Counter()
    for part in (p for p in found if p.required):
        counts.update({meta.keys[d] for d in searcher.docs_for_query(query.part_query(part, reader))})
    if not counts:
        return ()
    most = max(counts.values())
    keys = {key for key, n in counts.items() if n == most}
    allowed = {d for d, key in enumerate(meta.keys) if key in keys}
    top = searcher.search(query.any_of(found, reader), limit=None, filter=allowed).top_n
    return ranked(searcher, found, ranking.records(top, meta, lang, today), text, limit, counts)


def word_counts(searcher, parts, reader):
    """``(word, hits)`` for each word that finds something on its own."""
    counts = ((p.label(), sum(1 for _ in searcher.docs_for_query(query.part_query(p, reader))))
              for p in parts)
    return tuple((label, n) for label, n in counts if n)
