"""Content that needs a newer portal (site.yaml's ``content_format``) is never published: the
publisher, the watcher and ``portal check`` refuse it as a whole in one line, and ``portal
serve`` keeps the generation it serves, after a restart too (issue 20, item 1)."""

import subprocess

from click.testing import CliRunner

from portal.cli import main
from portal.content.format import CONTENT_FORMAT
from portal.publish import generations

from ..helpers import edit, line_of
from ..lead_helpers import free_port
from .live import PORTAL, Server, environment, get, wait_for

OLD_TAGLINE = "富硒青岚 · 材料新城 · 康养胜地——投资青岚，共赢未来"
NEW_TAGLINE = "青岚欢迎您：新版内容"
LIVE_WITHIN_S = 15


def ask_for_a_newer_format(content, number=CONTENT_FORMAT + 1):
    """The edit a newer release's content makes: a new format, and a change to publish with it."""
    edit(content / "site.yaml", "tagline:\n", f"content_format: {number}\ntagline:\n")
    edit(content / "site.yaml", OLD_TAGLINE, NEW_TAGLINE)


def refusal(content, number=CONTENT_FORMAT + 1):
    """What the one line starts with: the file, its line, the field and the value."""
    site = content / "site.yaml"
    return f"{site}:{line_of(site, 'content_format:')} [content_format] {number}: "


def test_publish_and_check_refuse_it_in_one_line_and_keep_the_generation(content_copy, tmp_path):
    env = {"PORTAL_CONTENT_DIR": str(content_copy), "PORTAL_INSTANCE_DIR": str(tmp_path / "instance")}
    runner = CliRunner()
    assert runner.invoke(main, ["publish"], env=env).exit_code == 0
    published = tmp_path / "instance" / "published"
    live = generations.current_name(published)

    ask_for_a_newer_format(content_copy)
    for command in (["publish"], ["publish", "--force"], ["check"]):
        result = runner.invoke(main, command, env=env)
        assert result.exit_code == 1, (command, result.output)
        line, = [text for text in result.output.splitlines() if "content_format" in text]
        assert refusal(content_copy) in line and "upgrade the portal: docs/operations.md" in line
        assert "请升级门户" in line and f"reads content format {CONTENT_FORMAT}" in line
        assert generations.current_name(published) == live

    edit(content_copy / "site.yaml", f"content_format: {CONTENT_FORMAT + 1}",
         f"content_format: {CONTENT_FORMAT}")  # the format this portal reads: published as ever
    assert runner.invoke(main, ["check"], env=env).exit_code == 0
    assert runner.invoke(main, ["publish"], env=env).exit_code == 0
    assert generations.current_name(published) != live
    assert generations.read(published).content.site.tagline.zh == NEW_TAGLINE


def test_a_format_that_is_not_a_number_is_an_ordinary_error(content_copy):
    edit(content_copy / "site.yaml", "tagline:\n", "content_format: 0\ntagline:\n")
    result = CliRunner().invoke(main, ["check", str(content_copy)])
    assert result.exit_code == 1
    assert f"site.yaml:{line_of(content_copy / 'site.yaml', 'content_format:')} [content_format]" \
        in result.output and "不能小于 1" in result.output


def test_the_running_site_keeps_its_generation_also_after_a_restart(content_copy, tmp_path):
    server = Server(environment(content_copy, tmp_path / "instance"), tmp_path / "serve.log")
    try:
        server.start()
        first = server.generation()
        assert OLD_TAGLINE in get(server.base + "/zh/")[1]
        ask_for_a_newer_format(content_copy)
        wait_for(lambda: refusal(content_copy) in server.text(), LIVE_WITHIN_S, "the watcher's refusal")
        assert [line for line in server.text().splitlines() if "content_format" in line][0].endswith(
            "upgrade the portal: docs/operations.md")
        for _ in range(2):
            assert server.generation() == first
            assert OLD_TAGLINE in get(server.base + "/zh/")[1]
            server.restart()

        # The watcher went on watching: content this portal can read again goes live by itself.
        edit(content_copy / "site.yaml", f"content_format: {CONTENT_FORMAT + 1}",
             f"content_format: {CONTENT_FORMAT}")
        wait_for(lambda: NEW_TAGLINE in get(server.base + "/zh/")[1], LIVE_WITHIN_S, "the new tagline")
    finally:
        server.stop()


def test_serve_with_nothing_published_refuses_to_start_in_one_line(content_copy, tmp_path):
    ask_for_a_newer_format(content_copy)
    env = environment(content_copy, tmp_path / "instance")
    done = subprocess.run([PORTAL, "serve", "--port", str(free_port()), "--no-watch"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    line, = done.stderr.splitlines()
    assert line.startswith(f"portal: {refusal(content_copy)}")
    assert line.endswith("upgrade the portal: docs/operations.md")
    assert not (tmp_path / "instance" / "published").exists() or not generations.read(
        tmp_path / "instance" / "published")
