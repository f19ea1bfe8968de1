"""Facet filters and pagination for list pages, driven by the query string.

Unknown filter values are ignored rather than refused: partners' old links keep working.
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from flask import abort, request, url_for

NUMBER = re.compile(r"\d{1,12}(?:\.\d{1,6})?|\.\d{1,6}")


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    options: tuple


def url_with(**changes):
    """The current URL with some query arguments changed (None removes one); page resets."""
    args = request.args.to_dict(flat=True)
    args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


class FacetRows:
    """Items with their keys for every facet, worked out once; iterate for ``(item, keys)``."""

    def __init__(self, items, keys_of):
        """``keys_of`` maps a facet's query argument to a function giving an item's keys."""
        self.rows = tuple(
            (item, {name: frozenset(of(item)) for name, of in keys_of.items()}) for item in items
        )
        self.names = tuple(keys_of)

    def __iter__(self):
        return iter(self.rows)

    @cached_property
    def totals(self):
        """Per facet, how many items have each key: the counts when nothing is chosen."""
        return {name: Counter(chain.from_iterable(keys[name] for _, keys in self.rows))
                for name in self.names}


def facet_filter(rows, facets):
    """Filter the items of ``rows`` (a FacetRows) by the query string.

    ``facets`` maps a query argument to ``(title, {key: label})``. Returns the matching items
    and, per facet, options with counts computed under all the other selections.

    One pass over the rows: an item that fails no selection counts in every facet and is a
    result; an item that fails exactly one selection still counts in that facet's options.
    """
    chosen = {}
    for name, (_, labels) in facets.items():
        value = request.args.get(name)
        if value in labels:
            chosen[name] = value
    if not chosen:
        return [item for item, _ in rows], build_facets(facets, rows.totals, chosen), chosen
    counted = {name: [] for name in facets}  # per facet, the key sets of the items that count
    result = []
    for item, keys in rows:
        failed = [name for name, value in chosen.items() if value not in keys[name]]
        if not failed:
            result.append(item)
            for name, found in keys.items():
                counted[name].append(found)
        elif len(failed) == 1:
            counted[failed[0]].append(keys[failed[0]])
    counts = {name: Counter(chain.from_iterable(sets)) for name, sets in counted.items()}
    return result, build_facets(facets, counts, chosen), chosen


def build_facets(facets, counts, chosen):
    """The facets to show: each option with its count and a link that toggles it."""
    built = []
    for name, (title, labels) in facets.items():
        options = []
        for key, text in labels.items():
            count, selected = counts[name][key], chosen.get(name) == key
            if count or selected:
                url = url_with(**{name: None if selected else key})
                options.append(Option(key, text, count, selected, url))
        built.append(Facet(name, title, tuple(options)))
    return built


@dataclass(frozen=True)
class Pager:
    items: list
    number: int
    pages: int
    total: int

    def url(self, number):
        args = request.args.to_dict(flat=True)
        args["page"] = number
        return url_for(request.endpoint, **(request.view_args or {}), **args)


def paginate(items, size):
    """The requested page of ``items``; 404 for a page that does not exist."""
    number = request.args.get("page", 1, type=int)
    pages = max(1, math.ceil(len(items) / size))
    if not 1 <= number <= pages:
        abort(404)
    start = (number - 1) * size
    return Pager(items[start:start + size], number, pages, len(items))


LARGEST = 1e9  # beyond any area, load or rent: a bigger number is nonsense, and ignored


def number_arg(name):
    """A non-negative number from the query string, or None when absent or not a number.

    Typed as on a Chinese keyboard or pasted: full-width digits (５０００) and thousands
    commas (5,000) read as 5000.
    """
    text = unicodedata.normalize("NFKC", request.args.get(name, "")).strip().replace(",", "")
    if not NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if 0 <= value <= LARGEST else None
