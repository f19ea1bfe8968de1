"""Report periods in China time.

The bureau reports by the 25th of each month (seed 004: 每月25日之前报...), so the report month
named November 2026 runs from 26 October to 25 November 2026, both days included; the January
month starts on 26 December of the year before. The year to date runs from 1 January of the
month's year (targets are set per calendar year) to the last day of the month's period.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..clock import CHINA_TIME

CLOSING_DAY = 25
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class Period:
    first: date  # first day, included
    last: date  # last day, included

    @property
    def start(self):
        """The first moment of the period, China time (aware)."""
        return datetime.combine(self.first, time(), CHINA_TIME)

    @property
    def end(self):
        """The first moment after the period, China time (aware)."""
        return datetime.combine(self.last + timedelta(days=1), time(), CHINA_TIME)

    def __contains__(self, day):
        return day is not None and self.first <= day <= self.last


def report_month(year, month):
    """The report period named ``year``-``month``: the 26th of the month before to the 25th."""
    before = date(year - 1, 12, CLOSING_DAY + 1) if month == 1 else date(year, month - 1, CLOSING_DAY + 1)
    return Period(before, date(year, month, CLOSING_DAY))


def year_to_date(year, month):
    """1 January of ``year`` to the last day of the report month ``year``-``month``."""
    return Period(date(year, 1, 1), report_month(year, month).last)


def month_of(day):
    """``(year, month)`` of the report month that ``day`` falls in (the 26th opens the next)."""
    if day.day <= CLOSING_DAY:
        return day.year, day.month
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def parse_month(text):
    """``"2026-11"`` -> ``(2026, 11)``; None for anything else."""
    match = MONTH.match((text or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


def today_in_china(now=None):
    return (now or datetime.now(CHINA_TIME)).astimezone(CHINA_TIME).date()
