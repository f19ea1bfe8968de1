"""The pure parts of the figures: stages reached, rates over nothing, the 3-month line, the 2‰ base."""

from datetime import date
from decimal import Decimal

import pytest

from portal.leads.pipeline import reached_rank
from portal.reports.figures import Credit, Rate, add_months


@pytest.mark.parametrize(("status", "stages", "expected"), [
    ("new", [], 0), ("visit", ["contacted", "visit"], 2),
    ("closed", ["contacted", "visit", "negotiating", "closed"], 3),  # closed after negotiating
    ("closed", ["closed"], 0),  # closed at once: reached nothing beyond new
    ("contacted", ["contacted", "negotiating", "contacted"], 3),  # fell back: still reached negotiating
    ("production", [], 6),  # a stage set without events still counts
])
def test_the_furthest_stage_reached(status, stages, expected):
    assert reached_rank(status, stages) == expected


def test_a_rate_over_nothing_is_none_not_zero():
    assert Rate(0, 0).value is None
    assert Rate(Decimal("1700"), Decimal("8000.50")).value == Decimal("1700") / Decimal("8000.50")


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 8, 10), date(2026, 11, 10)), (date(2026, 11, 30), date(2027, 2, 28)),
    (date(2027, 11, 30), date(2028, 2, 29)), (date(2026, 10, 31), date(2027, 1, 31)),
])
def test_three_months_on(day, expected):
    assert add_months(day, 3) == expected


def test_the_reward_base_is_two_per_mille_of_funds_in_place():
    assert Credit(funds=Decimal("2230000")).reward_base == Decimal("4460.000")
