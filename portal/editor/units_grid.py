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

Imports from ``.xlsx`` (openpyxl) and CSV as Excel and WPS save it (UTF-8, UTF-8 with BOM,
GB18030) give rows in the same shape, so an import is shown in the grid and checked before
anything is written; ``export_xlsx`` writes every cell as a string or a plain number, never a
formula.
"""

import csv
import inspect
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import UnionType
from typing import Annotated, Union, get_args, get_origin

import openpyxl
import xlsxwriter
from pydantic.fields import FieldInfo

from ..content.problems import ContentError
from ..content.types import Number, term
from ..content.units import (
    BY_HEADER,
    LIST_SEPARATORS,
    REQUIRED,
    Unit,
    decode,
    header_key,
    map_header,
    read_units,
)
from ..content.units import COLUMNS as HEADERS
from ..spreadsheet import as_text

TEXT, NUMBER, SELECT, DATE, BOOL = "text", "number", "select", "date", "bool"
FIRST_LINE = 2  # line 1 of units.csv is the header: row 0 is line 2
EXTRA = "+"  # key prefix of a cell beyond the header: "+15" is the row's 16th cell
MAX_IMPORT_BYTES = 5 * 1024 * 1024  # a park's units fit in a few KB; Excel's own files in 100 KB
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: refused before inflating past this
HEADER_SEARCH_ROWS = 20  # a title row or two (园区标准厂房一览表) may sit above the header
XLSX_MAGIC = b"PK\x03\x04"
# A number Excel may hold as a number without changing how it reads: no leading zeros, no
# trailing decimal zeros, no thousands separators (those stay text, as typed).
PLAIN_NUMBER = re.compile(r"^-?(?:0|[1-9]\d{0,14})(?:\.\d{0,9}[1-9])?$")


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


def unwrap(annotation):
    """``(type, metadata)`` of an annotation such as ``Annotated[float, Number, Field(gt=0)] | None``."""
    metadata = []
    while True:
        if get_origin(annotation) is Annotated:
            annotation, *more = get_args(annotation)
            metadata += more
        elif get_origin(annotation) in (Union, UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


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


class ImportRefused(ValueError):
    """A file that cannot be imported; ``problems`` are ``(zh, en)`` pairs saying why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{zh} / {en}" for zh, en in self.problems))


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


# --- import and export ------------------------------------------------------------------------


def import_file(data: bytes, filename):
    """Rows from an uploaded ``.xlsx`` or ``.csv`` (the first sheet; the header row may have a
    title above it). Raise ImportRefused for any other file, or a header ``portal check`` would
    refuse, with the same words."""
    suffix = Path(filename or "").suffix.lower()
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused([(f"文件太大（超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB），不像是厂房表",
                              f"the file is too large (over {MAX_IMPORT_BYTES // 1024 // 1024} MB) "
                              "for a table of units")])
    if suffix == ".xlsx" and data.startswith(XLSX_MAGIC):
        records = xlsx_records(data)
    elif suffix == ".csv" and not data.startswith(XLSX_MAGIC):
        try:
            records = list(csv.reader(io.StringIO(decode(data))))
        except (UnicodeDecodeError, csv.Error):
            raise ImportRefused([("无法识别文件编码，请另存为 UTF-8 或 GB18030 的 CSV",
                                  "unknown encoding; save as CSV in UTF-8 or GB18030")]) from None
    else:
        raise ImportRefused([(
            "只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）；"
            "旧版 .xls 或 WPS 的 .et 文件请先“另存为”.xlsx",
            "only an Excel workbook (.xlsx) or a CSV file (.csv) can be imported; save an old .xls "
            "or a WPS .et file as .xlsx first",
        )])
    return rows_of_records(records, Path(filename).name)


def rows_of_records(records, filename):
    """The rows under the first record that names a unit column, checked by ``map_header``."""
    index = next((i for i, record in enumerate(records[:HEADER_SEARCH_ROWS])
                  if any(cell.strip() and header_key(cell) in BY_HEADER for cell in record)), None)
    if index is None:
        raise ImportRefused([(
            f"前 {HEADER_SEARCH_ROWS} 行中没有标题行：标题行应写列名，如 编号、楼栋、楼层、面积㎡、状态",
            f"no header row in the first {HEADER_SEARCH_ROWS} rows: the header names the columns, "
            "e.g. 编号 (id), 楼栋 (building), 楼层 (floor), 面积㎡ (area_m2), 状态 (status)",
        )])
    header = trim(records[index])
    try:
        map_header(header, filename)
    except ContentError as error:
        raise ImportRefused([(p.zh, p.en) for p in error.problems]) from None
    rows = [row_of(header, trim(cells)) for cells in records[index + 1:]]
    return [row for row in rows if not blank(row)]


def trim(record):
    """A record without its empty cells at the end (Excel pads rows to the sheet's width)."""
    end = len(record)
    while end and not record[end - 1].strip():
        end -= 1
    return record[:end]


def xlsx_records(data):
    """The first sheet's rows as text cells, as a person reads them in Excel."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(item.file_size for item in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ImportRefused([("工作簿解压后太大，不像是厂房表", "the workbook is too large once "
                                      "unpacked for a table of units")])
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise ImportRefused([(
            "无法打开这个 Excel 文件：文件可能已损坏，请在 Excel 或 WPS 中打开后重新另存为 .xlsx",
            "this Excel file cannot be opened: it may be damaged; open it in Excel or WPS and save "
            "it again as .xlsx",
        )]) from None
    try:
        sheet = book.worksheets[0]
        return [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def cell_text(value):
    """An Excel cell's value as the CSV would hold it: ``2027-01-15``, ``2400`` (not ``2400.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def export_xlsx(header, rows):
    """The rows as an ``.xlsx`` workbook: the header as the file has it, a plain number as a number
    (so Excel adds it up), every other cell as a string cell, never a formula."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    sheet = book.add_worksheet("units")
    bold = book.add_format({"bold": True})
    keys = [key_of(name) for name in header]
    for c, name in enumerate(header):
        sheet.write_string(0, c, name, bold)
        sheet.set_column(c, c, max(10, len(name) * 2))
    sheet.freeze_panes(1, 0)
    for r, row in enumerate((row for row in rows if not blank(row)), start=1):
        cells = [row.get(key, "") for key in keys] + extra_cells(row, len(header))
        for c, value in enumerate(cells):
            text = str(value)
            column = BY_KEY.get(keys[c]) if c < len(keys) else None
            if column is not None and column.kind == NUMBER and PLAIN_NUMBER.match(text):
                sheet.write_number(r, c, float(text))
            elif text:
                sheet.write_string(r, c, text)
    book.close()
    return out.getvalue()


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
