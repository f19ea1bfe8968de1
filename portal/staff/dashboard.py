"""The dashboard: the year to date against the targets, the four rates, open leads by stage,
overdue leads; bar charts drawn on the server, each beside its table."""

from flask import render_template
from flask_babel import gettext as _

from ..leads.pipeline import LABELS as STAGE_LABELS
from ..reports import tables
from ..reports.figures import RATES
from ..reports.periods import today_in_china
from ..reports.report import dashboard as dashboard_figures
from . import charts
from .access import staff_route
from .reports import raw, show


def target_rows(progress):
    """``[(key, scope, measure, actual, target, rate, kind)]`` for the county and each desk."""
    rows = []
    for desk, measures in progress:
        scope = _("County") if desk is None else tables.desk_name(desk)
        for name, (actual, goal, rate) in measures.items():
            kind = "int" if name == "projects" else "wan"
            rows.append((f"{desk or 'county'}:{name}", scope, str(tables.MEASURES[name]), actual, goal,
                         rate.value, kind))
    return rows


@staff_route("/dashboard/", "reports.read")
def dashboard():
    today = today_in_china()
    found = dashboard_figures(today)
    figures = found["figures"]
    progress = target_rows(found["targets"])
    rates = [(name, str(tables.RATE_LABELS[name]), figures.rates[name].value) for name in RATES]
    open_rows = [(stage, str(STAGE_LABELS[stage]), count) for stage, count in found["open"]]
    return render_template(
        "staff/dashboard.html", today=today, figures=figures, progress=progress, rates=rates,
        open_rows=open_rows, overdue=found["overdue"], near_line=found["near_line"], show=show, raw=raw,
        targets_chart=charts.bars("chart-targets", _("Annual targets"), [
            (f"{row[1]} · {row[2]}", row[5], show(row[5], "rate")) for row in progress]),
        rates_chart=charts.bars("chart-rates", _("The four rates"), [
            (text, value, show(value, "rate")) for _n, text, value in rates]),
        open_chart=charts.scaled("chart-open", _("Open leads by stage"), [
            (text, count, show(count, "int")) for _s, text, count in open_rows]))
