"""Visitor input -> Whoosh Query objects, built here; Whoosh's query language is never parsed.

Nothing a visitor types has a meaning to Whoosh: ``field:``, ``*``, ``?``, ``~``, ``^``,
ranges, AND/OR/NOT are just characters that analysis drops or indexes as words. The rules are
ours and few:

- every word must match, anywhere in the item, in any order; a run typed without spaces
  (``富硒茶加工``) is cut into words as the index is, and an item that has the run as typed
  ranks above one that has the words apart (``matching.py``);
- text in double quotes must match as a phrase;
- a word may also match in other forms (synonyms, pinyin, a corrected typo: see
  ``expand.py``), each weighed less than the word itself;
- at most ``MAX_CHARS`` characters and ``MAX_PARTS`` words count.
"""

import re
import unicodedata
from dataclasses import dataclass

from whoosh import query as q

from .analysis import HAN_RUN, analyse, compound_token, fold
from .pinyin import FIELDS as PINYIN_FIELDS

MAX_CHARS = 100
MAX_PARTS = 8
MAX_PHRASE = 16
BOOSTS = {"title": 3.0, "text": 1.0}
PHRASE_BONUS = 2.0  # weight of a run found as typed, over the sum of its words
MAX_CONTAINING = 8  # lexicon words containing a run that count as the run
QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)')
# Single characters that join words: kept in a phrase, never required on their own.
JOINERS = frozenset("的了和与及或在是为对把被从于由并其该之")


def normalize(raw):
    """The query as shown back in the box: visible characters, single spaces, bounded length."""
    if not isinstance(raw, str):
        return ""
    kept = "".join(
        " " if c.isspace() else c for c in raw[:MAX_CHARS * 4]
        if c.isspace() or unicodedata.category(c)[0] != "C"
    )
    return " ".join(kept.split())[:MAX_CHARS].strip()


@dataclass(frozen=True)
class Part:
    """One word that must match: a term, or a phrase (quoted text, a multi-word synonym).

    ``run`` is the text it came from (folded); ``forms`` are other ways it may match, as
    ``(field, terms, weight)`` (field ``*``: title and text; ``pinyin``: both pinyin fields): a
    synonym, its pinyin, a typo's correction; ``joined`` numbers
    the unspaced run a word was cut from (``-1``: typed on its own).
    """

    terms: tuple
    run: str = ""
    forms: tuple = ()
    joined: int = -1

    @property
    def is_phrase(self):
        return len(self.terms) > 1

    @property
    def required(self):
        return self.is_phrase or self.terms[0] not in JOINERS or self.joined < 0

    def label(self):
        return self.run or " ".join(self.terms)

    def all_terms(self):
        """Every term this part can match, for highlighting."""
        return {*self.terms, *(t for _, terms, _ in self.forms for t in terms)}


def parts(text, tokenizer):
    """The parts of a normalized query, analysed with the index's own tokenizer."""
    found = []
    for number, match in enumerate(QUOTED.finditer(text)):
        quoted = next((g for g in match.groups()[:3] if g is not None), None)
        chunk = match.group(4) if quoted is None else quoted
        tokens = analyse(tokenizer, chunk)
        if quoted is not None:
            if tokens:
                found.append(Part(tuple(t for t, *_ in tokens)[:MAX_PHRASE], fold(quoted.strip())))
            continue
        found.extend(words(chunk, tokens, number))
    unique = list(dict.fromkeys(found))
    return unique[:MAX_PARTS]


def words(chunk, tokens, number):
    """One part per word; words at consecutive positions with Chinese among them are ``joined``."""
    groups, last = [], None
    for term, pos, start, end in tokens:
        if last is not None and pos == last + 1 and groups:
            groups[-1].append((term, start, end))
        else:
            groups.append([(term, start, end)])
        last = pos
    result = []
    for index, group in enumerate(groups):
        text = chunk[group[0][1]:group[-1][2]]
        joined = number * 100 + index if len(group) > 1 and HAN_RUN.search(text) else -1
        result.extend(Part((t,), fold(chunk[s:e]), joined=joined) for t, s, e in group)
    return result


def phrases(found):
    """``[(terms, run)]`` of the unspaced runs in ``found`` (two words or more)."""
    runs = {}
    for part in found:
        if part.joined >= 0:
            runs.setdefault(part.joined, []).append(part)
    return [(tuple(t for p in group for t in p.terms)[:MAX_PHRASE], "".join(p.run for p in group))
            for group in runs.values() if len(group) > 1]


def match(field, terms, boost, phrase=True, reader=None):
    """``terms`` in ``field``: a term, a phrase (the index's token of a synonym of several words,
    where it has one: the same documents without reading positions) or all of the terms."""
    if len(terms) == 1:
        return q.Term(field, terms[0], boost=boost)
    if phrase and reader is not None and reader.schema[field].analyzer.is_compound(terms):
        return q.Term(field, compound_token(terms), boost=boost)
    if phrase:
        return q.Phrase(field, list(terms), boost=boost)
    return q.And([q.Term(field, t) for t in terms], boost=boost)


def part_query(part, reader):
    """The part in title or text, or any of its other forms (each weighed less)."""
    options = [match(field, part.terms, boost, reader=reader) for field, boost in BOOSTS.items()]
    if part.is_phrase and part.run:
        options += [q.Term(field, part.run, boost=boost) for field, boost in BOOSTS.items()
                    if (field, part.run) in reader]
    weights = {**BOOSTS, **PINYIN_FIELDS}
    for field, terms, weight in part.forms:
        fields = {"*": BOOSTS, "pinyin": PINYIN_FIELDS}.get(field, {field: weights.get(field, 1.0)})
        # A form of several words (foreign investment) is a synonym: the index's token of it.
        options += [match(f, terms, boost * weight, reader=reader) for f, boost in fields.items()]
    return q.Or(options)


def bonus(found, reader):
    """Extra score for the unspaced runs found as one indexed word, or None.

    A run also counts as typed in a lexicon word that contains it (新材料产业园 in
    青岚新材料产业园, a park's name kept whole by the index, whose sub-words share one position).
    Runs as phrases are checked on the first results only (``matching.with_runs``).
    """
    options = []
    words = getattr(reader.schema["text"].analyzer, "words", ())
    for terms, run in phrases(found):
        whole = [run, *[w for w in words if run in w and w != run][:MAX_CONTAINING]]
        for field, boost in BOOSTS.items():
            weight = boost * PHRASE_BONUS * len(terms)
            options += [q.Term(field, w, boost=weight) for w in whole if (field, w) in reader]
    return q.Or(options) if options else None


def build(found, reader):
    """The Whoosh query for a list of parts (all must match), or None if there is nothing."""
    required = [part_query(p, reader) for p in found if p.required]
    if not required:
        return None
    query = required[0] if len(required) == 1 else q.And(required)
    extra = bonus(found, reader)
    return query if extra is None else q.AndMaybe(query, extra)


def any_of(found, reader):
    """Documents matching at least one part, scored by how many and how well."""
    return q.Or([part_query(p, reader) for p in found if p.required] or [q.NullQuery])
