"""Highlighted titles and snippets from the character offsets stored in the index.

Nothing is re-analysed: the postings of the query's terms give each match's position and
character range; a phrase is marked where its terms stand at consecutive positions. The
snippet is the window of the stored text that covers the most distinct parts of the query.
"""

from bisect import bisect_left

from markupsafe import Markup, escape
from whoosh.codec.whoosh3 import W3LeafMatcher

WIDTH = {"zh": 90, "en": 180}
LEAD = {"zh": 16, "en": 40}


def char_maps(searcher, field, terms, docnums):
    """``{docnum: {term: {position: (start, end)}}}`` for ``terms`` in ``docnums``.

    Read from each segment's postings directly: no scorer is made (the searcher's postings
    work out a term's weighting first), and only the blocks that hold the documents are read.
    """
    maps = {d: {} for d in docnums}
    ordered = sorted(docnums)
    leaves = list(searcher.reader().leaf_readers())
    for number, (leaf, base) in enumerate(leaves):
        end = leaves[number + 1][1] if number + 1 < len(leaves) else float("inf")
        inside = [d - base for d in ordered if base <= d < end]
        if not inside:
            continue
        for term in terms:
            if (field, term) in leaf:
                for docnum, values in characters(leaf.postings(field, term), inside):
                    chars = {}
                    for pos, start, end_char in values:
                        chars.setdefault(pos, (start, end_char))
                    maps[docnum + base][term] = chars
    return maps


def characters(matcher, docnums):
    """``(docnum, [(position, start, end)])`` for those of ``docnums`` (sorted) in the postings."""
    wanted = iter(docnums)
    target = next(wanted, None)
    if type(matcher) is not W3LeafMatcher:  # deleted documents: a filtering matcher
        while target is not None and matcher.is_active():
            matcher.skip_to(target)
            if matcher.is_active() and matcher.id() == target:
                yield target, matcher.value_as("characters")
            target = next(wanted, None)
        return
    while target is not None and matcher.is_active():
        if target > matcher.block_max_id():  # the header says: not in this block
            matcher._next_block()
            continue
        matcher._read_ids()
        ids = matcher._ids
        while target is not None and target <= ids[-1]:
            i = bisect_left(ids, target)
            if ids[i] == target:
                matcher._i = i
                yield target, matcher.value_as("characters")
            target = next(wanted, None)
        matcher._next_block()


def spans(parts, chars):
    """``[(start, end, part_index)]`` of every match of every part in one document.

    A part matches as its own terms or any of its other forms (synonyms, corrected typos).
    """
    found = []
    for index, part in enumerate(parts):
        for terms in (part.terms, *(terms for _, terms, _ in part.forms), (part.run,)):
            found.extend((start, end, index) for start, end in matches(terms, chars))
    return sorted(set(found))


def matches(terms, chars):
    """``(start, end)`` of each place where ``terms`` stand at consecutive positions."""
    lists = [chars.get(t) for t in terms]
    if not all(lists):
        return []
    first, rest = lists[0], lists[1:]
    if not rest:
        return list(first.values())
    return [(start, rest[-1][pos + len(rest)][1]) for pos, (start, _) in first.items()
            if all(pos + i + 1 in later for i, later in enumerate(rest))]


def marked(text, found, start=0, end=None):
    """``text[start:end]`` escaped, with ``<mark>`` around the spans inside it: one mark for
    spans that overlap or touch (``factory`` inside ``factory building``, 富硒 beside 茶)."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for s, e in joined(found):
        s, e = max(s, cursor), min(e, end)
        if s >= e:
            continue
        out += (escape(text[cursor:s]), "<mark>", escape(text[s:e]), "</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return Markup("".join(out))  # every piece of text is escaped: one Markup, not one per piece


def joined(found):
    """``[(start, end)]`` of the spans of ``found`` (sorted by start), overlapping or touching
    ones joined."""
    runs = []
    for s, e, _ in found:
        if runs and s <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], e)
        else:
            runs.append([s, e])
    return runs


def window(found, width):
    """Start of the ``width``-character window covering the most distinct parts, earliest first."""
    best, best_score, j, inside = 0, (-1, 0), 0, {}
    for i, (s, _, _) in enumerate(found):
        j = max(j, i)
        while j < len(found) and found[j][1] <= s + width:
            inside[found[j][2]] = inside.get(found[j][2], 0) + 1
            j += 1
        score = (len(inside), j - i)
        if score > best_score:
            best, best_score = s, score
        if j > i:  # the span at i leaves the window before the next start
            part = found[i][2]
            inside[part] -= 1
            if not inside[part]:
                del inside[part]
    return best


def snippet(text, found, lang):
    """A short, escaped excerpt of ``text`` with the matches marked; line breaks shown as ·."""
    width, lead = WIDTH.get(lang, 120), LEAD.get(lang, 30)
    start = first = 0
    if found:
        first = window(found, width)
        # From the start of the match's line (a fact's name: 供电：…) when that leaves the
        # match in the first half of the excerpt; else a short lead-in.
        line = text.rfind("\n", 0, first) + 1
        start = line if first - line <= width // 2 else max(line, first - lead)
    end = min(len(text), start + width)
    if lang != "zh":  # do not cut English words in half
        if start and text[start - 1].isalnum() and " " in text[start:first]:
            start = text.index(" ", start, first) + 1
        if end < len(text) and text[end].isalnum() and " " in text[first:end]:
            end = max(text.rindex(" ", first, end), max((f[1] for f in found if f[1] <= end),
                                                        default=0))
    body = marked(text, found, start, end).replace("\n", Markup(" · "))
    return (Markup("…") if start else Markup("")) + body + (Markup("…") if end < len(text) else "")
