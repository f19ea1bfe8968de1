"""``portal check`` says what the publisher does: one bad cell in a published park's units.csv
is one error, the park keeps its last good version and what names it is fine. One mistyped
field is one problem. A desk or park may be named by its Chinese name, as taxonomy terms are.

Run as a person runs ``make check``: ``portal check`` in a process of its own, with the
site's content and instance folders in its environment, on a units.csv saved as Excel saves it
for Chinese Windows (GB18030 without a BOM, CRLF line ends).
"""

import os
import re
import subprocess
import sys

from portal.cli import main
from portal.content.store import load_content

from ..helpers import edit, page

UNITS = "parks/agri-park/units.csv"
TEA = "projects/tea-processing/index.zh.md"
PORTAL = os.path.join(os.path.dirname(sys.executable), "portal")
PROBLEM = re.compile(r"^\S+/\S+(:\d+)? \[")  # "parks/x/units.csv:2 [面积㎡] …": one problem a line


def save_as_excel(path, old, new):
    """Change one cell of a GB18030 units.csv and save it as Excel does (no BOM, CRLF)."""
    text = path.read_bytes().decode("gb18030").replace("\r\n", "\n")
    assert text.count(old) == 1, old
    raw = text.replace(old, new).replace("\n", "\r\n").encode("gb18030")
    path.write_bytes(raw)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise AssertionError("not a GB18030 file any more")


def portal_check(app):
    """``make check`` for the site of ``app``: its content folder and its instance folder."""
    env = {**os.environ, "PORTAL_CONTENT_DIR": app.config["CONTENT_DIR"],
           "PORTAL_INSTANCE_DIR": app.instance_path}
    return subprocess.run([PORTAL, "check"], env=env, capture_output=True, text=True, timeout=120)


def units_row(client, unit):
    """The text of ``unit``'s row in the park page's units table."""
    rows = [r.text for r in page(client.get("/zh/parks/agri-park/")).find_all("tr") if unit in r.text]
    assert rows, f"{unit} not on the park page"
    return rows[0]


def test_one_bad_cell_in_a_published_park_is_one_error_and_the_park_stays(content_copy, make_app):
    app = make_app(content_copy)  # the site is published: the park and its units are online
    client = app.test_client()
    before = units_row(client, "A-101")
    assert "1,800" in before or "1800" in before
    save_as_excel(content_copy / UNITS, "A-101,A栋,1,1800,", "A-101,A栋,1,18O0,")

    result = portal_check(app)
    assert result.returncode == 1, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if PROBLEM.match(line)]
    assert len(problems) == 1, result.stdout
    [error] = problems
    assert error.startswith(f"{UNITS}:2 [面积㎡] ")  # file, line (the header is line 1), column
    assert "18O0" in error and "不是数字" in error and "is not a number" in error
    assert "1800" in error  # the letter O is named, with the number meant
    output = result.stdout + result.stderr
    not_warnings = "\n".join(line for line in output.splitlines() if not line.startswith("警告/warning"))
    assert "projects/" not in not_warnings and "policies/" not in not_warnings  # nothing held back
    assert "↳" not in output
    assert "kept at its last good version" in output and "保留上一个正确版本" in output
    assert "1 error(s)" in result.stderr and "错误 1 个" in result.stderr

    generation, _ = app.extensions["content"].publish()  # the publisher does what the check said
    assert [o.state for o in generation.outcomes if o.folder == "parks/agri-park"] == ["kept"]
    assert [p for p in generation.errors if not p.path.startswith("parks/agri-park/")] == []
    assert units_row(client, "A-101") == before  # the public page shows the last good units
    project = page(client.get("/zh/projects/tea-processing/"))
    assert "/zh/parks/agri-park/" in [a.attrs["href"] for a in project.anchors()]


def test_a_park_never_published_holds_back_what_names_it_counted_once(content_copy, runner):
    save_as_excel(content_copy / UNITS, "A-101,A栋,1,1800,", "A-101,A栋,1,18O0,")
    result = runner.invoke(main, ["check", str(content_copy)])  # not the site's folder: a first publish
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len([line for line in lines if PROBLEM.match(line)]) == 1, result.output
    assert "never published" in result.output
    held = [line for line in lines if "↳" in line]
    assert held and all(TEA in line for line in held)  # under the park, not as errors of their own
    assert "1 error(s)" in result.output and "1 more item(s)" in result.output


def test_a_mistyped_field_is_one_problem_with_its_did_you_mean(content_copy):
    edit(content_copy / TEA, "status: 招商中", "stauts: 招商中")
    edit(content_copy / UNITS.replace("agri-park", "materials-park"), ",状态,", ",状太,")
    _, problems = load_content(content_copy)
    [field] = [p for p in problems if p.path == TEA]
    assert field.field == "stauts" and "status" in field.zh and "did you mean status?" in field.en
    [column] = [p for p in problems if p.path == "parks/materials-park/units.csv"]
    assert column.field == "状太" and "状态" in column.zh


def test_a_desk_and_a_park_may_be_named_by_their_chinese_names(content_copy, make_app):
    edit(content_copy / TEA, "park: agri-park", "park: 青岚富硒农业产业园")
    edit(content_copy / TEA, "desk: agri-team", "desk: 新农业招商小分队")
    content, problems = load_content(content_copy)
    assert [p for p in problems if p.severity == "error"] == []
    project = content.get("projects", "tea-processing", "zh")
    assert (project.park, project.desk) == ("agri-park", "agri-team")
    client = make_app(content_copy).test_client()
    links = [a.attrs["href"] for a in page(client.get("/zh/projects/tea-processing/")).anchors()]
    assert "/zh/parks/agri-park/" in links


def test_an_unknown_or_shared_chinese_name_lists_the_choices(content_copy, runner):
    edit(content_copy / TEA, "park: agri-park", "park: 青岚县富硒农业产业园")  # 县 too many
    result = runner.invoke(main, ["check", str(content_copy)])
    [line] = [line for line in result.output.splitlines() if line.startswith(f"{TEA}:5 [park]")]
    assert "agri-park（青岚富硒农业产业园）" in line and "materials-park（青岚新材料产业园）" in line
    assert "did you mean agri-park" in line

    edit(content_copy / "parks/materials-park/index.zh.md", "name: 青岚新材料产业园",
         "name: 青岚县富硒农业产业园")
    content, _ = load_content(content_copy)
    assert content.get("projects", "tea-processing", "zh").park == "materials-park"  # now its name
    edit(content_copy / "parks/agri-park/index.zh.md", "name: 青岚富硒农业产业园",
         "name: 青岚县富硒农业产业园")
    _, problems = load_content(content_copy)
    [shared] = [p for p in problems if p.path == TEA and p.field == "park"]
    assert "is the name of 2 parks" in shared.en
    for folder in ("agri-park", "materials-park"):
        assert f"{folder}（青岚县富硒农业产业园）" in shared.zh
