"""The records of a query, in three passes that each cost only what they add.

1. The words as typed: every match scored (for the order of all pages and the type counts),
   a posting block at a time (``scoring.py``).
2. Their other forms (synonyms, pinyin, corrected typos), only when a word has some: the
   documents only they find rank after those of the words as typed.
3. When no item has every word: the items with the most of them, under a notice.

Whether an unspaced run stands in a document as typed (a phrase, or one indexed word) is
checked from the postings of the first ``PHRASE_CHECKED`` records only, rather than by a phrase
query over every match: positions are the dearest thing Whoosh reads.
"""

from collections import Counter

from . import query, ranking, scoring
from .highlight import char_maps, matches

PHRASE_CHECKED = 30
SCORED_TOGETHER = 300
FIELDS = ("title", "text")


def as_typed(part):
    return query.Part(part.terms, part.run, (), part.joined)


def search(searcher, found, meta, lang, today, text, limit):
    """``(records, incomplete)``: items with every word; else items with the most of them."""
    reader = searcher.reader()
    typed = query.build([as_typed(p) for p in found], reader)
    records, required = (), [p for p in found if p.required]
    if typed is not None:
        matched = scoring.top(searcher, typed, meta.lengths)
        exact = {meta.keys[d] for _, d in matched}
        if any(p.forms for p in found):
            matched = with_other_forms(searcher, query.build(found, reader), matched, meta)
        records = ranked(searcher, found, ranking.records(matched, meta, lang, today), text, limit,
                         exact=exact)
    if records or len(required) < 2:
        return records, False
    records = ranking.across_languages(searcher, found, meta, lang, today, text, limit)
    if records:
        return ranked(searcher, found, records, text, limit), False
    return partial(searcher, found, meta, lang, today, text, limit), True


def with_other_forms(searcher, expanded, typed, meta):
    """``typed`` with the documents only the other forms find, ``[(score, docnum)]``.

    Up to ``SCORED_TOGETHER`` documents in all, every one is scored with all the forms (a form
    adds to the score of a document that has the word too). Beyond, the documents of the words
    as typed keep their scores, and those only the other forms find, which rank after them,
    follow with theirs: a synonym group of broad words matches much of a corpus, and that
    keeps what the words as typed find in the order they find it.
    """
    every = scoring.top(searcher, expanded, meta.lengths)
    if len(every) <= SCORED_TOGETHER or not typed:
        return every
    seen = {d for _, d in typed}
    return list(typed) + [(s, d) for s, d in every if d not in seen]


def ranked(searcher, found, records, text, limit, matched=None, exact=None):
    """``records`` in ranking order, the first ones checked for the unspaced runs as typed."""
    records = ranking.order(records, text, matched, exact)
    runs = query.phrases(found)
    if not runs or not records:
        return tuple(records[:limit])
    phrased = with_runs(searcher, runs, records[:PHRASE_CHECKED])
    if not phrased:  # the order stands: every record is equally not phrased
        return tuple(records[:limit])
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
        counts.update({meta.keys[d] for d in scoring.scores(searcher, query.part_query(part, reader),
                                                     meta.lengths)})
    if not counts:
        return ()
    most = max(counts.values())
    keys = {key for key, n in counts.items() if n == most}
    allowed = {d for d, key in enumerate(meta.keys) if key in keys}
    matched = scoring.top(searcher, query.any_of(found, reader), meta.lengths, allowed)
    return ranked(searcher, found, ranking.records(matched, meta, lang, today), text, limit, counts)


def word_counts(searcher, parts, reader):
    """``(word, hits)`` for each word that finds something on its own."""
    counts = ((p.label(), sum(1 for _ in searcher.docs_for_query(query.part_query(p, reader))))
              for p in parts)
    return tuple((label, n) for label, n in counts if n)
