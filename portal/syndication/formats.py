"""Datasets written out: CSV for spreadsheets, JSON and GeoJSON for programs.

CSV is UTF-8 with a byte-order mark, so Excel and WPS open Chinese text right when the file is
double-clicked (without the mark Excel reads it as the system's GBK), with CRLF line ends as
Excel writes them. Lists are joined with ``; `` in a cell; empty values are empty cells. A text
cell that would start a spreadsheet formula gets a leading ``'`` (``portal.spreadsheet``) so a
spreadsheet shows it as text instead of running it. JSON keeps the same values typed: numbers,
``true``/``false``, lists, ``null``, and text as written (never a leading ``'``).
"""

import csv
import io
import json
from datetime import date

from ..i18n import HREFLANG
from ..spreadsheet import as_text
from .datasets import plain

LIST_SEPARATOR = "; "


def json_value(value):
    """A value as JSON holds it: dates in ISO form, everything else as it is."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def cell(value):
    """A value as a CSV cell (text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(cell(v) for v in value)
    elif not isinstance(value, str):
        return str(value)
    return as_text(value)


def table(dataset, rows, context):
    """``[[value per column]]`` for ``rows``."""
    return [[column.value(row, context) for column in dataset.columns] for row in rows]


def to_csv(dataset, rows, context):
    out = io.StringIO()
    writer = csv.writer(out)  # the excel dialect: quotes where needed, CRLF
    writer.writerow([column.key for column in dataset.columns])
    writer.writerows([cell(v) for v in values] for values in table(dataset, rows, context))
    return "\ufeff" + out.getvalue()


def to_json(dataset, rows, context, about):
    """The dataset as ``{about…, "items": [{key: value}]}``; ``about`` names source and licence."""
    keys = [column.key for column in dataset.columns]
    items = [dict(zip(keys, map(json_value, values), strict=True))
             for values in table(dataset, rows, context)]
    document = {"dataset": dataset.name, "language": HREFLANG[context.lang], **about,
                "items": items}
    # Characters as they are (not \u escapes): smaller, readable, and the traditional-Chinese
    # site's conversion of the finished response reaches them.
    return json.dumps(document, ensure_ascii=False, indent=1)


def to_geojson(parks, context):
    """Parks as an RFC 7946 FeatureCollection of Points, ``[lon, lat]`` in WGS-84 (content keeps
    WGS-84: see ``portal.public.geo``); a park without a location is left out."""
    features = [{
        "type": "Feature",
        "id": park.slug,
        "geometry": {"type": "Point",
                     "coordinates": [round(park.location.lon, 6), round(park.location.lat, 6)]},
        "properties": {
            "slug": park.slug, "name": park.name, "url": context.url("public.park", slug=park.slug),
            "level": context.term("park_levels", park.level),
            "area_available_mu": plain(park.area_available_mu),
            "units_vacant": sum(1 for u in park.units if u.status == "vacant"),
            "updated": park.updated.isoformat(),
        },
    } for park in parks if park.location]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      indent=1)
