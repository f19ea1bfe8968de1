"""A park's units table to and from a spreadsheet: imports from ``.xlsx`` (openpyxl) and from CSV
as Excel and WPS save it (UTF-8, UTF-8 with BOM, GB18030), in the grid's rows
(``units_grid``), so an import is shown in the grid and checked before anything is written;
``export_xlsx`` writes every cell as a string or a plain number, never a formula.
"""

import csv
import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import xlsxwriter

from ..content.problems import ContentError
from ..content.units import BY_HEADER, decode, header_key, map_header
from .units_grid import BY_KEY, NUMBER, blank, extra_cells, key_of, row_of

MAX_IMPORT_BYTES = 5 * 1024 * 1024  # a park's units fit in a few KB; Excel's own files in 100 KB
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: refused before inflating past this
HEADER_SEARCH_ROWS = 20  # a title row or two (园区标准厂房一览表) may sit above the header
XLSX_MAGIC = b"PK\x03\x04"
# A number Excel may hold as a number without changing how it reads: no leading zeros, no
# trailing decimal zeros, no thousands separators (those stay text, as typed).
PLAIN_NUMBER = re.compile(r"^-?(?:0|[1-9]\d{0,14})(?:\.\d{0,9}[1-9])?$")


class ImportRefused(ValueError):
    """A file that cannot be imported; ``problems`` are ``(zh, en)`` pairs saying why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{zh} / {en}" for zh, en in self.problems))


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
