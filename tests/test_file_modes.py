"""What the instance folder holds of investors and of the site's secrets is the portal user's
alone (files 0600, folders 0700), whatever the umask of the process that writes it (022, the
usual one, made the database, mails and backups readable by every account on the server)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import build_app
from .lead_helpers import TEST_CONFIG, Visitor

PORTAL = os.path.join(os.path.dirname(sys.executable), "portal")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def shared_umask():
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_database_mail_backup_and_secret_key_are_private(content_copy, tmp_path, shared_umask):
    instance = tmp_path / "instance"
    app = build_app(content_copy, instance, SMTP_URL="", **TEST_CONFIG)
    Visitor(app, "zh").submit({"name": "欧阳娜娜"})
    assert "2 written to a file" in app.test_cli_runner().invoke(args=["outbox", "send"]).output
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content_copy), "PORTAL_INSTANCE_DIR": str(instance)}
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o700)
    for name in ("portal.jsonl", "portal.jsonl.gz"):
        result = subprocess.run([PORTAL, "backup", str(backups / name)], env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    mails = sorted((instance / "mail").glob("*.eml"))
    assert len(mails) == 2
    private = [instance / "portal.sqlite3", instance / "secret_key", *mails,
               backups / "portal.jsonl", backups / "portal.jsonl.gz"]
    private += [Path(f"{instance / 'portal.sqlite3'}{end}") for end in ("-wal", "-shm")
                if Path(f"{instance / 'portal.sqlite3'}{end}").exists()]
    assert {str(p.relative_to(tmp_path)): oct(mode(p)) for p in private} == {
        str(p.relative_to(tmp_path)): oct(0o600) for p in private}
    assert oct(mode(instance / "mail")) == oct(0o700)
