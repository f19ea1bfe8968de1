"""The report month runs to the 25th, in China time, across month and year boundaries."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from portal.reports.periods import month_of, parse_month, report_month, today_in_china, year_to_date

CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(("year", "month", "first", "last"), [
    (2026, 11, date(2026, 10, 26), date(2026, 11, 25)),
    (2027, 1, date(2026, 12, 26), date(2027, 1, 25)),  # starts in the year before
    (2026, 12, date(2026, 11, 26), date(2026, 12, 25)),
    (2026, 3, date(2026, 2, 26), date(2026, 3, 25)),  # February's short month
    (2028, 3, date(2028, 2, 26), date(2028, 3, 25)),  # a leap year changes nothing
])
def test_report_month_runs_from_the_26th_to_the_25th(year, month, first, last):
    period = report_month(year, month)
    assert (period.first, period.last) == (first, last)
    assert period.start == datetime(first.year, first.month, first.day, tzinfo=CST)
    assert period.end == datetime(last.year, last.month, last.day, tzinfo=CST) + timedelta(days=1)
    assert first in period and last in period
    assert first - timedelta(days=1) not in period and last + timedelta(days=1) not in period


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 25), (2026, 11)), (date(2026, 11, 26), (2026, 12)), (date(2026, 11, 1), (2026, 11)),
    (date(2026, 12, 25), (2026, 12)), (date(2026, 12, 26), (2027, 1)), (date(2027, 1, 1), (2027, 1)),
])
def test_the_26th_opens_the_next_report_month(day, expected):
    assert month_of(day) == expected
    assert day in report_month(*expected)


def test_consecutive_months_cover_every_day_once():
    days = set()
    for year, month in [(2026, m) for m in range(1, 13)] + [(2027, 1)]:
        period = report_month(year, month)
        span = {period.first + timedelta(days=n) for n in range((period.last - period.first).days + 1)}
        assert not days & span
        days |= span
    assert len(days) == (date(2027, 1, 25) - date(2025, 12, 26)).days + 1


def test_year_to_date_is_the_calendar_year_to_the_months_25th():
    assert year_to_date(2026, 11) == type(year_to_date(2026, 11))(date(2026, 1, 1), date(2026, 11, 25))
    assert year_to_date(2027, 1).first == date(2027, 1, 1)


def test_today_is_counted_in_china():
    # 16:30 UTC on 25 November is already the 26th in China: December's report month.
    moment = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
    assert today_in_china(moment) == date(2026, 11, 26)
    assert month_of(today_in_china(moment)) == (2026, 12)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11", (2026, 11)), ("2027-1", (2027, 1)), (" 2026-01 ", (2026, 1)),
    ("2026-13", None), ("2026-00", None), ("26-11", None), ("2026/11", None), ("", None), (None, None),
    ("1999-12", None),
])
def test_parse_month(text, expected):
    assert parse_month(text) == expected
