"""A park's units.csv as a grid in the browser, through the app and HTTP: rows added, duplicated
and deleted without JavaScript, problems at their cells in portal check's words, a draft saved as
a revision (the file on disk untouched until publish), imports from GB18030 CSV and .xlsx shown as
a dry run, export to .xlsx, and the table published through review like any other edit."""

import io
import re

import openpyxl

from portal.editor import revisions

from .people import changed, form_of, send, text

PARK = "/staff/content/parks/materials-park/"
GRID = PARK + "units"
CSV = "parks/materials-park/units.csv"
HEADER = ("编号,楼栋,楼层,面积㎡,层高m,承重kN/㎡,行车t,电力kVA,租金元/㎡/月,售价元/㎡,状态,可入驻日期,"
          "照片,适用政策")


def grid_form(html):
    """The grid form's inputs as the browser sends them back (the edit form's reader)."""
    return form_of(html.replace('id="units-form"', 'id="editor-form"', 1))


def grid(staff):
    response = staff.get(GRID)
    assert response.status_code == 200, response.status_code
    return text(response)


def rows_in(html):
    return len(set(re.findall(r'name="units\.(\d+)\.id"', html)))


def cell(data, row, key, value):
    return changed(data, f"units.{row}.{key}", value)


def upload(staff, url, data, filename):
    return staff.client.post(url, data={"csrf_token": staff.token, "file": (io.BytesIO(data), filename)},
                             environ_base=staff.environ, content_type="multipart/form-data")


def counts(html):
    return {name: int(n) for name, n in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def saved_units(app, slug="materials-park"):
    with app.app_context():
        return revisions.current("parks", slug).files["units.csv"]


def test_rows_are_added_duplicated_and_deleted_without_saving_and_a_draft_keeps_the_file(newsroom):
    app, content, people = newsroom
    author = people["author"]
    before = (content / CSV).read_bytes()
    html = grid(author)
    assert rows_in(html) == 4 and 'value="M1-101"' in html and 'value="2号厂房"' in html
    added = send(author, GRID, [*grid_form(html), ("action", "add")])
    assert added.status_code == 200 and rows_in(text(added)) == 5
    data = grid_form(text(added))
    for key, value in (("id", "M3-101"), ("building", " 3号厂房 "), ("floor", "１"), ("area_m2", "八百"),
                       ("status", "出租中")):
        data = cell(data, 4, key, value)
    shown = send(author, GRID, [*data, ("action", "dup:4")])
    html = text(shown)
    assert rows_in(html) == 6
    assert "“八百”不是数字，请只写阿拉伯数字，如 4.2" in html  # portal check's words, at the cell
    assert "“出租中”不是允许的取值" in html
    assert re.search(r'id="u-4-3-error"', html)  # row 4, the area column
    data = cell(cell(grid_form(html), 4, "area_m2", "4,200"), 4, "status", "空置")
    deleted = send(author, GRID, [*data, ("action", "del:5")])  # the duplicate goes again
    assert rows_in(text(deleted)) == 5 and "八百" not in text(deleted)
    saved = send(author, GRID, [*grid_form(text(deleted)), ("action", "save")])
    assert saved.status_code == 302
    assert (content / CSV).read_bytes() == before  # nothing reaches content/ before publish
    stored = saved_units(app)
    assert stored.splitlines()[0] == HEADER  # the file's own header, in its order
    assert stored.splitlines()[-1] == 'M3-101, 3号厂房 ,１,"4,200",,,,,,,空置,,,'  # cells as typed
    assert 'value="M3-101"' in grid(author)  # the grid opens from the draft now
    with app.app_context():
        current = revisions.current("parks", "materials-park")
    assert current.kind == "save" and current.state == "draft"
    assert set(current.base) >= {"index.zh.md", "units.csv"} and current.base["units.csv"]


def test_only_writers_change_the_grid_and_a_desk_officer_cannot_open_it(newsroom):
    _app, _content, people = newsroom
    reviewer = people["reviewer"]
    html = grid(reviewer)
    assert 'value="save"' not in html  # no save button without content.write
    assert send(reviewer, GRID, [*grid_form(html), ("action", "save")]).status_code == 403
    assert people["desk"].get(GRID).status_code == 403
    assert people["author"].get("/staff/content/parks/no-such-park/units").status_code == 404


def test_a_gb18030_csv_import_is_a_dry_run_with_counts_then_saved(newsroom):
    app, content, people = newsroom
    author = people["author"]
    grid(author)
    wps = (f"{HEADER}\r\n"
           "M1-101,1号厂房,1,2400,10,30,10,1600,12,3000,空置,,photo-1.jpg,land-support\r\n"
           "M1-201,1号厂房,2,１２００,5,8,0,400,11,2600,已出租,,,\r\n"  # rent changed, full-width area
           "M2-101,2号厂房,1,800,8,20,5,630,12,,空置,2026-12-01,,\r\n"
           "M5-101, 5号厂房 ,1,3000,9,25,,,,,已预订,2027-03-01,,\r\n").encode("gb18030")
    shown = upload(author, GRID + "/import", wps, "厂房表.csv")
    assert shown.status_code == 200
    html = text(shown)
    assert counts(html) == {"added": 1, "changed": 1, "removed": 1}  # M5-101 in, M1-201 changed, M2-201 out
    assert 'value="M5-101"' in html and 'value="１２００"' in html
    assert (content / CSV).read_text(encoding="utf-8").count("M2-201") == 1  # a dry run
    saved = send(author, GRID, [*grid_form(html), ("action", "save")])
    assert saved.status_code == 302
    stored = saved_units(app)
    assert "M5-101" in stored and "M2-201" not in stored
    refused = upload(author, GRID + "/import", b"<html><body>not a table</body></html>", "units.xls")
    assert refused.status_code == 422
    assert "只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）" in text(refused)


def test_an_xlsx_import_with_a_title_row_and_the_export_opens_in_openpyxl(newsroom):
    app, _content, people = newsroom
    author = people["author"]
    exported = author.get(GRID.removesuffix("units") + "units.xlsx")
    assert exported.status_code == 200
    assert exported.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(exported.data)).worksheets[0]
    rows = [[("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER.split(",")
    assert [r[0] for r in rows[1:]] == ["M1-101", "M1-201", "M2-101", "M2-201"]
    assert rows[1][3] == 2400 and rows[4][11] == "2027-01-15"  # a plain number stays a number

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["青岚新材料产业园标准厂房一览表"])  # a title above the header, as offices make them
    ws.append(HEADER.split(","))
    ws.append(["M1-101", "1号厂房", 1, 2400, 10, 30, 10, 1600, 12, 3000, "空置", None, "photo-1.jpg",
               "land-support"])
    ws.append(["M6-101", "6号厂房", 1, 1800.0, 8, None, None, None, 9.5, None, "空置"])
    out = io.BytesIO()
    book.save(out)
    grid(author)
    shown = upload(author, GRID + "/import", out.getvalue(), "园区厂房.xlsx")
    assert shown.status_code == 200
    html = text(shown)
    assert counts(html) == {"added": 1, "changed": 0, "removed": 3}
    assert 'value="M6-101"' in html and 'value="1800"' in html and 'value="9.5"' in html
    assert send(author, GRID, [*grid_form(html), ("action", "save")]).status_code == 302
    assert saved_units(app).splitlines()[2].startswith("M6-101,6号厂房,1,1800,8,,,,9.5,,空置")


def test_a_saved_grid_goes_through_review_and_the_park_page_shows_the_new_unit(newsroom):
    app, content, people = newsroom
    author = people["author"]
    data = grid_form(grid(author))
    data = grid_form(text(send(author, GRID, [*data, ("action", "add")])))
    for key, value in (("id", "M7-101"), ("building", "7号厂房"), ("floor", "1"), ("area_m2", "2600"),
                       ("status", "空置")):
        data = cell(data, 4, key, value)
    assert send(author, GRID, [*data, ("action", "save")]).status_code == 302
    submitted = send(author, PARK + "submit", form_of(text(author.get(PARK))))
    assert submitted.status_code == 302
    for name, comment in (("reviewer", "同意"), ("reviewer2", "同意发布")):
        people[name].get(PARK)
        approved = send(people[name], PARK + "review", [("action", "approve"), ("comment", comment)])
        assert approved.status_code == 302
    people["publisher"].get(PARK)
    assert send(people["publisher"], PARK + "publish", []).status_code == 302
    assert "M7-101,7号厂房" in (content / CSV).read_text(encoding="utf-8")
    page = app.test_client().get("/zh/parks/materials-park/")
    assert 'id="unit-M7-101"' in text(page)
