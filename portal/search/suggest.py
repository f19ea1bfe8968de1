""""Did you mean": for a query that finds nothing, the site's own words that would find something.

Candidates come from the index's spelling field (the unstemmed English words of the site's
text), never a stop word, and a correction is offered only if the corrected query has results.
Only a slip is corrected: the same first letter, and one edit (a letter missing, added, changed
or two swapped), two from ``LONG_WORD`` letters; a word with synonyms on the site is left as it
is. Anything further is another word (``wages`` is neither ``pages`` nor ``water``).
"""

from whoosh.analysis.filters import STOP_WORDS

from . import query

FIELDS = ("title", "text")
LONG_WORD = 8  # letters from which a word may have two slips
# Whoosh's stop words are few (not "who", "what"...): these are never offered either.
NEVER_OFFERED = STOP_WORDS | frozenset("""
    about above after again all also am any because been before being below between both but
    did does doing down during each few further had has having he her here hers him his how
    into its itself just me more most my no nor now off once only other our ours out over own
    same she should so some such than their theirs them then there these they those through
    too under until up very was were what whatever where which while who whoever whom whose
    why would
    """.split())


def hint(answer, searcher, search):
    """``answer`` (without records) with a spelling correction, or the words that match alone.

    ``search(answer)`` returns an answer with records for the parts of a corrected query.
    """
    from .matching import word_counts
    from .searcher import Answer, replace_word

    corrected, changed = answer.corrected or answer.query, False
    reader = searcher.reader()
    corrector = searcher.corrector("text")
    for part in answer.parts:
        word = part.run.lower()
        if part.is_phrase or not word.isascii() or not word.isalpha() or part.forms or len(word) < 4:
            continue  # three letters or fewer: too many words are that near
        if any((f, part.terms[0]) in reader for f in FIELDS):
            continue
        slips = 2 if len(word) >= LONG_WORD else 1
        candidates = [c for c in corrector.suggest(word, limit=8, maxdist=slips, prefix=1)
                      if c not in NEVER_OFFERED and c != word]
        if candidates:
            # Whoosh ranks its candidates coarsely: take the nearest, then the most frequent.
            best = min(candidates, key=lambda c: (distance(word, c),
                                                  -reader.doc_frequency("spell_text", c), c))
            corrected = replace_word(corrected, part.run, best)
            changed = True
    parts = answer.parts
    if changed:
        parts = tuple(query.parts(corrected, searcher.schema["text"].analyzer))
        tried = search(Answer(answer.generation, corrected, parts, ()))
        if tried.records:
            return Answer(**{**answer.__dict__, "corrected": corrected})
    required = [p for p in parts if p.required]
    if len(required) > 1:  # the words (corrected where we could) that find something alone
        return Answer(**{**answer.__dict__, "partial": word_counts(searcher, required, reader),
                         "corrected": ""})
    return Answer(**{**answer.__dict__, "corrected": ""})


def distance(a, b):
    """Levenshtein distance between two short words."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]
