"""The ``portal`` command line: ``portal check`` on good content."""

from portal.cli import main

from .conftest import FIXTURE_CONTENT, SAMPLE_CONTENT


def test_check_on_the_fixture_tree_passes_listing_its_warnings_then_a_summary(runner):
    result = runner.invoke(main, ["check", str(FIXTURE_CONTENT)])
    assert result.exit_code == 0, result.output  # warnings do not fail the check
    *warnings, summary = result.output.strip().splitlines()
    assert len(warnings) == 2 and all(w.startswith("警告/warning: ") for w in warnings)
    assert "15 items" in summary and "7 factory units" in summary
    assert "错误 0 个，警告 2 个" in summary and "0 error(s), 2 warning(s)" in summary


def test_check_lists_errors_before_warnings_and_exits_1(runner, content_copy):
    path = content_copy / "projects/manganese-sulfate/index.zh.md"
    path.write_text(path.read_text(encoding="utf-8").replace("land_mu: 120", "land_mu: 很多"),
                    encoding="utf-8")
    result = runner.invoke(main, ["check", str(content_copy)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("projects/manganese-sulfate/index.zh.md:") and "很多" in lines[0]
    assert lines[1].lstrip().startswith("→") and "never published" in lines[1]  # what a publish does
    assert all(line.startswith("警告/warning: ") for line in lines[2:4])
    assert "1 error(s), 2 warning(s)" in lines[-1] and "错误 1 个" in lines[-1]


def test_check_uses_the_configured_content_folder(runner, monkeypatch):
    monkeypatch.setenv("PORTAL_CONTENT_DIR", str(FIXTURE_CONTENT))
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output


def test_check_refuses_a_folder_that_does_not_exist(runner, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "nope" in result.output


def test_check_on_the_sample_content_passes(runner):
    """The shipped sample content must be clean: ``make run`` serves it."""
    result = runner.invoke(main, ["check", str(SAMPLE_CONTENT)])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1
