"""``portal backup DIR --keep-days N``: the nightly backup names its file by the time in China,
0600, and deletes only its own files older than N days (issue 20, item 6)."""

import os
import re
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from portal.cli.backups import backup
from portal.clock import CHINA_TIME

from .conftest import FIXTURE_CONTENT
from .lead_helpers import app_cache, database_url, lead_app, postgres_url  # noqa: F401
from .staff.helpers import add_user, staff_app  # noqa: F401

PORTAL = str(Path(sys.executable).with_name("portal"))
DATED = re.compile(r"portal-\d{4}-\d\d-\d\dT\d{6}\.jsonl\.gz")


def named(days_ago):
    return f"portal-{(datetime.now(CHINA_TIME) - timedelta(days=days_ago)):%Y-%m-%dT%H%M%S}.jsonl.gz"


def folder_of_backups(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o700)
    old, recent = named(40), named(29)
    others = ["portal-2020-01-01.jsonl.gz",  # the README's former cron name: not this command's
              "portal-2020-01-01T000000.jsonl.gz.partial", "notes.txt", "portal-2020-01-01T000000.json"]
    for name in (old, recent, *others):
        (folder / name).write_bytes(b"x")
    link = named(60)
    os.symlink(folder / recent, folder / link)  # a link in the folder is never followed
    return folder, old, recent, [*others, link]


def test_a_folder_gets_a_dated_file_and_loses_only_its_own_old_ones(staff_app, tmp_path):  # noqa: F811
    app = staff_app()
    add_user(app, "li.na", "admin")
    folder, old, recent, others = folder_of_backups(tmp_path)
    before = datetime.now(CHINA_TIME).replace(microsecond=0)
    result = app.test_cli_runner().invoke(backup, [str(folder), "--keep-days", "30"])
    assert result.exit_code == 0, result.output
    written = [p for p in folder.iterdir() if DATED.fullmatch(p.name) and p.name not in (old, recent)
               and not p.is_symlink()]
    assert len(written) == 1
    made = datetime.strptime(written[0].name[7:24], "%Y-%m-%dT%H%M%S").replace(tzinfo=CHINA_TIME)
    assert before <= made <= datetime.now(CHINA_TIME)  # China time, whatever the server's zone
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o600
    assert f"to {written[0]}: " in result.output and "staff_users 1" in result.output
    assert result.output.splitlines()[1:] == [f"Deleted {folder / old} (older than 30 days)."]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [written[0].name, recent, *others])


def test_a_file_keeps_working_and_keep_days_needs_a_folder(staff_app, tmp_path):  # noqa: F811
    app = staff_app()
    dest = tmp_path / "one.jsonl"
    assert app.test_cli_runner().invoke(backup, [str(dest)]).exit_code == 0
    assert dest.read_text(encoding="utf-8").startswith('{"format": "invest-portal-backup"')
    refused = app.test_cli_runner().invoke(backup, [str(tmp_path / "two.jsonl"), "--keep-days", "7"])
    assert refused.exit_code == 2 and "--keep-days needs DEST to be an existing folder" in refused.output
    assert not (tmp_path / "two.jsonl").exists()


def test_the_nightly_command_as_a_process(staff_app, tmp_path):  # noqa: F811
    app = staff_app()
    add_user(app, "li.na", "admin")
    folder, old, recent, others = folder_of_backups(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_INSTANCE_DIR=str(app.instance_path), PORTAL_CONTENT_DIR=str(FIXTURE_CONTENT),
               PORTAL_DATABASE_URL=app.config["DATABASE_URL"], TZ="UTC")
    done = subprocess.run([PORTAL, "backup", str(folder), "--keep-days", "30"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Deleted {folder / old}" in done.stdout and not (folder / old).exists()
    assert (folder / recent).exists() and all((folder / name).is_symlink() or (folder / name).exists()
                                              for name in others)
    assert len([p for p in folder.iterdir() if DATED.fullmatch(p.name)]) == 3  # new, recent, the link
