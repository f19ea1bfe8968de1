"""Open data: ``/<lang>/data/`` (the files and a dictionary of every column) and the downloads,
``/<lang>/data/<dataset>.csv|.json`` and ``/<lang>/data/parks.geojson``.

A file's text is in its URL's language; its keys are the same in every language. Each download
is an attachment named for what it holds and how fresh it is (``units-en-2026-11-16.csv``).
"""

from flask import abort, current_app, g, render_template
from flask_babel import gettext as _

from ..clock import china_today
from ..content import get_content
from ..pagecache import cached
from ..urls import absolute_url
from . import bp
from .datasets import DATASETS, TYPES, Context
from .formats import cell, to_csv, to_geojson, to_json
from .freshness import newest_of

# Format -> (media type, what the data page calls it).
FORMATS = {"csv": ("text/csv", "CSV"), "json": ("application/json", "JSON"),
           "geojson": ("application/geo+json", "GeoJSON")}
FILES = tuple((name, fmt) for name in DATASETS for fmt in ("csv", "json")) + (("parks", "geojson"),)
EXAMPLE_LENGTH = 60


def context():
    return Context(get_content(), g.lang, china_today())


def file_name(name, fmt, content):
    updated = newest_of(content, DATASETS[name].sections)
    return f"{name}-{g.lang}-{updated.isoformat() if updated else 'empty'}.{fmt}"


def example(column, rows, ctx):
    """The column's first value in the data, as a CSV cell shows it (shortened), or ''."""
    for row in rows:
        shown = cell(column.value(row, ctx))
        if shown:
            return shown if len(shown) <= EXAMPLE_LENGTH else shown[:EXAMPLE_LENGTH - 1] + "…"
    return ""


@bp.get("/data/")
@cached
def data():
    ctx = context()
    content = ctx.content
    datasets = []
    for dataset in DATASETS.values():
        rows = dataset.rows(content, g.lang)
        columns = [(c.key, c.meaning, c.unit, TYPES[c.type], example(c, rows, ctx))
                   for c in dataset.columns]
        datasets.append((dataset, len(rows), columns))
    files = [(name, fmt, FORMATS[fmt][1], FORMATS[fmt][0], file_name(name, fmt, content))
             for name, fmt in FILES]
    mapped = sum(1 for park in content.items("parks", g.lang) if park.location)
    return render_template("data.html", datasets=datasets, files=files, mapped_parks=mapped,
                           licence=content.site.data_licence)


@bp.get("/data/<name>.<fmt>")
@cached
def download(name, fmt):
    if (name, fmt) not in FILES:
        abort(404)
    ctx = context()
    content = ctx.content
    dataset = DATASETS[name]
    rows = dataset.rows(content, g.lang)
    if fmt == "csv":
        body = to_csv(dataset, rows, ctx)
    elif fmt == "json":
        licence = content.site.data_licence
        updated = newest_of(content, dataset.sections)
        body = to_json(dataset, rows, ctx, {
            "title": _("%(dataset)s · %(site)s", dataset=dataset.title,
                       site=content.site.name.text(g.lang)),
            "source": absolute_url("syndication.data"),
            "licence": licence.text(g.lang), "licence_url": licence.url,
            "updated": updated.isoformat() if updated else None,
        })
    else:
        body = to_geojson(rows, ctx)
    response = current_app.response_class(body, mimetype=FORMATS[fmt][0])
    response.headers.set("Content-Disposition", "attachment",
                         filename=file_name(name, fmt, content))
    return response
