"""A park's ``units.csv`` as an editable grid: rows in, rows out, the same file a person keeps.

The file stays the source of truth (``portal check`` reads it with ``content.units.read_units``),
so the grid changes only the cells staff change: the header keeps the names the file already uses
(Chinese or English) in its order, cells keep the text as typed (``４２００``, ``2.8``, ``已出租``),
and a file saved again without changes is the same file. The checks are not written again here:
``cell_problems`` runs the real ``read_units`` on the candidate file and puts each problem at its
cell, in the words ``portal check`` prints.

A row is a dict ``{column key: cell text}``; column keys are the ``Unit`` field names
(``area_m2``), or for a column ``read_units`` does not know, its header as written (so a
mistyped header survives to be shown and fixed). Cells beyond the header (a ``4,200`` that lost
its quotes shifts a row) are kept under ``+<index>`` keys instead of being dropped.

Imports from ``.xlsx`` and CSV, and the export, are in ``units_files``: they give and take rows
in the same shape, so an import is shown in the grid and checked before anything is written.
"""

import csv
import inspect
import io
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic.fields import FieldInfo

from ..content.problems import ContentError
from ..content.types import Number, term
from ..content.units import (
    BY_HEADER,
    LIST_SEPARATORS,
    REQUIRED,
    Unit,
    header_key,
    read_units,
)
from ..content.units import COLUMNS as HEADERS
from ..spreadsheet import as_text
from .fields import unwrap

TEXT, NUMBER, SELECT, DATE, BOOL = "text", "number", "select", "date", "bool"
FIRST_LINE = 2  # line 1 of units.csv is the header: row 0 is line 2
EXTRA = "+"  # key prefix of a cell beyond the header: "+15" is the row's 16th cell


@dataclass(frozen=True)
class Column:
    """One column of ``units.csv`` as the grid types it.

    ``key`` is the Unit field, ``kind`` the input (text, number, select, date, bool), ``zh`` and
    ``en`` the headers ``read_units`` accepts, ``vocabulary`` the taxonomy of a select, and
    ``integer`` whether a number must be whole (the floor).
    """

    key: str
    kind: str
    zh: str
    en: str
    required: bool = False
    vocabulary: str | None = None
    integer: bool = False


def column_of(name, info: FieldInfo):
    """The grid's column for the Unit field ``name``, its kind read from the field's type: a
    number type (or the ``Number`` reader), a date, a bool, a taxonomy ``term`` (a select of
    that vocabulary), else text. A field added to Unit gets a column without a change here."""
    zh, en = HEADERS[name]
    base, metadata = unwrap(info.annotation)
    metadata += list(info.metadata)
    vocabulary = next(filter(None, map(vocabulary_of, metadata)), None)
    if vocabulary:
        kind = SELECT
    elif base is bool:
        kind = BOOL
    elif base in (int, float) or any(item is Number for item in metadata):
        kind = NUMBER
    elif base is date:
        kind = DATE
    else:
        kind = TEXT
    return Column(name, kind, zh, en, name in REQUIRED, vocabulary, base is int)


def vocabulary_of(item):
    """The vocabulary of a ``types.term`` validator (read from its closure), else None."""
    func = getattr(item, "func", None)
    if func is None or not getattr(func, "__qualname__", "").startswith(f"{term.__name__}."):
        return None
    return inspect.getclosurevars(func).nonlocals.get("vocabulary")


COLUMNS = tuple(
    column_of(name, info) for name, info in Unit.model_fields.items()
    if name not in Unit.LOADER_FIELDS
)
BY_KEY = {column.key: column for column in COLUMNS}


@dataclass(frozen=True)
class GridColumn:
    """A column as one grid shows it: the file's own header text (``name``) beside the typing.

    ``options`` are a select's ``(value, zh, en)``: the value is what the cell is written as.
    """

    key: str
    name: str
    kind: str
    zh: str
    en: str
    required: bool = False
    integer: bool = False
    options: tuple = ()


# --- the file ---------------------------------------------------------------------------------


def key_of(name):
    """The column key of the header ``name``: the Unit field, or the header itself if unknown."""
    return BY_HEADER.get(header_key(name), name)


def default_header():
    """A new file's header: every column, with the Chinese names (as the sample parks have)."""
    return [column.zh for column in COLUMNS]


def rows_from_csv(text):
    """``(header, rows)`` of the CSV ``text`` (decoded, e.g. by ``units.decode``).

    An empty file has the default header and no rows.
    """
    records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    if not records:
        return default_header(), []
    header = records[0]
    return header, [row_of(header, record) for record in records[1:]]


def row_of(header, record):
    """One record (a list of cells) as a row dict, cells beyond the header under ``+<index>``."""
    keys = [key_of(name) for name in header]
    row = {key: cell for key, cell in zip(keys, record, strict=False)}
    row.update({f"{EXTRA}{i}": record[i] for i in range(len(header), len(record))})
    return row


def csv_style(raw):
    """How to write a file again so Excel reads it as before: its line ending, and a BOM when the
    file had one or was GB18030 (now written as UTF-8, a BOM keeps Excel on Windows reading
    the Chinese). ``raw`` is the file's bytes, or None for a new file."""
    if not raw:
        return {"newline": "\n", "bom": False}
    try:
        raw.decode("utf-8")
        bom = raw.startswith(b"\xef\xbb\xbf")
    except UnicodeDecodeError:
        bom = True
    first = raw.split(b"\n", 1)[0]
    return {"newline": "\r\n" if first.endswith(b"\r") else "\n", "bom": bom}


def csv_from_rows(header, rows, newline="\n", bom=False):
    """The CSV text of ``rows`` under ``header`` (the file's header names, in its order).

    Rows with no text in any cell are left out: an added row never filled in is not a unit.
    A cell that would start a formula in Excel (``=HYPERLINK(…)``) is written as text
    (``spreadsheet.as_text``); numbers, dates and words are written as typed.
    """
    return write_csv(header, [row for row in rows if not blank(row)], newline, bom)


def write_csv(header, rows, newline="\n", bom=False):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    keys = [key_of(name) for name in header]
    writer.writerow(header)
    for row in rows:
        cells = [row.get(key, "") for key in keys] + extra_cells(row, len(header))
        writer.writerow([as_text(str(cell)) for cell in cells])
    return ("\ufeff" if bom else "") + out.getvalue()


def extra_cells(row, width):
    """The row's cells beyond the header (empty ones at the end dropped), in their places."""
    extra = {int(key[1:]): value for key, value in row.items()
             if key.startswith(EXTRA) and key[1:].isdigit() and int(key[1:]) >= width}
    filled = [i for i, value in extra.items() if str(value).strip()]
    if not filled:
        return []
    return [extra.get(i, "") for i in range(width, max(filled) + 1)]


def blank(row):
    return not any(str(value).strip() for value in row.values())


# --- the form ---------------------------------------------------------------------------------


def rows_from_form(form):
    """Rows from the inputs ``units.<row>.<column>``, then the grid's ``action`` applied:
    ``add`` (a new empty row at the end), ``dup:N`` (a copy of row N after it), ``del:N``
    (row N removed). Any other action leaves the rows as posted; the form carries every row,
    so a page posted twice gives the same rows twice, not two deletions.
    """
    found = {}
    for name in form:
        parts = name.split(".", 2)
        if len(parts) == 3 and parts[0] == "units" and parts[1].isdigit():
            found.setdefault(int(parts[1]), {})[parts[2]] = form.get(name)
    rows = [found[index] for index in sorted(found)]
    action = form.get("action") or ""
    verb, _, number = action.partition(":")
    if verb == "add" and not number:
        rows.append({})
    elif verb in ("dup", "del") and number.isdigit() and int(number) < len(rows):
        index = int(number)
        if verb == "dup":
            rows.insert(index + 1, dict(rows[index]))
        else:
            del rows[index]
    return rows


def header_from_form(form, default):
    """The header the form was opened with (hidden ``units.header.<i>`` inputs), else
    ``default``."""
    found = {}
    for name in form:
        parts = name.split(".", 2)
        if len(parts) == 3 and parts[:2] == ["units", "header"] and parts[2].isdigit():
            found[int(parts[2])] = form.get(name)
    return [found[i] for i in sorted(found)] or list(default)


# --- the checks -------------------------------------------------------------------------------


def cell_problems(rows, park, taxonomy, folder, header=None):
    """``{(row, column): (zh, en)}``: what ``portal check`` would say of these rows, at each cell.

    The candidate file is written to a temporary folder and read by the real ``read_units``
    (``taxonomy`` as the content's ``as_context()``); the photos the rows name are linked there
    from the park's ``folder`` so that "no such photo" means the same as on disk. A problem of
    the header is at ``(None, column)``, one of a whole row (cells beyond the header) at
    ``(row, None)``. Several problems of one cell are joined.
    """
    header = list(header) if header else default_header() + unknown_keys(rows)
    found = {}
    with tempfile.TemporaryDirectory(prefix="units-check-") as temp:
        temp = Path(temp)
        link_photos(rows, Path(folder) if folder else None, temp)
        path = temp / "units.csv"
        path.write_text(write_csv(header, rows), encoding="utf-8")
        try:
            read_units(path, f"parks/{park}/units.csv", park, taxonomy)
        except ContentError as error:
            for problem in error.problems:
                where = cell_of(problem)
                if where in found:
                    zh, en = found[where]
                    found[where] = (f"{zh}；{problem.zh}", f"{en}; {problem.en}")
                else:
                    found[where] = (problem.zh, problem.en)
    return found


def cell_of(problem):
    row = None if problem.line is None or problem.line < FIRST_LINE else problem.line - FIRST_LINE
    column = key_of(problem.field) if problem.field else None
    return row, column


def unknown_keys(rows):
    """Columns the rows have that are not Unit fields (a header as written), in first-seen order."""
    seen = []
    for row in rows:
        for key in row:
            if key not in BY_KEY and not key.startswith(EXTRA) and key not in seen:
                seen.append(key)
    return seen


def link_photos(rows, folder, temp):
    """Link into ``temp`` each photo the rows name that is a file in ``folder`` (nothing else)."""
    if folder is None or not folder.is_dir():
        return
    for row in rows:
        for name in LIST_SEPARATORS.split(str(row.get("photos", ""))):
            name = name.strip()
            if not name or "/" in name or "\\" in name or name in (".", "..", "units.csv"):
                continue
            source, target = folder / name, temp / name
            if source.is_file() and not target.exists():
                target.symlink_to(source.resolve())


# --- the grid's columns -----------------------------------------------------------------------


def grid_columns(header, taxonomy, rows=()):
    """The columns the grid template shows for a file with ``header``: typed Unit columns, a
    column the file has that is not one (as text, to be fixed), and one per cell any row has
    beyond the header. ``taxonomy`` is the content's ``as_context()``."""
    columns = []
    for name in header:
        key = key_of(name)
        column = BY_KEY.get(key)
        if column is None:
            columns.append(GridColumn(key, name, TEXT, name, name))
            continue
        options = ()
        if column.vocabulary:
            terms = (taxonomy or {}).get(column.vocabulary, {})
            options = tuple((labels["zh"], labels["zh"], labels["en"]) for labels in terms.values())
            used = {row.get(key, "") for row in rows}  # a file that writes keys keeps its keys
            options = tuple((term_key if term_key in used else value, zh, en)
                            for term_key, (value, zh, en) in zip(terms, options, strict=True))
        columns.append(GridColumn(key, name, column.kind, column.zh, column.en, column.required,
                                  column.integer, options))
    extras = sorted({int(k[1:]) for row in rows for k in row
                     if k.startswith(EXTRA) and k[1:].isdigit() and int(k[1:]) >= len(header)})
    for index in extras:
        key = f"{EXTRA}{index}"
        columns.append(GridColumn(key, "", "extra", "", ""))  # the template names it
    return columns
