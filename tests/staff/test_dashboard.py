"""The dashboard: the year to today against the targets, the four rates, open leads by stage
and overdue leads, as SVG charts beside their tables, in both languages, on both backends."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from ..reports import fixture_leads as fx
from ..reports.pages import close, number, page_tables, today
from .helpers import Staff, add_user


def this_year_rows():
    """Leads of this year, whatever today is: signed, started, in production, open, overdue."""
    now = datetime.now(fx.CST).replace(microsecond=0)
    first = datetime(now.year, 1, 1, 9, 0, tzinfo=fx.CST)
    day = today()
    return [
        ("QL-1", first, "agri-team", "agriculture", "CN-GD", None, "started",
         ["contacted", "signed", "started"], first.date(), first + timedelta(hours=2), Decimal("4000"),
         first.date()),
        ("QL-2", first, "agri-team", "agriculture", "CN-GD", None, "signed", ["contacted", "signed"],
         first.date(), first + timedelta(hours=2), Decimal("6000"), first.date()),
        ("QL-3", first, "bureau", "health", "CN-GD", None, "production",
         ["contacted", "signed", "started", "production"], first.date(), first + timedelta(hours=2),
         Decimal("10000"), first.date()),
        ("QL-4", now - timedelta(hours=1), "bureau", "health", "CN-GD", None, "new", [],
         day + timedelta(days=3), None, None, None),
        ("QL-5", now - timedelta(hours=2), "bureau", "health", "CN-GD", None, "contacted", ["contacted"],
         day + timedelta(days=3), now - timedelta(hours=1), None, None),
        ("QL-6", now - timedelta(days=9), "bureau", "health", "CN-GD", None, "new", [],
         day - timedelta(days=5), None, None, None),  # overdue
        ("QL-7", now - timedelta(days=2), "bureau", "health", "CN-GD", None, "negotiating",
         ["contacted", "negotiating"], day, now - timedelta(days=1), None, None),
    ]


@pytest.fixture
def dashboard_app(staff_app):
    app = staff_app()
    year = today().year
    fx.insert(app, this_year_rows(), [("QL-1", date(year, 1, 1), Decimal("1000")),
                                      ("QL-3", date(year, 1, 1), Decimal("3000"))], [],
              [(None, 10, Decimal("100000"), Decimal("16000")), ("agri-team", 4, None, Decimal("2000"))],
              year=year)
    add_user(app, "wang", "viewer")
    return app


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dashboard_shows_progress_rates_stages_and_overdue(dashboard_app, lang):
    staff = Staff(dashboard_app, "wang", lang=lang)
    staff.login()
    response = staff.get("/staff/dashboard/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    tables = page_tables(html)
    # Three signed, 20,000万 contracted, 4,000万 in place; one of three started only, one in production.
    rates = {key: number(cells[0]) for key, cells in tables["rates"].items()}
    assert close(rates["start"], Decimal(2) / 3) and close(rates["production"], Decimal(1) / 3)
    assert close(rates["funds"], Decimal("4000") / Decimal("20000"))
    assert close(rates["performance"], Decimal(2) / 3)
    assert {key: int(cells[0]) for key, cells in tables["open"].items()} == {
        "new": 2, "contacted": 1, "visit": 0, "negotiating": 1}
    assert 'id="fig-overdue">1<' in html
    assert html.count("<svg") == 3 and 'role="img"' in html and "<script" not in html
    rates_svg = html[html.index('aria-labelledby="chart-rates-title"'):]
    rates_svg = rates_svg[:rates_svg.index("</svg>")]
    assert "66.7%" in rates_svg and "33.3%" in rates_svg  # each bar's value is written beside it
    assert rates_svg.count('class="bar-fill') == 4


def test_progress_against_targets(dashboard_app):
    staff = Staff(dashboard_app, "wang")
    staff.login()
    html = staff.get("/staff/dashboard/").get_data(as_text=True)
    rows = {key: [number(c) for c in cells] for key, cells in page_tables(html)["targets"].items()}
    assert rows["county:funds"] == [4000, 16000, Decimal("0.25")]  # year to date, target, progress
    assert rows["county:projects"] == [3, 10, Decimal("0.3")]
    assert rows["county:contracted"] == [20000, 100000, Decimal("0.2")]
    assert rows["agri-team:funds"] == [1000, 2000, Decimal("0.5")]
    assert rows["agri-team:projects"] == [2, 4, Decimal("0.5")]
    assert rows["agri-team:contracted"] == [10000, None, None]  # no target: no progress
    assert "bureau:funds" not in rows


def test_a_year_without_targets_says_so(staff_app):
    app = staff_app()
    add_user(app, "wang", "viewer")
    staff = Staff(app, "wang")
    staff.login()
    html = staff.get("/staff/dashboard/").get_data(as_text=True)
    assert f"No targets set for {today().year}" in html


@pytest.mark.parametrize(("role", "status"), [("viewer", 200), ("desk", 200), ("leader", 200),
                                               ("admin", 403), ("auditor", 403)])
def test_who_sees_the_dashboard(staff_app, role, status):
    app = staff_app()
    add_user(app, "li", role, desk="agri-team")
    staff = Staff(app, "li")
    staff.login()
    assert staff.get("/staff/dashboard/").status_code == status


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_section_is_headed_once_and_each_tile_labelled_alike(dashboard_app, lang):
    staff = Staff(dashboard_app, "wang", lang=lang)
    staff.login()
    html = staff.get("/staff/dashboard/").get_data(as_text=True)
    headings = re.findall(r"<h2 id=\"(chart-[a-z]+-title)\">([^<]+)</h2>", html)
    assert [key for key, _ in headings] == ["chart-targets-title", "chart-rates-title", "chart-open-title"]
    for key, text in headings:  # the chart is named by its section's heading, not by a second title
        assert html.count(text) == 1 and html.count(f'aria-labelledby="{key}"') == 2
    assert "<figcaption" not in html and "年度目标完成情况" not in html
    figures = html[html.index('class="key-figures"'):]
    tiles = re.findall(r"<li>(.*?)</li>", figures[:figures.index("</ul>")])
    assert len(tiles) == 5
    for tile in tiles:  # number, then its label, the overdue tile's (a link) too
        assert re.search(r'class="figure[^"]*"[^>]*>[^<]+</span> <span class="figure-label">', tile), tile
