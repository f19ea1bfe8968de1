"""Every match of a query with its Whoosh score, computed a posting block at a time.

Whoosh scores a match by walking a tree of matchers, a few method calls per document and
clause; here each term's postings are read a block at a time and scored with Whoosh's own
BM25F formula and statistics (idf, average field length, the document's field length), and
the clauses are combined as Whoosh combines them: ``Or`` and ``And`` add the scores of the
clauses a document matches, ``AndMaybe`` adds the optional clause's where it matches. So the
scores are Whoosh's, to the last bits of a float sum, at a fraction of the cost. Any other
query (a phrase, with its positions) is scored by Whoosh's own matcher.
"""

from bisect import bisect_left

from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.scoring import BM25F


def top(searcher, query, lengths, allowed=None):
    """``[(score, docnum)]`` of every match, best first (as Whoosh's ``search(limit=None)``).

    ``lengths(field)`` gives the field's length of every document (``Meta.lengths``);
    ``allowed``: a set of docnums the matches are kept to.
    """
    found = scores(searcher, query, lengths, allowed)
    return sorted(((s, d) for d, s in found.items()), key=lambda item: (-item[0], item[1]))


def scores(searcher, query, lengths, within=None):
    """``{docnum: score}`` of every document ``query`` matches (of ``within`` only, if given).

    The clauses of an ``And`` are read from the one with the fewest documents: each later one
    only where the earlier ones all match, and an ``AndMaybe``'s optional clause only where the
    required one matches; a posting block holding none of those documents is not read.
    """
    kind = type(query)
    if kind is q.Term:
        return term_scores(searcher, query.fieldname, query.text, query.boost, lengths, within)
    if kind in (q.Or, q.And) and query.boost == 1.0 and not getattr(query, "minmatch", 0):
        subs = query.subqueries
        if kind is q.Or:
            return union([scores(searcher, sub, lengths, within) for sub in subs])
        reader = searcher.reader()
        parts = []
        for sub in sorted(subs, key=lambda sub: sub.estimate_size(reader)):
            parts.append(scores(searcher, sub, lengths, within))
            within = set(parts[-1]) if within is None else within.intersection(parts[-1])
            if not within:
                return {}
        return {d: sum(part[d] for part in parts) for d in within}
    if kind is q.AndMaybe:
        required = scores(searcher, query.a, lengths, within)
        optional = scores(searcher, query.b, lengths, set(required)) if required else {}
        return {d: s + optional[d] if d in optional else s for d, s in required.items()}
    found = whoosh_scores(searcher, query)
    return found if within is None else {d: s for d, s in found.items() if d in within}


def union(parts):
    found = {}
    for part in parts:
        for docnum, score in part.items():
            found[docnum] = found[docnum] + score if docnum in found else score
    return found


def term_scores(searcher, field, text, boost, lengths, within=None):
    reader = searcher.reader()
    weighting = searcher.weighting
    if field not in searcher.schema or not searcher.schema[field].scorable or type(
            weighting) is not BM25F:
        found = whoosh_scores(searcher, q.Term(field, text, boost=boost))
        return found if within is None else {d: s for d, s in found.items() if d in within}
    if (field, text) not in reader:
        return {}
    idf = searcher.idf(field, text)
    average = searcher.avg_field_length(field) or 1
    b = weighting._field_B.get(field, weighting.B)
    k1 = weighting.K1
    length = lengths(field)
    found = {}
    for leaf, base in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        wanted = None if within is None else sorted(d - base for d in within if d >= base)
        ids, weights = postings(leaf.postings(field, text), wanted)
        # whoosh.scoring.bm25, written out (the same operations in the same order), then the
        # term's boost as Whoosh's wrapping matcher applies it
        for docnum, tf in zip(ids, weights, strict=True):
            docnum += base
            if within is not None and docnum not in within:
                continue
            score = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * length[docnum] / average)))
            found[docnum] = score * boost if boost != 1.0 else score
    return found


def postings(matcher, wanted=None):
    """``(ids, weights)`` of a segment's posting list, block by block where it can; only of the
    blocks that may hold one of ``wanted`` (sorted segment docnums), if given."""
    ids, weights = [], []
    if type(matcher) is W3LeafMatcher:  # no deleted documents in the segment
        low = 0  # the first docnum the block may hold
        while matcher.is_active():
            high = matcher.block_max_id()
            if wanted is not None:
                i = bisect_left(wanted, low)
                low = high + 1
                if i == len(wanted):
                    break
                if wanted[i] > high:
                    matcher._next_block()
                    continue
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
        return ids, weights
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def whoosh_scores(searcher, query):
    matcher = query.matcher(searcher)
    found = {}
    while matcher.is_active():
        found[matcher.id()] = matcher.score()
        matcher.next()
    return found
