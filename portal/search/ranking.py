"""Matching documents -> one record per item, in the order that serves an investor.

Within the score order of the query, items fall into tiers (``tier``): pages that describe a
thing (parks, projects, incentives, desks, news, pages) first; then single factory units,
vacant before reserved before leased; expired incentives last. Projects keep their places, but
open ones take them before signed ones (``signed_last``). A query
that names a unit (``3-301``) ranks the units by score alone. In each tier, items found in the
visitor's language come before items found only in the other language.
"""

import re
from operator import itemgetter
from typing import NamedTuple

from . import query, scoring

UNIT_ORDER = {"vacant": 0, "reserved": 1, "leased": 2}
UNIT_ID = re.compile(r"\b[0-9A-Za-z]{1,3}-\d{2,4}\b")


class Record(NamedTuple):
    """One item found: the document that matched, and the one whose title is shown."""

    key: str
    type: str
    docnum: int
    shown: int
    score: float
    other_language: bool
    status: str = ""
    expired: bool = False


def tier(kind, status, expired, names_unit):
    if expired:
        return (2, 0)
    if kind == "units" and not names_unit:
        return (1, UNIT_ORDER.get(status, 1))
    return (0, 0)


def signed_last(records):
    """Projects keep their places in the list, but open ones take them before signed ones."""
    places = [i for i, r in enumerate(records) if r.type == "projects"]
    projects = sorted((records[i] for i in places), key=lambda r: r.status == "signed")
    for i, record in zip(places, projects, strict=True):
        records[i] = record
    return records


def records(top, meta, lang, today):
    """One record per item from ``[(score, docnum)]``, best first: its best document in the
    visitor's language, else its best in the other language (shown in the visitor's)."""
    own, other = {}, {}
    keys, langs = meta.keys, meta.langs
    # Best first, in the given order among equals (a stable sort, reversed or not).
    for score, docnum in sorted(top, key=itemgetter(0), reverse=True):
        target = own if langs[docnum] == lang else other
        key = keys[docnum]
        if key not in target:
            target[key] = (score, docnum)
    by_key, types, statuses, expires = meta.by_key, meta.types, meta.statuses, meta.expires
    found = []
    for items, is_other in ((own, False), (other, True)):
        for key, (score, d) in items.items():
            if is_other and key in own:
                continue
            expired = bool(expires[d]) and expires[d] < today
            shown = by_key.get((key, lang), d) if is_other else d
            found.append(Record(key, types[d], d, shown, score, is_other, statuses[d], expired))
    return found


def order(records, text="", matched=None, exact=None, phrased=None):
    """``records`` sorted: more words first (``matched``: key -> words), then by tier; in a tier,
    the words as typed (``exact`` keys) first, then the unspaced runs as typed (``phrased``
    keys), then the visitor's language, then score. Signed projects go last in place."""
    names_unit = bool(UNIT_ID.search(text))
    count = matched.get if matched else (lambda key: 0)
    exact = exact if exact is not None else {r.key for r in records}
    phrased = phrased or set()
    ordered = sorted(records, key=lambda r: (
        -count(r.key), tier(r.type, r.status, r.expired, names_unit), r.key not in exact,
        r.key not in phrased, r.other_language, -r.score))
    return signed_last(ordered)


def items_with(searcher, part, meta, reader):
    found = scoring.scores(searcher, query.part_query(part, reader), meta.lengths)
    return {meta.keys[d] for d in found}


def across_languages(searcher, found, meta, lang, today, text, limit=None):
    """Items with every word in one of their language versions (``富硒 processing``)."""
    reader = searcher.reader()
    keys = None
    for part in (p for p in found if p.required):
        matched = items_with(searcher, part, meta, reader)
        keys = matched if keys is None else keys & matched
        if not keys:
            return ()
    if keys is None:
        return ()
    # The documents of those items only: a document of another item may match a part or two.
    allowed = {d for d, key in enumerate(meta.keys) if key in keys}
    matched = scoring.top(searcher, query.any_of(found, reader), meta.lengths, allowed)
    return records(matched, meta, lang, today)
