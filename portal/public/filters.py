"""Facet filters and pagination for list pages, driven by the query string.

Unknown filter values are ignored rather than refused: partners' old links keep working.
"""

import math
from dataclasses import dataclass

from flask import abort, request, url_for


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


def facet_filter(items, facets):
    """Filter ``items`` by the query string.

    ``facets`` maps a query argument to ``(title, {key: label}, values_of)`` where
    ``values_of(item)`` gives the item's keys for that facet. Returns the matching items and,
    per facet, options with counts computed under all the other selections.
    """
    chosen = {}
    for name, (_, labels, _) in facets.items():
        value = request.args.get(name)
        if value in labels:
            chosen[name] = value

    def matches(item, skip=None):
        return all(value in facets[name][2](item)
                   for name, value in chosen.items() if name != skip)

    result = [item for item in items if matches(item)]
    built = []
    for name, (title, labels, values_of) in facets.items():
        pool = [item for item in items if matches(item, skip=name)]
        options = []
        for key, text in labels.items():
            count = sum(1 for item in pool if key in values_of(item))
            selected = chosen.get(name) == key
            if count or selected:
                url = url_with(**{name: None if selected else key})
                options.append(Option(key, text, count, selected, url))
        built.append(Facet(name, title, tuple(options)))
    return result, built, chosen


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


def number_arg(name):
    """A non-negative number from the query string, or None when absent or not a number."""
    try:
        value = float(request.args.get(name, ""))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None
