"""Other forms of the query's words, each weighed less than the word as typed.

- **Synonyms** from ``content/synonyms.yaml``: a word (or words, ``foreign investment``) of a
  group also matches the group's other terms, in either language; a term of several words as
  the one token the index adds where they stand in a row (``analysis.compound_token``).
- **Pinyin**: a Latin word, or a run of them (``fu xi cha``), that is the full pinyin or the
  initials of one of the site's words (indexed in the ``pinyin`` field) matches that word.
- **Typos**: an English word of ``TYPO_FROM`` letters or more that the site does not have, and
  that has no synonym on the site, matches the site's words one edit away (a letter missing,
  added, changed or two swapped) that begin as it does: a synonym is closer in meaning than a
  word a letter away, and a changed first letter is another word more often than a slip
  (``wages`` is not ``pages``).
"""

from .analysis import analyse, compound_token, english
from .pinyin import FIELDS as PINYIN_FIELDS
from .query import Part
from .suggest import NEVER_OFFERED

SYNONYM_WEIGHT = 0.5
PINYIN_WEIGHT = 0.4
TYPO_WEIGHT = 0.6
TYPO_FROM = 5
FORMS_UNTIL = 100  # documents: a word found in more is searched as typed only (``needed``)
MAX_SYLLABLES = 6  # Latin words joined when looking for pinyin (qing lan xian)
PINYIN = "pinyin"
SPELLING = "spell_text"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
FIELDS = ("title", "text")
LOOKED_UP = (SPELLING, *PINYIN_FIELDS)  # fields whose words the searcher keeps as sets


class Thesaurus:
    """The synonym groups, analysed as the index analyses text.

    A query word is recognised by any term of its group; it then matches the group's other
    terms in the fields that have them (``reader``: checked once, when the thesaurus is made
    for a generation), so a query carries no clause that cannot match.
    """

    def __init__(self, groups, tokenizer, reader=None):
        self.forms = []  # group -> [(terms, fields that have them), …]
        self.starts = {}  # first term -> [(terms, group)], longest first
        for number, group in enumerate(groups):
            forms = []
            for term in group:
                terms = tuple(t for t, *_ in analyse(tokenizer, term))
                if terms and terms not in (f for f, _ in forms):
                    forms.append((terms, fields_with(reader, terms)))
            self.forms.append(forms)
            for terms, _ in forms:
                self.starts.setdefault(terms[0], []).append((terms, number))
        for entries in self.starts.values():
            entries.sort(key=lambda entry: -len(entry[0]))

    def expand(self, found):
        """``found`` with synonym forms; the words of a multi-word term become one part."""
        result, i = [], 0
        while i < len(found):
            part, hit = found[i], None
            for terms, number in () if part.is_phrase else self.starts.get(part.terms[0], ()):
                window = found[i:i + len(terms)]
                if len(window) == len(terms) and all(
                        not p.is_phrase and p.terms[0] == t for p, t in zip(window, terms, strict=True)):
                    hit = terms, number, window
                    break
            if hit is None:
                result.append(part)
                i += 1
                continue
            terms, number, window = hit
            forms = tuple((field, other, SYNONYM_WEIGHT) for other, fields in self.forms[number]
                          if other != terms for field in fields)
            result.append(merge(window, terms, forms))
            i += len(window)
        return result


def fields_with(reader, terms):
    """The fields of ``FIELDS`` that have ``terms`` (a term, or the token of several in a row);
    all of them without a reader."""
    if reader is None:
        return ("*",)
    token = terms[0] if len(terms) == 1 else compound_token(terms)
    return tuple(f for f in FIELDS if (f, token) in reader)


def merge(window, terms, forms):
    first = window[0]
    if len(window) == 1:
        return Part(first.terms, first.run, first.forms + forms, first.joined)
    glue = "" if first.joined >= 0 else " "
    return Part(terms, glue.join(p.run for p in window), sum((p.forms for p in window), ()) + forms,
                first.joined)


def latin(part):
    return not part.is_phrase and part.run.isascii() and part.run.isalpha()


def pinyin(found, words):
    """``found`` with pinyin forms; a run of Latin words spelling one pinyin word becomes one part."""
    result, i = [], 0
    while i < len(found):
        for j in range(min(len(found), i + MAX_SYLLABLES), i, -1):
            window = found[i:j]
            key = "".join(p.run.lower() for p in window)
            if all(map(latin, window)) and len(key) > 1 and any(
                    key in words[field] for field in PINYIN_FIELDS):
                form = tuple((field, (key,), PINYIN_WEIGHT) for field in PINYIN_FIELDS
                             if key in words[field])
                terms = tuple(p.terms[0] for p in window)
                result.append(Part(terms, " ".join(p.run for p in window), form, -1))
                i = j
                break
        else:
            result.append(found[i])
            i += 1
    return result


def edits(word):
    """Every string one edit from ``word`` (Damerau: a swap of neighbours is one edit)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    out |= {a + c + b for a, b in splits for c in LETTERS}
    out.discard(word)
    return out


def same_start(word, other):
    """True if ``other`` begins as ``word`` does, or with its first two letters swapped."""
    return other[0] == word[0] or other[:2] == word[1::-1]


def known(reader, term):
    return ("title", term) in reader or ("text", term) in reader


def typos(found, reader, words):
    """``(found, corrections)``: misspelt English words with the forms they were likely meant as.

    ``corrections`` maps each such word as typed to the site's most frequent word one edit away.
    """
    result, corrections = [], {}
    for part in found:
        word = part.run.lower()
        if not latin(part) or len(word) < TYPO_FROM or part.forms or known(reader, part.terms[0]):
            result.append(part)
            continue
        spelling = words[SPELLING]
        near = [w for w in edits(word)
                if w in spelling and w not in NEVER_OFFERED and same_start(word, w)]
        stems = list(dict.fromkeys(s for s in map(english, near) if s and known(reader, s)))
        if not stems:
            result.append(part)
            continue
        corrections[part.run] = max(near, key=lambda w: (reader.doc_frequency(SPELLING, w), w))
        forms = tuple((field, (stem,), TYPO_WEIGHT) for stem in stems for field in FIELDS
                      if (field, stem) in reader)
        result.append(Part(part.terms, part.run, forms, part.joined))
    return result, corrections


def expand(found, reader, thesaurus, vocabulary=None):
    """``(parts, corrections)``: the query's parts with all their other forms.

    ``vocabulary`` maps the fields of ``LOOKED_UP`` to the sets of their words (read from
    ``reader`` when not given).
    """
    words = vocabulary or {f: frozenset(reader.field_terms(f)) if f in reader.schema else frozenset()
                           for f in LOOKED_UP}
    found = pinyin(list(found), words)
    if thesaurus is not None:
        found = thesaurus.expand(found)
    found, corrections = typos(found, reader, words)  # not of a word that has synonyms
    return tuple(needed(p, reader) for p in found), corrections


def needed(part, reader):
    """``part`` without its other forms when the word as typed is in ``FORMS_UNTIL`` documents.

    Such a word fills the results on its own, and what a form adds would rank after all of its
    own matches; listing those extra documents would still cost time on every query, the more
    so as a synonym group of broad words (生产, processing) matches much of a corpus.
    """
    if not part.forms:
        return part
    found = min(max(reader.doc_frequency(field, term) for field in ("title", "text"))
                for term in part.terms)
    return part if found < FORMS_UNTIL else Part(part.terms, part.run, (), part.joined)
