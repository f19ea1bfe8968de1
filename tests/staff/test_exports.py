"""CSV and XLSX exports of the inbox's current filter: the same columns and more (stage dates,
contract amount, funds in place), masked by the same rule as the pages, audited without
personal data."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest

from portal.db import transaction
from portal.db.schema import funds, lead_events

from .helpers import audit_rows
from .test_inbox import make_lead, signed_in

FULL = {"Name": "张伟", "E-mail": "zhang.wei@example.com", "Phone": "+8613800138000", "WeChat": "zhangwei88"}
MASKED = {"Name": "张*", "E-mail": "z***@example.com", "Phone": "+86 138****8000", "WeChat": "z***8"}


@pytest.fixture
def world(staff_app):
    app = staff_app()
    own = make_lead(app, status="started", contract_amount=Decimal(12000), signed_on=date(2026, 6, 1))
    with transaction(app) as connection:
        connection.execute(lead_events.insert().values(lead_id=own, at=datetime(2026, 5, 2, 1, 0, tzinfo=UTC),
                                                       kind="stage", old="new", new="contacted"))
        for amount in (Decimal(3000), Decimal("500.5")):
            connection.execute(funds.insert().values(lead_id=own, arrived_on=date(2026, 7, 1), amount=amount,
                                                     entered_at=datetime.now(UTC)))
    copied = make_lead(app, desk="bureau", copies=[{"desk": "agri-team", "reason": "language"}])
    make_lead(app, desk="materials-team")
    return app, own, copied


def read_csv(response):
    data = response.get_data()
    assert data.startswith("\ufeff".encode())  # Excel on Windows reads UTF-8 with the BOM
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response):
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


READERS = {"csv": read_csv, "xlsx": read_xlsx}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_desk_staff_export_their_own_leads_in_full_and_copied_ones_masked(world, kind):
    app, own, copied = world
    li = signed_in(app, "li", "desk", desk="agri-team")
    response = li.get(f"/staff/leads/leads.{kind}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = {row["Reference"]: row for row in READERS[kind](response)}
    assert sorted(rows) == [f"QL-2026-{own:06d}", f"QL-2026-{copied:06d}"]
    mine, theirs = rows[f"QL-2026-{own:06d}"], rows[f"QL-2026-{copied:06d}"]
    assert {k: mine[k] for k in FULL} == FULL
    assert {k: theirs[k] for k in MASKED} == MASKED
    assert audit_rows(app, "lead.contacts-viewed")[0].object == f"QL-2026-{own:06d}"
    assert len(audit_rows(app, "lead.contacts-viewed")) == 1
    [exported] = audit_rows(app, "lead.exported")
    assert exported.detail == {"filter": {}, "rows": 2, "format": kind}
    assert "张伟" not in str(exported.detail)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_leader_exports_every_lead_in_full_with_stage_dates_contract_and_funds(world, kind):
    app, own, _ = world
    boss = signed_in(app, "boss", "leader")
    rows = READERS[kind](boss.get(f"/staff/leads/leads.{kind}"))
    assert len(rows) == 3
    assert all(row["Name"] == "张伟" for row in rows)
    row = next(r for r in rows if r["Reference"] == f"QL-2026-{own:06d}")
    assert row["Contacted on"] == "2026-05-02 09:00"
    amount, total = row["Contract amount (10,000 yuan)"], row["Funds in place (10,000 yuan)"]
    assert Decimal(str(amount)) == Decimal(12000) and Decimal(str(total)) == Decimal("3500.5")
    signed = row["Date of signing"]
    assert (signed.date() if isinstance(signed, datetime) else date.fromisoformat(signed)) == date(2026, 6, 1)
    assert row["Stage"] == "Construction started"
    assert len(audit_rows(app, "lead.contacts-viewed")) == 3


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_follows_the_inbox_filter(world, kind):
    app, own, _ = world
    boss = signed_in(app, "boss", "leader")
    rows = READERS[kind](boss.get(f"/staff/leads/leads.{kind}?desk=agri-team&stage=started"))
    assert [r["Reference"] for r in rows] == [f"QL-2026-{own:06d}"]
    assert audit_rows(app, "lead.exported")[0].detail["filter"] == {"desk": "agri-team", "stage": "started"}


def test_roles_without_leads_export_cannot_download(world):
    app, _, _ = world
    viewer = signed_in(app, "viewer1", "viewer")
    assert viewer.get("/staff/leads/leads.csv").status_code == 403
    assert viewer.get("/staff/leads/leads.xlsx").status_code == 403


def test_a_chinese_speaker_gets_desk_and_stage_names_in_chinese(world):
    app, _, _ = world
    boss = signed_in(app, "boss", "leader", lang="zh")
    [row] = read_csv(boss.get("/staff/leads/leads.csv?desk=materials-team"))
    assert list(row.values())[7] == "新材料招商小分队"


def read_xlsx_cells(response):
    """``[{heading: openpyxl cell}]``: the values with their number formats."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows())
    return [{head.value: cell for head, cell in zip(rows[0], row, strict=True)} for row in rows[1:]]


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", {"产业": "新农业", "国家或地区": "广东", "责任领导": "李副县长", "责任部门": "县发展改革局"}),
    ("en", {"Industry": "Modern agriculture", "Country or region": "Guangdong",
            "Responsible leader": "李副县长", "Responsible department": "县发展改革局"}),
])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports_name_industry_and_region_as_the_page_does_with_the_responsible_leader(
        staff_app, lang, expected, kind):
    app = staff_app()
    make_lead(app, industry="agriculture", region="CN-GD", leader="李副县长", department="县发展改革局",
              status="signed", contract_amount=Decimal("28000.5"), signed_on=date(2026, 6, 1))
    make_lead(app, industry=None, region="OTHER")
    boss = signed_in(app, "boss", "leader", lang=lang)
    rows = READERS[kind](boss.get(f"/staff/leads/leads.{kind}"))
    signed = next(r for r in rows if r[list(expected)[2]])
    for heading, value in expected.items():
        assert signed[heading] == value, (heading, signed)
    other = next(r for r in rows if r is not signed)
    region = "国家或地区" if lang == "zh" else "Country or region"
    assert other[region] == ("其他国家或地区" if lang == "zh" else "Another country or region")
    assert not other[list(expected)[0]] and not other[list(expected)[2]]
    codes = {"agriculture", "CN-GD", "OTHER"}
    assert not codes & {str(v) for r in rows for v in r.values()}


def test_xlsx_amounts_are_numbers_in_wan_to_two_places(world):
    app, own, _ = world
    boss = signed_in(app, "boss", "leader")
    rows = read_xlsx_cells(boss.get("/staff/leads/leads.xlsx"))
    row = next(r for r in rows if r["Reference"].value == f"QL-2026-{own:06d}")
    contract, funds_in = row["Contract amount (10,000 yuan)"], row["Funds in place (10,000 yuan)"]
    assert (contract.value, funds_in.value) == (12000, 3500.5)
    assert contract.number_format == funds_in.number_format == "#,##0.00"
