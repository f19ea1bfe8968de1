"""The monthly report: its figures equal those counted by hand from a fixture of leads, on the
page, in the CSV and in the XLSX; the month runs to the 25th; both languages; both backends."""

import re
from decimal import Decimal

import pytest

from ..reports import fixture_leads as fx
from ..reports.pages import close, csv_tables, number, page_tables, today, xlsx_sheets
from .helpers import Staff, add_user, audit_rows

URL = "/staff/reports/monthly/?month=2026-11"
SUMMARY = ["leads", "due", "on_time", "on_time_share", "median_hours", "signed", "contracted", "funds",
           "rate_performance", "rate_funds", "rate_start", "rate_production"]


@pytest.fixture
def viewer(staff_app):
    app = staff_app()
    fx.insert(app)
    add_user(app, "wang", "viewer")

    def login(lang="en"):
        staff = Staff(app, "wang", lang=lang)
        staff.login()
        return staff
    return app, login


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_figures_equal_the_hand_count(viewer, lang):
    app, login = viewer
    response = login(lang).get(URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = page_tables(html)
    month, year = fx.month(today()), fx.year(today())
    for key in SUMMARY:
        cells = found["summary"][key]
        assert close(number(cells[1]), month[key]), (key, cells, month[key])
        assert close(number(cells[2]), year[key]), (key, cells, year[key])
    # The fixture's intent, so that the comparisons above are not of empty figures:
    assert month["leads"] == 4 and month["signed"] == 2 and month["funds"] == Decimal("1700")
    for table in ("by_desk", "by_industry", "by_region", "by_partner"):
        expected_month, expected_year = month[table], year[table]
        shown = {key: (int(cells[1]), int(cells[2])) for key, cells in found[table].items()}
        keys = {("None" if k is None else k) for k in set(expected_month) | set(expected_year)}
        assert set(shown) == keys, table
        for key in expected_year:
            assert shown["None" if key is None else key] == (expected_month.get(key, 0), expected_year[key])
    for stage, count in month["pipeline"].items():
        assert int(found["pipeline"][stage][1]) == count
        assert int(found["pipeline"][stage][4]) == year["pipeline"][stage]
        assert int(found["pipeline"][stage][6]) == month["entered"].get(stage, 0), stage
        assert int(found["pipeline"][stage][7]) == year["entered"].get(stage, 0), stage
    # By hand: 000002, received a minute before the month, was contacted in it.
    assert month["entered"] == {"new": 4, "contacted": 4, "visit": 2, "negotiating": 1}
    for scope, expected in (("desk_credit_month", month["desks"]), ("desk_credit_year", year["desks"]),
                            ("partner_credit_month", month["partners"]),
                            ("partner_credit_year", year["partners"])):
        rows = found[scope]
        if scope.startswith("partner_"):  # leads without a partner are no partner's credit
            expected = {k: v for k, v in expected.items() if k is not None}
        assert set(rows) == {"None" if k is None else k for k in expected}
        for key, (count, signed, contracted, funds) in expected.items():
            cells = rows["None" if key is None else key]
            assert (int(cells[1]), int(cells[2])) == (count, signed)
            assert close(number(cells[3]), contracted) and close(number(cells[4]), funds)
            assert close(number(cells[5]), funds * Decimal("0.002"))  # the 2‰ base
    for desk, (forms, mean) in month["feedback"].items():
        assert int(found["feedback_month"][desk][1]) == forms
        assert close(number(found["feedback_month"][desk][2]), mean)
    assert set(found["feedback_month"]) == set(month["feedback"])
    # Targets: the year to date against each target.
    county = found["targets"]
    assert int(county["county:projects"][2]) == 50 and int(county["county:projects"][3]) == year["signed"]
    assert close(number(county["county:funds"][3]), year["funds"])
    assert close(number(county["county:funds"][4]), year["funds"] / Decimal("2230000"))
    agri_funds = fx.funds_between(fx.YEAR_FIRST, fx.MONTH_LAST, lambda r: r in ("QL-2026-000006",))
    assert close(number(county["agri-team:funds"][3]), agri_funds)
    assert county["materials-team:contracted"][2] == "" and county["materials-team:contracted"][4] == ""
    # No one's name, e-mail or phone: references only.
    for personal in ("张伟", "zhang.wei@example.com", "13800138000"):
        assert personal not in html
    overdue = [r[0] for r in fx.LEADS if r[6] == "new" and r[9] is None and r[8] < today()]
    assert sorted(found["overdue"]) == sorted(overdue)


def test_the_period_is_stated_in_the_pages_language(viewer):
    _, login = viewer
    english = login("en").get(URL).get_data(as_text=True)
    assert "Oct 26, 2026" in english and "Nov 25, 2026" in english and "China time" in english
    chinese = login("zh").get(URL).get_data(as_text=True)
    assert "2026年10月26日" in chinese and "2026年11月25日" in chinese
    assert 'lang="zh-Hans"' in chinese


def test_csv_and_xlsx_show_the_same_figures(viewer):
    app, login = viewer
    staff = login("en")
    month, year = fx.month(today()), fx.year(today())
    response = staff.get("/staff/reports/monthly/report.csv?month=2026-11")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    tables = csv_tables(response.get_data(as_text=True))
    summary = dict((row[0], row) for row in tables[0][3])
    assert tables[0][2][:3] == ["Measure", "Month", "Year to date"]
    assert summary["Leads received"][1:] == [str(month["leads"]), str(year["leads"])]
    funds = summary["Funds in place (到位资金), 10,000 yuan"][1:]
    assert funds == [f"{month['funds']:.2f}", f"{year['funds']:.2f}"]
    assert summary["Contracts signed (签约)"][1:] == [str(month["signed"]), str(year["signed"])]
    share = summary["Share answered by the reply-by date"][1]
    assert share == f"{month['on_time_share'] * 100:.2f}%"
    for personal in ("张伟", "zhang.wei@example.com"):
        assert personal not in response.get_data(as_text=True)

    response = staff.get("/staff/reports/monthly/report.xlsx?month=2026-11")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheets = xlsx_sheets(response.get_data())
    assert {"summary", "by_desk", "pipeline", "targets", "desk_credit_month", "partner_credit_year",
            "feedback_month", "overdue", "near_line"} <= set(sheets)
    zh, en, rows = sheets["summary"]
    assert en[:3] == ["Measure", "Month", "Year to date"] and zh[0]
    by_key = {SUMMARY[i]: row for i, row in enumerate(rows)}
    for key in SUMMARY:
        for cell, expected in ((by_key[key][1], month[key]), (by_key[key][2], year[key])):
            assert close(cell.value, expected, 4), key
            if expected is not None:
                assert isinstance(cell.value, int | float)
    assert by_key["funds"][1].number_format == "#,##0.00"
    assert by_key["rate_funds"][1].number_format == "0.0%"
    credit = {row[0].value: row for row in sheets["desk_credit_month"][2]}
    agri = credit["Modern Agriculture Investment Team"]
    assert [agri[1].value, agri[2].value] == list(month["desks"]["agri-team"][:2])
    assert [r.event for r in audit_rows(app, "report.exported")] == ["report.exported"] * 2
    assert {r.object for r in audit_rows(app, "report.exported")} == {"2026-11"}


def test_xlsx_headers_are_chinese_above_english(viewer):
    _, login = viewer
    sheets = xlsx_sheets(login("zh").get("/staff/reports/monthly/report.xlsx?month=2026-11").get_data())
    zh, en, _ = sheets["pipeline"]
    assert en[0] == "Stage" and len(zh) == len(en)


def test_the_default_month_is_the_one_running_to_the_next_25th(viewer):
    _, login = viewer
    html = login("en").get("/staff/reports/monthly/").get_data(as_text=True)
    day = today()
    year, month = (day.year, day.month) if day.day <= 25 else (
        (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1))
    assert f'value="{year:04d}-{month:02d}"' in html
    assert f"report.csv?month={year:04d}-{month:02d}" in html


@pytest.mark.parametrize(("lang", "message"), [("en", "Choose a month as YYYY-MM"), ("zh", "YYYY-MM")])
@pytest.mark.parametrize("url", ["/staff/reports/monthly/?month=2026-13", "/staff/reports/monthly/?month=x",
                                 "/staff/reports/monthly/report.csv?month=26-11"])
def test_a_bad_month_is_a_400_with_the_message(viewer, lang, message, url):
    _, login = viewer
    response = login(lang).get(url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_roles_without_reports_are_refused(staff_app, role):
    app = staff_app()
    add_user(app, "li", role)
    staff = Staff(app, "li")
    staff.login()
    for url in (URL, "/staff/reports/monthly/report.csv", "/staff/reports/monthly/report.xlsx"):
        assert staff.get(url).status_code == 403
    assert not audit_rows(app, "report.exported")


def test_overdue_and_near_line_lists_name_references(staff_app):
    from datetime import datetime, timedelta

    app = staff_app()
    now = datetime.now(fx.CST).replace(microsecond=0)
    rows = [
        ("QL-A", now - timedelta(days=10), "agri-team", "agriculture", "CN-GD", None, "new", [],
         (now - timedelta(days=8)).date(), None, None, None),  # overdue, far from the line
        ("QL-B", now - timedelta(days=85), "bureau", "health", "CN-GD", None, "new", [],
         (now - timedelta(days=83)).date(), None, None, None),  # near the 3-month line
        ("QL-C", now - timedelta(days=100), "bureau", "health", "CN-GD", None, "new", [],
         (now - timedelta(days=98)).date(), None, None, None),  # past it
        ("QL-D", now - timedelta(days=100), "bureau", "health", "CN-GD", None, "contacted", ["contacted"],
         (now - timedelta(days=98)).date(), now - timedelta(days=99), None, None),  # answered
        ("QL-E", now - timedelta(hours=1), "bureau", "health", "CN-GD", None, "new", [],
         (now + timedelta(days=2)).date(), None, None, None),  # within its promise
    ]
    fx.insert(app, rows, [], [], [])
    add_user(app, "wang", "viewer")
    staff = Staff(app, "wang")
    staff.login()
    found = page_tables(staff.get("/staff/reports/monthly/").get_data(as_text=True))
    assert list(found["overdue"]) == ["QL-C", "QL-B", "QL-A"]
    assert list(found["near_line"]) == ["QL-C", "QL-B"]
    assert int(found["overdue"]["QL-B"][5]) == 85


def test_long_lists_are_cut_on_the_page_and_whole_in_the_downloads(staff_app):
    from datetime import datetime, timedelta

    app = staff_app()
    now = datetime.now(fx.CST).replace(microsecond=0)
    fx.insert(app, [(f"QL-{n:03d}", now - timedelta(days=10, minutes=n), "bureau", "health", "CN-GD", None,
                     "new", [], (now - timedelta(days=8)).date(), None, None, None) for n in range(103)],
              [], [], [])
    add_user(app, "wang", "viewer")
    staff = Staff(app, "wang")
    staff.login()
    html = staff.get("/staff/reports/monthly/").get_data(as_text=True)
    assert len(page_tables(html)["overdue"]) == 100
    assert "3 more rows in the CSV and XLSX downloads." in html
    sheets = xlsx_sheets(staff.get("/staff/reports/monthly/report.xlsx").get_data())
    assert len(sheets["overdue"][2]) == 103


def test_xlsx_dates_are_dates(staff_app):
    from datetime import date, datetime

    app = staff_app()
    received = datetime(2026, 9, 1, 9, 0, tzinfo=fx.CST)
    fx.insert(app, [("QL-X", received, "bureau", "health", "CN-GD", None, "new", [], date(2026, 9, 3), None,
                     None, None)], [], [], [])
    add_user(app, "wang", "viewer")
    staff = Staff(app, "wang")
    staff.login()
    row = xlsx_sheets(staff.get("/staff/reports/monthly/report.xlsx").get_data())["overdue"][2][0]
    assert row[0].value == "QL-X"
    assert [row[2].value, row[3].value, row[4].value] == [datetime(2026, 9, 1), datetime(2026, 9, 3),
                                                          datetime(2026, 12, 1)]
    assert row[2].number_format == "yyyy-mm-dd"
    assert row[5].value == (datetime.now(fx.CST).date() - date(2026, 9, 1)).days


def test_only_leads_whose_reply_by_date_has_passed_in_china_count_as_due(staff_app):
    """已到答复期限 and 按期答复率 count a lead once its reply-by date is over (China time): due
    yesterday counts, answered or not; due today or tomorrow does not yet, even if answered."""
    from datetime import datetime, time, timedelta

    app = staff_app()
    day = today()  # China's date: in UTC it is still yesterday until 08:00
    received = datetime.combine(day, time(0, 1), fx.CST)  # in the current month and year, always
    answered = received + timedelta(minutes=2)
    fx.insert(app, [
        ("QL-YESTERDAY-OPEN", received, "bureau", "health", "HK", None, "new", [],
         day - timedelta(days=1), None, None, None),  # due and unanswered: overdue
        ("QL-YESTERDAY-LATE", received, "bureau", "health", "HK", None, "contacted", ["contacted"],
         day - timedelta(days=1), answered, None, None),  # due, answered after its date
        ("QL-TODAY-DONE", received, "bureau", "health", "HK", None, "contacted", ["contacted"],
         day, answered, None, None),  # answered, but its date has not passed
        ("QL-TODAY-OPEN", received, "bureau", "health", "HK", None, "new", [], day, None, None, None),
        ("QL-TOMORROW-DONE", received, "bureau", "health", "HK", None, "contacted", ["contacted"],
         day + timedelta(days=1), answered, None, None),
    ], [], [], [])
    add_user(app, "wang", "viewer")
    for lang in ("zh", "en"):
        staff = Staff(app, "wang", lang=lang)
        staff.login()
        found = page_tables(staff.get("/staff/reports/monthly/").get_data(as_text=True))
        summary = found["summary"]
        for column in (1, 2):  # the month and the year to date
            assert int(summary["due"][column]) == 2, summary["due"]
            assert int(summary["on_time"][column]) == 0
            assert number(summary["on_time_share"][column]) == 0
        assert list(found["overdue"]) == ["QL-YESTERDAY-OPEN"]
    sheets = xlsx_sheets(staff.get("/staff/reports/monthly/report.xlsx").get_data())
    rows = {SUMMARY[i]: row for i, row in enumerate(sheets["summary"][2])}
    assert [rows["due"][1].value, rows["on_time"][1].value, rows["on_time_share"][1].value] == [2, 0, 0]


def test_the_xlsx_shows_figures_to_the_pages_precision(staff_app):
    """A median first response of 2 minutes reads 0.03 hours on the page and in the XLSX."""
    from datetime import datetime, time, timedelta

    app = staff_app()
    received = datetime.combine(today(), time(0, 1), fx.CST)
    fx.insert(app, [("QL-QUICK", received, "bureau", "health", "HK", None, "contacted", ["contacted"],
                     today() + timedelta(days=2), received + timedelta(minutes=2), None, None)], [], [], [])
    add_user(app, "wang", "viewer")
    staff = Staff(app, "wang", lang="zh")
    staff.login()
    html = staff.get("/staff/reports/monthly/").get_data(as_text=True)
    cell = re.search(r'<tr data-key="median_hours">.*?<td class="num" data-value="[^"]*">([^<]*)</td>', html,
                     re.S)
    assert cell.group(1) == "0.03"
    rows = xlsx_sheets(staff.get("/staff/reports/monthly/report.xlsx").get_data())["summary"][2]
    median = {SUMMARY[i]: row for i, row in enumerate(rows)}["median_hours"][1]
    assert close(median.value, Decimal(2) / 60, 6)
    assert median.number_format == "#,##0.00"  # 0.03, as on the page; "0.0" read 0.0
    shown = Decimal(str(median.value)).quantize(Decimal("0.01"))
    assert str(shown) == cell.group(1)
