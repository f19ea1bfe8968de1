"""China time and Chinese working days: the reply promise ("within 2 working days") as a date.

Working days follow the State Council's holiday schedule through ``chinese-calendar``: weekends
and official public holidays are skipped, make-up working days (调休, a Saturday or Sunday
worked in exchange for a longer holiday) count. For a year the package has no schedule for yet
(it is published each November), weekdays are counted and ``reply_by`` says the date is an
estimate, so that the page never promises more than we know.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar

from ..clock import CHINA_TIME, china_date  # noqa: F401  (the reply promise is in China time)

log = logging.getLogger(__name__)


def is_working_day(day: date) -> bool | None:
    """True or False by the official schedule; None for a year without one."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


@dataclass(frozen=True)
class ReplyBy:
    day: date
    estimated: bool  # some day counted had no official schedule: weekdays only were counted


def add_working_days(start: date, count: int) -> ReplyBy:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day, found, estimated = start, 0, False
    while found < count:
        day += timedelta(days=1)
        working = is_working_day(day)
        if working is None:
            estimated, working = True, day.weekday() < 5
        found += bool(working)
    return ReplyBy(day, estimated)


def reply_by(received: datetime, working_days: int) -> ReplyBy:
    """The last day of the reply promise for a lead received at ``received`` (aware)."""
    return add_working_days(china_date(received), working_days)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        working = is_working_day(day)
        count += bool(day.weekday() < 5 if working is None else working)
    return count
