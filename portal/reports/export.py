"""A report's tables as CSV (UTF-8 with a BOM, so Excel and WPS read the Chinese) and as XLSX
(one sheet per table, numbers as numbers with formats, Chinese headers with English beneath). Text
is never run as a formula: the CSV's goes through ``spreadsheet.as_text``, the XLSX's is string cells."""

import csv
import io
from datetime import date
from decimal import Decimal

import xlsxwriter

from ..leads.answers import in_language
from ..spreadsheet import as_text

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (as counted after 1 March 1900)
# The page's precision (``staff.reports.show``): rates to 0.1 %, every other figure to 0.01.
FORMATS = {"int": "#,##0", "wan": "#,##0.00", "rate": "0.0%", "hours": "#,##0.00", "score": "0.00",
           "date": "yyyy-mm-dd"}


def headers(table, lang):
    with in_language(lang):
        return str(table.title), [str(label) for label, _ in table.columns]


def cells(table, row):
    """``[(value, kind)]`` of one row, whatever the column declares."""
    out = []
    for (_, kind), cell in zip(table.columns, row, strict=True):
        out.append(cell if kind is None else (cell, kind))
    return out


def csv_value(value, kind):
    if value is None:
        return ""
    if kind == "rate":
        return f"{Decimal(value) * 100:.2f}%"
    if kind in ("wan", "hours", "score"):
        return f"{Decimal(str(value)):.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return as_text(str(value)) if isinstance(value, str) else str(value)


def to_csv(tables):
    """One CSV of every table: its title, Chinese and English headers, rows, a blank line."""
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:
        zh_title, zh = headers(table, "zh")
        en_title, en = headers(table, "en")
        writer.writerow([as_text(zh_title if zh_title == en_title else f"{zh_title} / {en_title}")])
        writer.writerow(map(as_text, zh))
        writer.writerow(map(as_text, en))
        for _, row in table.rows:
            writer.writerow([csv_value(v, k) for v, k in cells(table, row)])
        writer.writerow([])
    return "\ufeff" + out.getvalue()


def to_xlsx(tables):
    """The XLSX workbook's bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F6", "text_wrap": True, "valign": "top"})
    formats = {kind: book.add_format({"num_format": pattern}) for kind, pattern in FORMATS.items()}
    for table in tables:
        sheet = book.add_worksheet(table.key[:31])
        zh_title, zh = headers(table, "zh")
        en_title, en = headers(table, "en")
        sheet.write_string(0, 0, zh_title if zh_title == en_title else f"{zh_title} / {en_title}", bold)
        sheet.write_row(1, 0, zh, head)
        sheet.write_row(2, 0, en, head)
        sheet.freeze_panes(3, 1)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, max(len(zh) - 1, 1), 16)
        for number, (_, row) in enumerate(table.rows, start=3):
            for column, (value, kind) in enumerate(cells(table, row)):
                if value is None:
                    sheet.write_blank(number, column, None)
                elif isinstance(value, date):  # a serial day number: quicker than write_datetime
                    sheet.write_number(number, column, (value - EXCEL_EPOCH).days, formats["date"])
                elif kind in FORMATS and not isinstance(value, str):
                    sheet.write_number(number, column, float(value), formats[kind])
                else:
                    sheet.write_string(number, column, str(value))
    book.close()
    return buffer.getvalue()
