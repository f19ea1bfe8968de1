"""Read back what a report shows: the page's tables (by their ``data-value`` cells), the CSV's
tables and the XLSX's sheets, each as ``{table: {row key or first cell: [cells]}}``."""

import csv
import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl

CST = timezone(timedelta(hours=8))


def today():
    return datetime.now(CST).date()


class Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.table, self.row = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("t-"):
            self.table = self.tables.setdefault(attrs["id"][2:], {})
        elif tag == "tr" and self.table is not None and "data-key" in attrs:
            self.row = self.table.setdefault(attrs["data-key"], [])
        elif tag in ("td", "th") and self.row is not None and "data-value" in attrs:
            self.row.append(attrs["data-value"])

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        elif tag == "tr":
            self.row = None


def page_tables(html):
    parser = Tables()
    parser.feed(html)
    return parser.tables


def number(text):
    return None if text in ("", None) else Decimal(text)


def csv_tables(text):
    """``[(title, zh headers, en headers, rows)]`` of a report CSV."""
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    found, index = [], 0
    while index < len(rows):
        title, zh, en = rows[index][0], rows[index + 1], rows[index + 2]
        index += 3
        body = []
        while index < len(rows) and rows[index]:
            body.append(rows[index])
            index += 1
        found.append((title, zh, en, body))
        index += 1
    return found


def xlsx_sheets(data):
    """``{sheet: (zh headers, en headers, rows of cells)}``; cells are openpyxl cells."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: ([c.value for c in sheet[2]], [c.value for c in sheet[3]],
                          [list(r) for r in sheet.iter_rows(min_row=4)]) for sheet in book.worksheets}


def close(a, b, places=6):
    if a is None or b is None:
        return a is None and b is None
    return abs(Decimal(str(a)) - Decimal(str(b))) < Decimal(10) ** -places
