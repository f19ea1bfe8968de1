"""Amounts, numbers and dates as staff really type them: Chinese input methods, Excel, pasted text.

Each case writes one value into a copy of the fixture tree and loads it through the real loader:
either the value is read as meant, or it is refused with a message, in Chinese and English, that
quotes it and says why.
"""

from datetime import date
from decimal import Decimal

import pytest

from portal.content.store import load_content

from ..helpers import edit

TEA = "projects/tea-processing/index.zh.md"
POLICY = "policies/land-support/index.zh.md"
UNITS = "parks/materials-park/units.csv"
UNITS_HEADER = "编号,楼栋,楼层,面积㎡,层高m,承重kN/㎡,行车t,电力kVA,租金元/㎡/月,售价元/㎡,状态,可入驻日期\n"

# As typed -> (yuan, how pages and search read it).
AMOUNTS = {
    "3.5亿元": (Decimal("350000000"), "3.5亿元"),
    "２.８亿元": (Decimal("280000000"), "2.8亿元"),  # full-width digits (Chinese input method)
    "２．８亿元": (Decimal("280000000"), "2.8亿元"),  # full-width point too
    "2.8亿": (Decimal("280000000"), "2.8亿元"),  # 亿 without 元
    "8000万": (Decimal("80000000"), "8000万元"),
    "12,000万元": (Decimal("120000000"), "12000万元"),
    "１２，０００万元": (Decimal("120000000"), "12000万元"),  # full-width comma
    "1,234,567元": (Decimal("1234567"), "1234567元"),
    "1,234.5万元": (Decimal("12345000"), "1234.5万元"),
    " 3.5 亿元 ": (Decimal("350000000"), "3.5亿元"),  # pasted, with stray spaces
    "3.5\u3000亿元": (Decimal("350000000"), "3.5亿元"),  # an ideographic space
}
# As typed -> a part of the reason the Chinese and the English message must give.
REFUSED_AMOUNTS = {
    "2,8亿元": ("千位分隔符", "separates thousands"),  # would be a tenfold error if read as 28亿元
    "1,00万元": ("千位分隔符", "separates thousands"),
    "12,0000万元": ("千位分隔符", "separates thousands"),
    "35000": ("单位", "unit"),
    "三亿元": ("阿拉伯数字", "digits"),
    "亿元": ("数字加单位", "number and its unit"),
    "2 8亿元": ("空格", "space"),
    "-5万元": ("负数", "negative"),
}
DATES = {
    "2025-01-15": date(2025, 1, 15),
    "2025-1-15": date(2025, 1, 15),
    "2025/1/15": date(2025, 1, 15),  # Excel and WPS on Chinese Windows
    "2025.1.15": date(2025, 1, 15),
    "2025年1月15日": date(2025, 1, 15),
    "２０２５年１月１５日": date(2025, 1, 15),
    "２０２５／１／１５": date(2025, 1, 15),
    " 2025 年 1 月 15 日 ": date(2025, 1, 15),
    "2025/1/15 0:00": date(2025, 1, 15),  # a date cell that Excel gave a time
    "2024-02-29": date(2024, 2, 29),
}
REFUSED_DATES = {
    "2025-02-30": ("不存在：2025年2月没有30日", "does not exist: February 2025 has 28 days"),
    "2025/13/1": ("不存在", "does not exist"),
    "2025-04-31": ("2025年4月没有31日", "April 2025 has 30 days"),
    "2025-00-10": ("不存在", "does not exist"),
    "下个月": ("2027/1/15", "2027/1/15"),  # a non-date names the forms that work
    "2025/1-15": ("2027年1月15日", "2027年1月15日"),
    "15.1.2025": ("2027-01-15", "2027-01-15"),
}
NUMBERS = {
    "1,200": 1200,
    "１２００": 1200,
    "１，２００": 1200,
    " 1200 ": 1200,
    "80.5": 80.5,
}
REFUSED_NUMBERS = {
    "1,20": ("千位分隔符", "separates thousands"),
    "八十": ("不是数字", "not a number"),
    "80亩": ("不是数字", "not a number"),
}


def errors(problems):
    """The problems that keep a file from being published (warnings do not)."""
    return [p for p in problems if p.severity == "error"]


def load_with(root, rel, old, new):
    edit(root / rel, old, new)
    return load_content(root)


def refusal(problems, rel, field):
    found = [p for p in problems if p.path == rel and p.field == field]
    assert len(found) == 1, problems
    return found[0]


def assert_quotes(problem, typed, zh_reason, en_reason):
    """Both messages quote the value as the file has it, and give the reason."""
    assert f"“{typed}”" in problem.zh and zh_reason in problem.zh, problem.zh
    assert f"'{typed}'" in problem.en and en_reason in problem.en, problem.en
    assert problem.value == typed


@pytest.mark.parametrize("typed", list(AMOUNTS))
def test_amounts_are_read_as_meant(content_copy, typed):
    content, problems = load_with(content_copy, TEA, "total_investment: 3.5亿元",
                                  f'total_investment: "{typed}"')
    assert errors(problems) == []
    amount = content.get("projects", "tea-processing", "zh").total_investment
    assert (amount.yuan, amount.written) == AMOUNTS[typed]


@pytest.mark.parametrize("typed", list(REFUSED_AMOUNTS))
def test_amounts_that_cannot_be_read_surely_are_refused(content_copy, typed):
    content, problems = load_with(content_copy, TEA, "total_investment: 3.5亿元",
                                  f'total_investment: "{typed}"')
    assert ("projects", "tea-processing") not in content.bundles
    assert_quotes(refusal(problems, TEA, "total_investment"), typed, *REFUSED_AMOUNTS[typed])


def test_a_misplaced_comma_says_how_to_write_it(content_copy):
    _, problems = load_with(content_copy, TEA, "annual_output: 6亿元", "annual_output: 2,8亿元")
    problem = refusal(problems, TEA, "benefits.annual_output")
    assert "12,000万元" in problem.zh and "2.8亿元" in problem.zh
    assert "12,000万元" in problem.en and "2.8亿元" in problem.en


@pytest.mark.parametrize("typed", list(DATES))
def test_dates_are_read_in_the_forms_staff_write(content_copy, typed):
    content, problems = load_with(content_copy, TEA, "updated: 2026-10-12", f'updated: "{typed}"')
    assert errors(problems) == []
    assert content.get("projects", "tea-processing", "zh").updated == DATES[typed]


@pytest.mark.parametrize("typed", list(REFUSED_DATES))
def test_impossible_dates_are_called_impossible(content_copy, typed):
    content, problems = load_with(content_copy, TEA, "updated: 2026-10-12", f'updated: "{typed}"')
    assert ("projects", "tea-processing") not in content.bundles
    assert_quotes(refusal(problems, TEA, "updated"), typed, *REFUSED_DATES[typed])


@pytest.mark.parametrize("field", ["issued", "effective_from"])
def test_policy_dates_take_the_same_forms(content_copy, field):
    text = (content_copy / POLICY).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith(f"{field}:"))
    content, problems = load_with(content_copy, POLICY, old, f"{field}: 2025年1月5日")
    assert errors(problems) == []
    assert getattr(content.get("policies", "land-support", "zh"), field) == date(2025, 1, 5)
    _, problems = load_with(content_copy, POLICY, f"{field}: 2025年1月5日", f"{field}: 2025年2月29日")
    assert_quotes(refusal(problems, POLICY, field), "2025年2月29日", "2025年2月没有29日",
                  "February 2025 has 28 days")


@pytest.mark.parametrize("typed", list(NUMBERS))
def test_numbers_typed_as_text_are_read(content_copy, typed):
    content, problems = load_with(content_copy, TEA, "land_mu: 80", f'land_mu: "{typed}"')
    assert errors(problems) == []
    assert content.get("projects", "tea-processing", "zh").land_mu == NUMBERS[typed]


@pytest.mark.parametrize("typed", list(REFUSED_NUMBERS))
def test_numbers_that_are_not_are_refused(content_copy, typed):
    _, problems = load_with(content_copy, TEA, "land_mu: 80", f'land_mu: "{typed}"')
    assert_quotes(refusal(problems, TEA, "land_mu"), typed, *REFUSED_NUMBERS[typed])


def test_jobs_and_distances_typed_as_text(content_copy):
    edit(content_copy / TEA, "jobs: 450", 'jobs: "1,450"')
    park = content_copy / "parks/materials-park/index.zh.md"
    text = park.read_text(encoding="utf-8")
    km = next(line for line in text.splitlines() if "km:" in line)
    edit(park, km, km.split("km:")[0] + "km: １２.５}")
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    assert content.get("projects", "tea-processing", "zh").benefits.jobs == 1450
    assert content.get("parks", "materials-park", "zh").transport[0].km == 12.5


def write_units(root, rows, encoding="utf-8"):
    (root / UNITS).write_bytes((UNITS_HEADER + "".join(r + "\n" for r in rows)).encode(encoding))


def one_unit(content):
    park = content.get("parks", "materials-park", "zh")
    assert park is not None
    return park.units[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_units_csv_as_excel_saves_it(content_copy, encoding):
    # Excel quotes a cell that shows a thousands comma; WPS writes dates as 2027/1/15.
    write_units(content_copy, [
        'M1-101,1号厂房,１,"4,200",10,30,10,"1,600",１２,"3,000",空置,2027/1/15',
        "M1-102,1号厂房,1,800,8,20,,,12,,已预订,2027年1月15日",
    ], encoding)
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    first, second = content.get("parks", "materials-park", "zh").units
    assert (first.floor, first.area_m2, first.power_kva, first.rent, first.sale_price) == (
        1, 4200, 1600, 12, 3000)
    assert first.available_from == second.available_from == date(2027, 1, 15)


REFUSED_CELLS = {
    '"4,20"': ("面积㎡", "4,20", "千位分隔符", "separates thousands"),
    "一千二": ("面积㎡", "一千二", "不是数字", "not a number"),
    "2027-02-30": ("可入驻日期", "2027-02-30", "2027年2月没有30日", "February 2027 has 28 days"),
    "2027/13/1": ("可入驻日期", "2027/13/1", "不存在", "does not exist"),
}


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("cell", list(REFUSED_CELLS))
def test_units_csv_cells_that_are_refused(content_copy, cell, encoding):
    header, typed, zh, en = REFUSED_CELLS[cell]
    row = ["M1-101", "1号厂房", "1", "2400", "10", "30", "10", "1600", "12", "3000", "空置", ""]
    row[3 if header == "面积㎡" else 11] = cell
    write_units(content_copy, [",".join(row)], encoding)
    _, problems = load_content(content_copy)
    problem = refusal(problems, UNITS, header)
    assert problem.line == 2
    assert_quotes(problem, typed, zh, en)


def test_a_thousands_comma_without_quotes_shifts_the_row_and_is_explained(content_copy):
    write_units(content_copy, ["M1-101,1号厂房,1,4,200,10,30,10,1600,12,3000,空置,2027/1/15"])
    _, problems = load_content(content_copy)
    [problem] = [p for p in problems if p.path == UNITS]
    assert problem.line == 2
    assert "4,200" in problem.zh and "逗号" in problem.zh
    assert "4,200" in problem.en and "comma" in problem.en
