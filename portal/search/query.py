"""Visitor input -> Whoosh Query objects, built here; Whoosh's query language is never parsed.

Nothing a visitor types has a meaning to Whoosh: ``field:``, ``*``, ``?``, ``~``, ``^``,
ranges, AND/OR/NOT are just characters that analysis drops or indexes as words. The rules are
ours and few: words separated by spaces must all match; a run of Chinese (or text in double
quotes) must match as a phrase; at most ``MAX_CHARS`` characters and ``MAX_PARTS`` parts count.
"""

import re
import unicodedata
from dataclasses import dataclass

from whoosh import query as q

from .analysis import HAN_RUN, analyse, fold

MAX_CHARS = 100
MAX_PARTS = 8
MAX_PHRASE = 16
BOOSTS = {"title": 3.0, "text": 1.0}
QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)')


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
    """One thing that must match: a term or a phrase, with the text it came from (folded)."""

    terms: tuple
    run: str = ""

    @property
    def is_phrase(self):
        return len(self.terms) > 1

    def label(self):
        return self.run or " ".join(self.terms)


def parts(text, tokenizer):
    """The parts of a normalized query, analysed with the index's own tokenizer."""
    found = []
    for match in QUOTED.finditer(text):
        quoted = next((g for g in match.groups()[:3] if g is not None), None)
        chunk = match.group(4) if quoted is None else quoted
        tokens = analyse(tokenizer, chunk)
        if quoted is not None:
            if tokens:
                found.append(Part(tuple(t for t, *_ in tokens)[:MAX_PHRASE], fold(quoted.strip())))
            continue
        found.extend(split_at_gaps(chunk, tokens))
    unique = list(dict.fromkeys(found))
    return unique[:MAX_PARTS]


def split_at_gaps(chunk, tokens):
    """A chunk becomes one phrase per run of consecutive Chinese-bearing tokens, else terms."""
    groups, last = [], None
    for term, pos, start, end in tokens:
        if last is not None and pos == last + 1 and groups:
            groups[-1].append((term, start, end))
        else:
            groups.append([(term, start, end)])
        last = pos
    result = []
    for group in groups:
        text = chunk[group[0][1]:group[-1][2]]
        if len(group) > 1 and HAN_RUN.search(text):
            result.append(Part(tuple(t for t, _, _ in group)[:MAX_PHRASE], fold(text)))
        else:
            result.extend(Part((t,), fold(chunk[s:e])) for t, s, e in group)
    return result


def part_query(part, reader):
    """Title or text; a phrase also matches its whole run where that is an indexed word."""
    options = []
    for field, boost in BOOSTS.items():
        if part.is_phrase:
            options.append(q.Phrase(field, list(part.terms), boost=boost))
            if part.run and (field, part.run) in reader:
                options.append(q.Term(field, part.run, boost=boost))
        else:
            options.append(q.Term(field, part.terms[0], boost=boost))
    return q.Or(options)


def build(found, reader):
    """The Whoosh query for a list of parts (all must match), or None if there is nothing."""
    if not found:
        return None
    queries = [part_query(p, reader) for p in found]
    return queries[0] if len(queries) == 1 else q.And(queries)


def any_of(found, reader):
    """Documents matching at least one part, scored by how many and how well."""
    return q.Or([part_query(p, reader) for p in found])
