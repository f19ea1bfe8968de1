"""The monthly report (the month to the 25th and the year to date, against the targets) as a
page, a CSV and an XLSX. Reports name leads by reference only: nothing personal to mask."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from flask import Response, g, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit
from ..formatting import day, number
from ..reports import export, tables
from ..reports.periods import month_of, parse_month, report_month, today_in_china, year_to_date
from ..reports.report import build_report, feedback_questions
from .access import staff_route

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_ROWS = 100  # of a list of leads on the page; the CSV and the XLSX have every row


def show(value, kind):
    """A table cell as the page shows it."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{number(Decimal(value) * 100, 1)}%"
    if kind == "int":
        return number(value, 0)
    if kind in ("wan", "score", "hours"):
        return number(Decimal(str(value)).quantize(Decimal("0.01")), 2)
    if isinstance(value, date):
        return day(value)
    return str(value)


def raw(value):
    """A cell's value for the page's ``data-value`` attribute (machine-readable)."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def chosen_month():
    """``(year, month)`` from ``?month=YYYY-MM``, the current report month without it; None if bad."""
    text = request.args.get("month")
    if not text:
        return month_of(today_in_china())
    return parse_month(text)


def report_or_error():
    chosen = chosen_month()
    if chosen is None:
        return None, None
    year, month = chosen
    report = build_report(year, month, today_in_china())
    return report, tables.report_tables(report, feedback_questions())


def bad_month():
    message = _("Choose a month as YYYY-MM, for example 2026-11.")
    return render_template("staff/report.html", report=None, error=message, month_text=request.args.get(
        "month", "")), 400


@staff_route("/reports/monthly/", "reports.read")
def monthly_report():
    report, found = report_or_error()
    if report is None:
        return bad_month()
    month_text = f"{report.year:04d}-{report.month_number:02d}"
    shown = [replace(t, rows=t.rows[:PAGE_ROWS], hidden=len(t.rows) - PAGE_ROWS)
             if len(t.rows) > PAGE_ROWS else t for t in found]
    return render_template(
        "staff/report.html", report=report, tables=shown, month_text=month_text, error=None,
        period=report_month(report.year, report.month_number),
        ytd=year_to_date(report.year, report.month_number), show=show, raw=raw,
        rate_labels=tables.RATE_LABELS, rate_definitions=tables.RATE_DEFINITIONS,
        csv_url=url_for("staff.monthly_report_csv", month=month_text),
        xlsx_url=url_for("staff.monthly_report_xlsx", month=month_text))


def download(kind):
    report, found = report_or_error()
    if report is None:
        return bad_month()
    month_text = f"{report.year:04d}-{report.month_number:02d}"
    audit.record("report.exported", month_text, detail={"format": kind, "lang": g.get("lang")})
    name = f"monthly-report-{month_text}.{kind}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if kind == "csv":
        return Response(export.to_csv(found), mimetype="text/csv", headers=headers)
    return Response(export.to_xlsx(found), mimetype=XLSX, headers=headers)


@staff_route("/reports/monthly/report.csv", "reports.read")
def monthly_report_csv():
    return download("csv")


@staff_route("/reports/monthly/report.xlsx", "reports.read")
def monthly_report_xlsx():
    return download("xlsx")
