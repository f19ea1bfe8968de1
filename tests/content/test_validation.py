"""Broken content is reported, file, line and field, the same by ``load_content`` and ``portal check``.

Each case copies the fixture tree, breaks one thing as a bureau editor might, and says where
the problem must be reported.
"""

import re
from dataclasses import dataclass

import pytest

from portal.cli import main
from portal.content.store import load_content

from ..conftest import FIXTURE_CONTENT
from ..helpers import edit, line_of

TEA = "projects/tea-processing/index.zh.md"
TEA_EN = "projects/tea-processing/index.en.md"
MANGANESE = "projects/manganese-sulfate/index.zh.md"
PARK = "parks/materials-park/index.zh.md"
UNITS = "parks/materials-park/units.csv"
POLICY = "policies/land-support/index.zh.md"


@dataclass
class Expected:
    path: str  # as reported, relative to the content folder (a folder for folder problems)
    field: str | tuple | None = None  # a tuple lists acceptable names (Chinese or English column)
    line: int | None = None

    def fields(self):
        return self.field if isinstance(self.field, tuple) else (self.field,)


def errors(problems):
    """The problems that keep a file from being published (warnings do not)."""
    return [p for p in problems if p.severity == "error"]


def replace(rel, old, new):
    return lambda root: edit(root / rel, old, new)


def line(rel, start):
    """The line of ``rel`` in the fixture tree that starts with ``start``."""
    return line_of(FIXTURE_CONTENT / rel, start)


def rename(rel, new):
    return lambda root: (root / rel).rename(root / new)


def remove(rel):
    return lambda root: (root / rel).unlink()


BROKEN = {
    "invalid YAML": (
        replace(TEA, "summary: 依托全县", "summary: 依托: 全县"),
        [Expected(TEA, None, line(TEA, "summary:"))]),
    "missing required field": (
        replace(TEA, "location: 青岚县富硒农业产业园\n", ""),
        [Expected(TEA, "location")]),
    "unknown key (typo)": (
        replace(TEA, "summary: 依托", "titel: 富硒茶\nsummary: 依托"),
        [Expected(TEA, "titel", line(TEA, "summary:"))]),
    "text where a number is due": (
        replace(TEA, "land_mu: 80", "land_mu: 八十"),
        [Expected(TEA, "land_mu", line(TEA, "land_mu:"))]),
    "amount without a unit": (
        replace(TEA, "total_investment: 3.5亿元", "total_investment: 35000"),
        [Expected(TEA, "total_investment", line(TEA, "total_investment:"))]),
    "value not in the taxonomy": (
        replace(TEA, "industry: 新农业", "industry: 外星科技"),
        [Expected(TEA, "industry", line(TEA, "industry:"))]),
    "impossible date": (
        replace(TEA, "updated: 2026-10-12", "updated: 2026-02-30"),
        [Expected(TEA, "updated", line(TEA, "updated:"))]),
    "slug with uppercase": (
        rename("projects/rice-cold-chain", "projects/Rice-Cold-Chain"),
        [Expected("projects/Rice-Cold-Chain")]),
    "slug with spaces": (
        rename("projects/rice-cold-chain", "projects/rice cold chain"),
        [Expected("projects/rice cold chain")]),
    "reference to a missing park": (
        replace(MANGANESE, "park: materials-park", "park: no-such-park"),
        [Expected(MANGANESE, "park", line(MANGANESE, "park:"))]),
    "reference to a missing desk": (
        replace(MANGANESE, "desk: materials-team", "desk: nobody"),
        [Expected(MANGANESE, "desk", line(MANGANESE, "desk:"))]),
    "cover photo missing": (
        remove("projects/tea-processing/cover.jpg"),
        [Expected(TEA, "cover", line(TEA, "cover:"))]),
    "park photo missing": (
        remove("parks/materials-park/photo-1.jpg"),
        [Expected(PARK, ("photos", "photos.0"), line(PARK, "photos:"))]),
    "image in the body missing": (
        replace(TEA, "## 配套条件", "![茶园](garden.jpg)\n\n## 配套条件"),
        [Expected(TEA, "body")]),
    "non-numeric area in units.csv": (
        replace(UNITS, "M1-201,1号厂房,2,1200,", "M1-201,1号厂房,2,一千二,"),
        [Expected(UNITS, ("面积㎡", "area_m2"), 3)]),
    "unknown status in units.csv": (
        replace(UNITS, "630,12,,空置,2026-12-01", "630,12,,待定,2026-12-01"),
        [Expected(UNITS, ("状态", "status"), 4)]),
    "duplicate unit id in units.csv": (
        replace(UNITS, "M2-201,2号厂房,2", "M1-101,2号厂房,2"),
        [Expected(UNITS, ("编号", "id"), 5)]),
    "required column missing in units.csv": (
        replace(UNITS, ",状态,", ",备注,"),
        [Expected(UNITS, ("状态", "status", "备注"), 1)]),
    "translation sets a fact": (
        replace(TEA_EN, "department:", "total_investment: 5亿元\ndepartment:"),
        [Expected(TEA_EN, "total_investment", line(TEA_EN, "department:"))]),
    "index.zh.md missing": (
        remove("projects/manganese-sulfate/index.zh.md"),
        [Expected("projects/manganese-sulfate")]),
    "site.yaml field missing": (
        replace("site.yaml", "  icp: 青ICP备20260001号-1\n", ""),
        [Expected("site.yaml", "footer.icp")]),
    "two broken files": (
        lambda root: (replace(TEA, "land_mu: 80", "land_mu: 八十")(root),
                      replace(POLICY, "summary:", "sumary:")(root)),
        [Expected(TEA, "land_mu", line(TEA, "land_mu:")),
         Expected(POLICY, "sumary", line(POLICY, "summary:"))]),
    "two problems in one file": (
        lambda root: (replace(TEA, "land_mu: 80", "land_mu: 八十")(root),
                      replace(TEA, "status: 招商中", "stauts: 招商中")(root)),
        [Expected(TEA, "land_mu", line(TEA, "land_mu:")),
         Expected(TEA, "stauts", line(TEA, "status:"))]),  # one problem: its did-you-mean names status
}


@pytest.fixture(params=list(BROKEN), ids=list(BROKEN))
def broken(request, content_copy):
    """``(folder, expected problems)`` for one broken copy of the fixture tree."""
    mutate, expected = BROKEN[request.param]
    mutate(content_copy)
    return content_copy, expected


def matches(problem, expected):
    return (problem.path.replace("\\", "/") == expected.path
            and problem.field in expected.fields()
            and (expected.line is None or problem.line == expected.line))


def test_load_content_names_file_line_and_field(broken):
    folder, expected = broken
    _, problems = load_content(folder)
    for want in expected:
        assert any(matches(p, want) for p in problems), (want, problems)


def test_portal_check_names_file_line_and_field(runner, broken):
    folder, expected = broken
    result = runner.invoke(main, ["check", str(folder)])
    assert result.exit_code == 1, result.output
    for want in expected:
        where = want.path + (f":{want.line}" if want.line else "")
        lines = [line for line in result.output.splitlines() if where in line]
        assert lines, f"{where} not reported:\n{result.output}"
        if want.field:
            assert any(f"[{field}]" in line for line in lines for field in want.fields()), lines
        # Messages speak to bureau staff in Chinese and in English.
        assert any(re.search(r"[\u4e00-\u9fff]", line) and re.search(r"[a-z]{4,}", line)
                   for line in lines)


def test_the_clean_fixture_tree_has_no_errors_and_two_warnings(content_copy):
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    assert len(content.bundles) == 15
    warnings = [w for bundle in content.bundles.values() for w in bundle.warnings]
    assert sorted((w.path, w.field) for w in warnings) == [
        ("pages/about/index.zh.md", "body"),  # office.jpg is 64 pixels wide
        ("projects/rice-cold-chain", None),  # no index.en.md
    ]


def gb18030(root, rel):
    path = root / rel
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))


def with_bom(root, rel):
    path = root / rel
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def crlf(root, rel):
    path = root / rel
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def english_headers(root, rel):
    path = root / rel
    text = path.read_text(encoding="utf-8").split("\n", 1)
    header = ("id,building,floor,area_m2,height_m,load_kn_m2,crane_t,power_kva,rent,sale_price,"
              "status,available_from,photos,policies")
    path.write_text(header + "\n" + text[1], encoding="utf-8")


FINE = {
    "BOM before the front matter": lambda root: with_bom(root, TEA),
    "BOM in a translation": lambda root: with_bom(root, TEA_EN),
    "BOM in site.yaml and taxonomy.yaml": lambda root: (with_bom(root, "site.yaml"),
                                                        with_bom(root, "taxonomy.yaml")),
    "Windows line endings": lambda root: (crlf(root, TEA), crlf(root, TEA_EN)),
    "units.csv in GB18030": lambda root: gb18030(root, UNITS),
    "units.csv in UTF-8 with BOM (Excel)": lambda root: with_bom(root, UNITS),
    "units.csv with English headers": lambda root: english_headers(root, UNITS),
    "units.csv with Windows line endings": lambda root: crlf(root, UNITS),
    "taxonomy keys instead of labels": replace(TEA, "industry: 新农业", "industry: agriculture"),
    "a folder that is not an item": lambda root: (root / "projects" / ".git").mkdir(),
}


@pytest.mark.parametrize("change", list(FINE), ids=list(FINE))
def test_what_editors_save_is_accepted(content_copy, runner, change):
    FINE[change](content_copy)
    content, problems = load_content(content_copy)
    assert errors(problems) == []
    assert len(content.bundles) == 15
    park = content.get("parks", "materials-park", "zh")
    assert [u.id for u in park.units] == ["M1-101", "M1-201", "M2-101", "M2-201"]
    assert park.units[0].building == "1号厂房"
    result = runner.invoke(main, ["check", str(content_copy)])
    assert result.exit_code == 0, result.output


def test_gb18030_units_are_read_as_chinese(app):
    park = app.extensions["content"].current.get("parks", "agri-park", "zh")
    assert {u.building for u in park.units} == {"A栋", "B栋"}
    assert {u.status for u in park.units} == {"vacant", "leased"}
