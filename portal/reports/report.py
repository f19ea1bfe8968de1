"""A monthly report and the dashboard's figures, read from the database in one go."""

from dataclasses import dataclass
from datetime import date

from ..db import engine
from ..leads.vocabulary import FEEDBACK_QUESTIONS
from . import data as report_data
from . import figures
from .periods import Period, report_month, year_to_date


@dataclass
class Report:
    year: int
    month_number: int
    month: figures.Figures  # the report month (26th of the month before to the 25th)
    year_to_date: figures.Figures
    targets: list
    overdue: list
    near_line: list
    today: object


def build_report(year, month, today, app=None):
    """The report of the month ``year``-``month`` (to the 25th) and of the year to its end."""
    with engine(app).connect() as connection:
        data = report_data.load(connection, year)
    month_figures = figures.compute(data, report_month(year, month), today)
    year_figures = figures.compute(data, year_to_date(year, month), today)
    return Report(year, month, month_figures, year_figures,
                  figures.targets_progress(data, year_figures),
                  figures.overdue(data, today), figures.near_line(data, today), today)


def feedback_questions():
    """``{key: label}`` of the questions the investor's rating asks."""
    return dict(FEEDBACK_QUESTIONS)


def dashboard(today, app=None):
    """The year to ``today``: figures, progress against targets, open leads by stage, overdue."""
    with engine(app).connect() as connection:
        data = report_data.load(connection, today.year)
    year_figures = figures.compute(data, Period(date(today.year, 1, 1), today), today)
    return {"figures": year_figures, "targets": figures.targets_progress(data, year_figures),
            "open": figures.open_by_stage(data), "overdue": len(figures.overdue(data, today)),
            "near_line": len(figures.near_line(data, today))}
