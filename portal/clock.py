"""China time: dates in Qinglan, whatever the server's own time zone is.

Policies expire, replies fall due and reports close their months at midnight in China (UTC+8),
so every floor of the portal asks this module, never ``date.today()``.
"""

from datetime import date, datetime, timedelta, timezone

CHINA_TIME = timezone(timedelta(hours=8), "CST")


def china_today() -> date:
    """The date in China now."""
    return datetime.now(CHINA_TIME).date()


def china_date(moment: datetime) -> date:
    """The calendar date in China of an aware ``moment``."""
    return moment.astimezone(CHINA_TIME).date()
