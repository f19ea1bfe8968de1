"""Text bound for a spreadsheet cell, made safe to open: a cell that starts like a formula
(``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, so Excel, WPS and
LibreOffice show it as text instead of running it (OWASP, "CSV Injection").

A sign followed only by digits, spaces, ``.``, ``*``, ``-`` and brackets names no function and no
cell (a phone number, masked or not, or a negative number): it is left as written, so staff can
copy a phone number as it is.

Every CSV the site writes (open data, the back office's exports, reports, the audit log) passes
its text through ``as_text``; an XLSX stores text as a string cell (never a formula) instead.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"[+-][0-9 .*()-]*\Z")


def as_text(value):
    """``value`` (text) as a CSV cell shows it: with a leading ``'`` if it would start a formula."""
    if value.startswith(FORMULA_START) and not HARMLESS.match(value):
        return "'" + value
    return value
