"""What an attacker can put in front of staff: text an investor (or an unauthenticated login
attempt) typed that a spreadsheet would run as a formula, and filter values out of every range."""

import csv
import io

import openpyxl
import pytest

from .helpers import Staff
from .test_inbox import make_lead, signed_in

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE = {"company": HYPERLINK, "name": "+cmd|' /C calc'!A0", "wechat": "@SUM(1+1)*cmd|' /C calc'!A0",
           "email": "-2+3+cmd|' /C calc'!A0", "leader": "\t=1+1", "department": "\r=1+1"}
PHONE = "+8613800138000"  # a sign and digits run nothing: left as written, for staff to copy


def csv_cells(response):
    assert response.status_code == 200, response.status_code
    return [cell for row in csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))) for cell in row]


def unsafe(cells):
    return [cell for cell in cells if cell.startswith(FORMULA_START) and cell != PHONE]


@pytest.fixture
def hostile(staff_app):
    app = staff_app()
    make_lead(app, phone=PHONE, **HOSTILE)
    Staff(app).login(name=HYPERLINK, password="wrong")  # unauthenticated: a failed login
    return app


def test_leads_csv_shows_formula_like_text_as_text(hostile):
    cells = csv_cells(signed_in(hostile, "wang", "leader").get("/staff/leads/leads.csv"))
    assert unsafe(cells) == []
    for value in HOSTILE.values():
        assert "'" + value in cells
    assert PHONE in cells


def test_leads_xlsx_stores_formula_like_text_as_strings(hostile):
    response = signed_in(hostile, "wang", "leader").get("/staff/leads/leads.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = {cell.value for cell in cells if cell.data_type == "s"}
    # As typed (a string cell needs no apostrophe); XlsxWriter writes a CR as Excel's _x000D_.
    assert {v.replace("\r", "_x000D_") for v in HOSTILE.values()} <= values


def test_audit_csv_shows_a_failed_logins_user_name_as_text(hostile):
    cells = csv_cells(signed_in(hostile, "liu", "auditor").get("/staff/audit/audit.csv"))
    assert unsafe(cells) == []
    assert "'" + HYPERLINK in cells


LEADER_URLS = [
    "/staff/leads/?owner=99999999999999999999", "/staff/leads/?to=9999-12-31",
    "/staff/leads/?from=0001-01-01", "/staff/leads/?from=9999-12-31&to=0001-01-01",
    "/staff/leads/leads.csv?owner=99999999999999999999", "/staff/leads/leads.csv?to=9999-12-31",
    "/staff/leads/leads.xlsx?from=0001-01-01",
]


@pytest.mark.parametrize("url", LEADER_URLS)
def test_out_of_range_lead_filters_answer_400_with_the_inbox_saying_which(staff_app, url):
    app = staff_app()
    make_lead(app)
    response = signed_in(app, "wang", "leader").get(url)
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "was not applied" in page and 'role="alert"' in page
    assert "QL-2026-" in page  # the inbox, without the filter


@pytest.mark.parametrize("url", [
    "/staff/leads/?desk=" + "x" * 1000, "/staff/leads/?ref=" + "y" * 1000,
    "/staff/leads/?page=99999999999999999999", "/staff/leads/?from=2000-01-01&to=2100-12-31",
    "/staff/leads/leads.csv?desk=" + "x" * 1000, "/staff/leads/leads.xlsx?page=99999999999999999999",
    "/staff/reports/monthly/?month=2026-11",
])
def test_long_or_far_but_valid_filters_answer_200(staff_app, url):
    app = staff_app()
    make_lead(app)
    assert signed_in(app, "wang", "leader").get(url).status_code == 200


@pytest.mark.parametrize("month", ["9999-12", "99999999999999999999-01", "0001-01"])
def test_out_of_range_report_months_answer_400(staff_app, month):
    app = staff_app()
    assert signed_in(app, "wang", "leader").get(f"/staff/reports/monthly/?month={month}").status_code == 400


def test_an_audit_page_out_of_range_answers_400_with_the_newest_entries(staff_app):
    app = staff_app()
    auditor = signed_in(app, "liu", "auditor")
    response = auditor.get("/staff/audit/?before=99999999999999999999")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "does not exist" in page and 'role="alert"' in page
    for url in ("/staff/audit/audit.csv?before=99999999999999999999", "/staff/audit/?user=" + "z" * 1000):
        assert auditor.get(url).status_code == 200


def test_a_chinese_speaker_is_told_in_chinese(staff_app):
    app = staff_app()
    response = signed_in(app, "wang", "leader", lang="zh").get("/staff/leads/?to=9999-12-31")
    assert response.status_code == 400
    assert "“收到日期止”" in response.get_data(as_text=True)  # named as the filter form names it
