"""units.csv as a grid: the file round-trips as a person keeps it, the form's rows and row
buttons, per-cell problems in ``portal check``'s words, imports from Excel and WPS, the export."""

import io
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from portal.content.problems import ContentError
from portal.content.site import Taxonomy, load_yaml_model
from portal.content.units import Unit, decode, read_units
from portal.editor import units_files, units_grid
from portal.editor.units_files import ImportRefused, export_xlsx, import_file
from portal.editor.units_grid import (
    COLUMNS,
    cell_problems,
    csv_from_rows,
    csv_style,
    default_header,
    grid_columns,
    header_from_form,
    rows_from_csv,
    rows_from_form,
)

from ..conftest import FIXTURE_CONTENT, SAMPLE_CONTENT
from ..helpers import Page

REAL_FILES = sorted([*SAMPLE_CONTENT.glob("parks/*/units.csv"), *FIXTURE_CONTENT.glob("parks/*/units.csv")])
PARK = FIXTURE_CONTENT / "parks" / "materials-park"  # has photo-1.jpg
MISTYPED = ("未知列名“状太”，是否应为 状态？", "unknown column '状太': did you mean 状态?")
HEADER = ["编号", "楼栋", "楼层", "面积㎡", "状态", "可入驻日期", "照片"]


@pytest.fixture(scope="module")
def taxonomy():
    return load_yaml_model(FIXTURE_CONTENT, "taxonomy.yaml", Taxonomy).as_context()


def good_row(**cells):
    return {"id": "M3-101", "building": "3号厂房", "floor": "1", "area_m2": "2400", "status": "空置",
            **cells}


# --- columns ------------------------------------------------------------------------------------


def test_columns_are_the_unit_model_typed():
    by_key = {column.key: column for column in COLUMNS}
    assert list(by_key) == [name for name in Unit.model_fields if name != "park"]
    assert (by_key["floor"].kind, by_key["floor"].integer) == ("number", True)
    assert (by_key["area_m2"].kind, by_key["area_m2"].integer) == ("number", False)
    assert by_key["rent"].kind == "number"  # Optional[Annotated[float, Number, …]]
    assert (by_key["status"].kind, by_key["status"].vocabulary) == ("select", "unit_statuses")
    assert by_key["available_from"].kind == "date"
    assert by_key["id"].kind == by_key["photos"].kind == "text"
    assert (by_key["area_m2"].zh, by_key["area_m2"].en) == ("面积㎡", "area_m2")
    assert [c.key for c in COLUMNS if c.required] == ["id", "building", "floor", "area_m2", "status"]


# --- the file -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: f"{p.parent.parent.parent.name}/{p.parent.name}")
def test_every_real_units_csv_round_trips(path):
    raw = path.read_bytes()
    text = decode(raw)
    header, rows = rows_from_csv(text)
    written = csv_from_rows(header, rows, **csv_style(raw))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        # GB18030 as Excel on Chinese Windows saves it: the editor writes UTF-8, with a BOM so
        # that Excel still reads the Chinese; the text and its CRLF line ends are unchanged.
        assert written == "\ufeff" + text and "\r\n" in written
        assert written.encode("utf-8").startswith(b"\xef\xbb\xbf")
    else:
        assert written.encode("utf-8") == raw


def test_round_trip_keeps_english_headers_order_and_cells_as_typed():
    text = "id,status,building,floor,area_m2\r\nA-1,vacant,Ａ栋 ,１,\"4,200\"\r\n"
    header, rows = rows_from_csv(text)
    assert header == ["id", "status", "building", "floor", "area_m2"]
    assert rows == [{"id": "A-1", "status": "vacant", "building": "Ａ栋 ", "floor": "１",
                     "area_m2": "4,200"}]
    assert csv_from_rows(header, rows, newline="\r\n") == text


def test_a_shifted_row_keeps_its_extra_cells():
    text = "编号,楼栋,楼层,面积㎡,状态\nA-1,A栋,1,4,200,空置\n"
    header, rows = rows_from_csv(text)
    assert (rows[0]["area_m2"], rows[0]["status"]) == ("4", "200")
    assert rows[0]["+5"] == "空置"
    assert csv_from_rows(header, rows) == text
    rows[0]["+5"] = ""  # emptied in the grid: the row is as wide as the header again
    assert csv_from_rows(header, rows) == "编号,楼栋,楼层,面积㎡,状态\nA-1,A栋,1,4,200\n"


def test_new_file_uses_chinese_headers_drops_blank_rows_and_defuses_formulas():
    rows = [good_row(building="=HYPERLINK(\"http://x\",\"点我\")"), {"id": " ", "floor": ""}, {}]
    text = csv_from_rows(default_header(), rows)
    lines = text.splitlines()
    assert lines[0] == ("编号,楼栋,楼栋英文,楼层,面积㎡,层高m,承重kN/㎡,行车t,电力kVA,租金元/㎡/月,售价元/㎡,"
                        "状态,可入驻日期,照片,适用政策")
    assert len(lines) == 2
    assert "'=HYPERLINK" in lines[1]
    assert rows_from_csv("") == (default_header(), [])


def test_style_of_a_file_as_saved():
    assert csv_style(None) == {"newline": "\n", "bom": False}
    assert csv_style("编号\r\nA\r\n".encode("gb18030")) == {"newline": "\r\n", "bom": True}
    assert csv_style("\ufeff编号\nA\n".encode()) == {"newline": "\n", "bom": True}
    assert csv_style("编号\nA\n".encode()) == {"newline": "\n", "bom": False}


# --- the form -----------------------------------------------------------------------------------


def form(*pairs, action=None):
    data = MultiDict(pairs)
    if action:
        data.add("action", action)
    return data


POSTED = [("units.0.id", "A-101"), ("units.0.building", "A栋"), ("units.1.id", "A-102"),
          ("units.1.building", "A栋 "), ("units.2.id", "B-101"), ("csrf_token", "x"),
          ("units.header.0", "编号"), ("units.header.1", "楼栋")]


def test_rows_from_form_as_posted():
    assert rows_from_form(form(*POSTED)) == [
        {"id": "A-101", "building": "A栋"}, {"id": "A-102", "building": "A栋 "}, {"id": "B-101"},
    ]
    assert rows_from_form(form(*POSTED, action="save")) == rows_from_form(form(*POSTED))


def test_row_actions():
    assert rows_from_form(form(*POSTED, action="add"))[-1] == {}
    assert len(rows_from_form(form(*POSTED, action="add"))) == 4
    duplicated = rows_from_form(form(*POSTED, action="dup:0"))
    assert [row["id"] for row in duplicated] == ["A-101", "A-101", "A-102", "B-101"]
    duplicated[1]["id"] = "A-103"
    assert duplicated[0]["id"] == "A-101"  # a copy, not the same dict
    assert [row["id"] for row in rows_from_form(form(*POSTED, action="del:1"))] == ["A-101", "B-101"]
    for stale in ("del:3", "dup:9", "del:-1", "del:x", "add:2"):
        assert len(rows_from_form(form(*POSTED, action=stale))) == 3, stale


def test_header_from_form():
    assert header_from_form(form(*POSTED), ["x"]) == ["编号", "楼栋"]
    assert header_from_form(form(("units.0.id", "A")), ["x"]) == ["x"]


# --- the checks ---------------------------------------------------------------------------------


def test_good_rows_have_no_problems(taxonomy):
    rows = [good_row(photos="photo-1.jpg"), good_row(id="M3-102", area_m2="２，４００", floor="１")]
    assert cell_problems(rows, "materials-park", taxonomy, PARK) == {}


def test_problems_at_their_cells_in_portal_checks_words(taxonomy):
    rows = [
        good_row(),
        good_row(id="M3-102", floor="二楼", status="出租中"),
        {},  # an added row not filled in: skipped, as portal check skips it
        good_row(area_m2=" 2400 "),  # M3-101 again
        good_row(id="M3-104", photos="cover.png"),
        good_row(id="M3-105", available_from="2027-02-30"),
    ]
    found = cell_problems(rows, "materials-park", taxonomy, PARK)
    assert set(found) == {(1, "floor"), (1, "status"), (3, "id"), (4, "photos"), (5, "available_from")}
    assert found[(1, "status")][0] == "“出租中”不是允许的取值：空置、已预订、已出租"
    assert found[(3, "id")] == ("编号 M3-101 重复", "duplicate id M3-101")
    assert "2月没有30日" in found[(5, "available_from")][0]
    assert "cover.png" in found[(4, "photos")][0] and "no photo" in found[(4, "photos")][1]
    # The same words as portal check: read_units on the same file.
    same = {(p.line, p.field): (p.zh, p.en) for p in check_directly(rows, taxonomy)}
    assert same[(3, "楼层")] == found[(1, "floor")]


def check_directly(rows, taxonomy):
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "units.csv"
        path.write_text(units_grid.write_csv(default_header(), rows), encoding="utf-8")
        with pytest.raises(ContentError) as error:
            read_units(path, "parks/x/units.csv", "x", taxonomy)
        return error.value.problems


def test_photo_checks_use_the_parks_folder(taxonomy, tmp_path):
    rows = [good_row(photos="photo-1.jpg；photo-1.jpg")]
    assert cell_problems(rows, "materials-park", taxonomy, PARK) == {}
    found = cell_problems(rows, "new-park", taxonomy, tmp_path)  # a folder without the photo
    assert "photo-1.jpg" in found[(0, "photos")][0]
    found = cell_problems([good_row(photos="../materials-park/photo-1.jpg")], "x", taxonomy, PARK)
    assert "不要写路径" in found[(0, "photos")][0]


def test_header_and_row_problems(taxonomy):
    header = ["编号", "楼栋", "楼层", "面积㎡", "状太"]
    found = cell_problems([{"id": "A", "building": "A栋", "floor": "1", "area_m2": "1", "状太": "空置"}],
                          "x", taxonomy, None, header=header)
    assert found == {(None, "状太"): MISTYPED}
    header, rows = rows_from_csv("编号,楼栋,楼层,面积㎡,状态\nA-1,A栋,1,4,200,空置\n")
    found = cell_problems(rows, "x", taxonomy, None, header=header)
    assert list(found) == [(0, None)] and "多出 1 格" in found[(0, None)][0]


# --- import -------------------------------------------------------------------------------------


def xlsx_bytes(write):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    write(book, book.add_worksheet("厂房"))
    book.close()
    return out.getvalue()


def test_import_xlsx_with_a_title_row_a_date_cell_and_chinese_headers(taxonomy):
    def write(book, sheet):
        sheet.merge_range(0, 0, 0, 5, "富硒产业园标准厂房一览表（2026年12月）")
        sheet.write_row(1, 0, ["编号", "楼栋", "楼层", "面积㎡", "状态", "可入驻日期", "层高m", None])
        sheet.write_row(2, 0, ["M3-101", "3号厂房", 1, 2400.0, "空置"])
        sheet.write_datetime(2, 5, datetime(2027, 1, 15), book.add_format({"num_format": "yyyy/m/d"}))
        sheet.write_number(2, 6, 7.5)
        sheet.write_row(3, 0, ["M3-201", "3号厂房", 2, "２４００", "已预订", None, 4.5])
        sheet.write_row(5, 0, [None, None, None, None, None])  # a formatted empty row

    rows = import_file(xlsx_bytes(write), "园区厂房.xlsx")
    assert rows == [
        {"id": "M3-101", "building": "3号厂房", "floor": "1", "area_m2": "2400", "status": "空置",
         "available_from": "2027-01-15", "height_m": "7.5"},
        {"id": "M3-201", "building": "3号厂房", "floor": "2", "area_m2": "２４００", "status": "已预订",
         "available_from": "", "height_m": "4.5"},
    ]
    assert cell_problems(rows, "x", taxonomy, None) == {}


def test_import_gb18030_csv_with_crlf_and_full_width_digits(taxonomy):
    raw = ("编号,楼栋,楼层,面积㎡,状态,租金元/㎡/月\r\n"
           "A-101,Ａ栋,１,２４００,空置,１２\r\n,,,,,\r\n").encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = import_file(raw, "厂房.CSV")
    assert rows == [{"id": "A-101", "building": "Ａ栋", "floor": "１", "area_m2": "２４００",
                     "status": "空置", "rent": "１２"}]
    assert cell_problems(rows, "x", taxonomy, None) == {}


def test_import_wps_csv_with_bom():
    raw = "\ufeffid,building,floor,area_m2,status\nB-1,B栋,1,800,已出租\n".encode()
    assert import_file(raw, "units.csv") == [
        {"id": "B-1", "building": "B栋", "floor": "1", "area_m2": "800", "status": "已出租"}]


@pytest.mark.parametrize("data, name, words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "units.xls", "另存为"),
    (b"<html><script>alert(1)</script></html>", "units.xlsx", "只能导入"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 100, "photo.jpg", "只能导入"),
    (xlsx_bytes(lambda book, sheet: sheet.write(0, 0, "x")), "units.csv", "只能导入"),
    ("编号,楼栋\n".encode("utf-16"), "units.csv", "无法识别文件编码"),
    (b"PK\x03\x04not really a zip", "units.xlsx", "无法打开"),
])
def test_import_refuses_other_files(data, name, words):
    with pytest.raises(ImportRefused) as refused:
        import_file(data, name)
    assert words in refused.value.problems[0][0]
    assert refused.value.problems[0][1]  # and says it in English


def test_import_refuses_a_header_portal_check_would_refuse():
    with pytest.raises(ImportRefused) as refused:
        import_file("编号,楼栋,楼层,面积,状太\nA,A栋,1,1,空置\n".encode(), "u.csv")
    assert MISTYPED in refused.value.problems
    with pytest.raises(ImportRefused, match="no header row"):
        import_file("说明\n这是厂房表\n".encode(), "u.csv")


def test_import_refuses_a_zip_bomb_before_inflating():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (units_files.MAX_UNZIPPED_BYTES + 1))
    with pytest.raises(ImportRefused, match="too large"):
        import_file(out.getvalue(), "units.xlsx")


# --- export -------------------------------------------------------------------------------------


def test_export_xlsx_strings_and_numbers_never_formulas():
    rows = [good_row(building="=1+1", area_m2="2400", height_m="7.5", rent="4,200",
                     available_from="2027-01-15"), {}]
    data = export_xlsx(default_header(), rows)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]  # not data_only: formulas show
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert sheet.max_row == 2
    assert (cells["楼栋"].value, cells["楼栋"].data_type) == ("=1+1", "s")
    assert cells["面积㎡"].value == 2400 and cells["面积㎡"].data_type == "n"
    assert cells["层高m"].value == 7.5
    assert (cells["租金元/㎡/月"].value, cells["租金元/㎡/月"].data_type) == ("4,200", "s")
    assert (cells["可入驻日期"].value, cells["可入驻日期"].data_type) == ("2027-01-15", "s")


@pytest.mark.parametrize("path", REAL_FILES[:2], ids=lambda p: p.parent.name)
def test_export_then_import_gives_the_same_rows(path):
    header, rows = rows_from_csv(decode(path.read_bytes()))
    back = import_file(export_xlsx(header, rows), "units.xlsx")
    assert [{k: v for k, v in row.items() if v} for row in back] == [
        {k: v for k, v in row.items() if v} for row in rows]


# --- the template -------------------------------------------------------------------------------


def render(app, lang, header, rows, problems, taxonomy):
    with app.test_request_context(), force_locale(lang):
        grid = app.jinja_env.get_template("staff/editor/units_grid.html").module.grid
        return Page(str(grid(grid_columns(header, taxonomy, rows), rows, problems, lang)))


def test_grid_renders_typed_inputs_errors_and_row_buttons(app, taxonomy):
    rows = [good_row(status="leased", available_from="2027/1/15"), good_row(id="M3-102", status="出租中")]
    problems = {(1, "status"): ("“出租中”不是允许的取值：空置、已预订、已出租",
                                "'出租中' is not one of: 空置、已预订、已出租"),
                (None, None): ("缺少必需的列“状态”", "required column 'status' is missing")}
    page = render(app, "zh", HEADER, rows, problems, taxonomy)
    assert page.find_all("div", **{"class": "table-scroll", "role": "region", "tabindex": "0"})
    assert "标准" in page.text or "units.csv" in page.find_all("caption")[0].text
    floor = page.find_all("input", name="units.0.floor")[0]
    assert floor.attrs["inputmode"] == "numeric" and floor.attrs["value"] == "1"
    assert page.find_all("input", name="units.0.area_m2")[0].attrs["inputmode"] == "decimal"
    assert page.find_all("input", name="units.0.available_from")[0].attrs["value"] == "2027/1/15"
    assert page.find_all("input", name="units.header.3")[0].attrs["value"] == "面积㎡"
    # A select keeps what the file writes: the key in row 0, the unknown value in row 1.
    first = [e for e in page.elements if e.tag == "option" and "selected" in e.attrs]
    assert [(e.attrs["value"], e.text) for e in first] == [
        ("leased", "已出租 / Leased"), ("出租中", "出租中")]
    status = page.find_all("select", name="units.1.status")[0]
    error = page.find_all("p", id=status.attrs["aria-describedby"])[0]
    assert error.text.startswith("“出租中”不是允许的取值") and status.attrs["aria-invalid"] == "true"
    assert "aria-describedby" not in page.find_all("select", name="units.0.status")[0].attrs
    assert "缺少必需的列“状态”" in page.text
    labelled = page.find_all("input", name="units.1.id")[0].attrs["aria-labelledby"].split()
    assert [page.find_all("th", id=i)[0].text for i in labelled][0].startswith("编号")
    assert {e.attrs["value"] for e in page.find_all("button", name="action")} == {
        "dup:0", "del:0", "dup:1", "del:1", "add"}


def test_grid_in_english_shows_english_problems_and_keeps_an_extra_cell(app, taxonomy):
    header, rows = rows_from_csv("编号,楼栋,楼层,面积㎡,状态\nA-1,A栋,1,4,200,空置\n")
    problems = cell_problems(rows, "x", taxonomy, None, header=header)
    page = render(app, "en", header, rows, problems, taxonomy)
    extra = page.find_all("input", name="units.0.+5")[0]
    assert extra.attrs["value"] == "空置"
    assert page.find_all("th", id=extra.attrs["aria-labelledby"].split()[0])[0].text == "Extra cell 6"
    assert "more cell(s) than the header" in page.text and "多出" not in page.text


def test_grid_escapes_what_was_typed(app, taxonomy):
    rows = [good_row(building='"><b id="x">A栋', status='"><i>')]
    page = render(app, "zh", HEADER, rows, {}, taxonomy)
    assert not page.find_all("b") and not page.find_all("i")
    assert page.find_all("input", name="units.0.building")[0].attrs["value"] == '"><b id="x">A栋'


def test_excel_values_as_the_csv_holds_them():
    cell_text = units_files.cell_text
    assert [cell_text(v) for v in (2400.0, 2400, 7.5, 0.1, None, "已出租 ", True)] == [
        "2400", "2400", "7.5", "0.1", "", "已出租 ", "true"]
    assert cell_text(datetime(2027, 1, 15)) == "2027-01-15"
    assert cell_text(datetime(2027, 1, 15).date()) == "2027-01-15"
    assert cell_text(datetime(2027, 1, 15, 9, 30)) == "2027-01-15 09:30"  # refused later: not a date
