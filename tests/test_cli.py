"""The ``portal`` command line: ``portal check`` on good content."""

from portal.cli import main

from .conftest import FIXTURE_CONTENT, SAMPLE_CONTENT


def test_check_on_the_fixture_tree_passes_with_a_one_line_summary(runner):
    result = runner.invoke(main, ["check", str(FIXTURE_CONTENT)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "14" in lines[0]  # items
    assert "7" in lines[0]  # factory units


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
