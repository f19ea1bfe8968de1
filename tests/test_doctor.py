"""``portal doctor`` as the IT person runs it: one good deployment, then one thing wrong at a time,
each named on one line, with the setting to change."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CONTENT
from tests.lead_helpers import free_port, mailbox, smtp  # noqa: F401  (fixtures)

PORTAL = str(Path(sys.executable).with_name("portal"))
KEY = "k" * 64


def run(**settings):
    env = {name: value for name, value in os.environ.items() if not name.startswith("PORTAL_")}
    env |= {f"PORTAL_{name}": str(value) for name, value in settings.items()}
    return subprocess.run([PORTAL, "doctor"], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """An instance folder as `portal prepare` leaves it: database migrated, content published."""
    folder = tmp_path_factory.mktemp("instance")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PORTAL_")}
    env |= {"PORTAL_INSTANCE_DIR": str(folder), "PORTAL_CONTENT_DIR": str(FIXTURE_CONTENT)}
    subprocess.run([PORTAL, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    return folder


@pytest.fixture
def good(instance, smtp):  # noqa: F811
    return {"INSTANCE_DIR": instance, "CONTENT_DIR": FIXTURE_CONTENT, "SITE_URL": "https://invest.example.cn/",
            "SECRET_KEY": KEY, "SMTP_URL": smtp.url}


def lines(result, level):
    return [line for line in result.stdout.splitlines() if line.startswith(f"{level}: ")]


def test_a_good_deployment_says_ok_once_per_check(good):
    result = run(**good)
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines(result, "PROBLEM") == [] and lines(result, "WARNING") == []
    ok = "\n".join(lines(result, "OK"))
    for said in ("site URL https://invest.example.cn/", "secret key: 64 characters", "answers",
                 "database at revision", "content folder", "published generation", "instance folder"):
        assert said in ok
    assert KEY not in result.stdout + result.stderr  # the length, never the key


@pytest.mark.parametrize(("change", "named"), [
    ({"SITE_URL": ""}, "PORTAL_SITE_URL is not set"),
    ({"SECRET_KEY": "short-key"}, "PORTAL_SECRET_KEY has 9 characters"),
    ({"SMTP_URL": ""}, "PORTAL_SMTP_URL is not set"),
    ({"SMTP_URL": f"smtp://127.0.0.1:{free_port()}"}, "the mail server in PORTAL_SMTP_URL does not answer"),
    ({"CONTENT_DIR": "/nonexistent/content"}, "PORTAL_CONTENT_DIR /nonexistent/content is not a readable"),
    ({"DOCTOR_MIN_FREE_MB": 10**12}, "MB free for the instance folder"),
])
def test_each_problem_is_one_line_naming_the_setting(good, change, named):
    result = run(**(good | change))
    assert result.returncode == 1, result.stdout + result.stderr
    problems = lines(result, "PROBLEM")
    assert len(problems) == 1 and named in problems[0], result.stdout
    assert lines(result, "OK") == []  # with problems, only the problems


def test_mail_to_files_and_a_prefix_without_proxies_are_warnings(good):
    result = run(**(good | {"SMTP_URL": "files", "SITE_URL": "https://gov.example.cn/zsj/"}))
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = lines(result, "WARNING")
    assert len(warnings) == 2
    assert "PORTAL_PROXY_COUNT is 0" in warnings[0] and "leads are not mailed" in warnings[1]
    assert "path prefix /zsj/" in result.stdout
    assert "PORTAL_PROXY_COUNT" not in run(**(good | {"SITE_URL": "https://gov.example.cn/zsj/",
                                                     "PROXY_COUNT": 1})).stdout


def test_private_files_readable_by_others_are_named(good, instance):
    (instance / "mail").mkdir(mode=0o700)  # as the outbox makes it: only the file leaks
    leaked = instance / "mail" / "lead.eml"
    leaked.write_text("To: bureau\n\nA lead's phone number")
    leaked.chmod(0o644)
    (instance / "portal.sqlite3").chmod(0o640)
    try:
        result = run(**good)
    finally:
        leaked.unlink()
        leaked.parent.rmdir()
        (instance / "portal.sqlite3").chmod(0o600)
    assert result.returncode == 1
    problems = lines(result, "PROBLEM")
    assert len(problems) == 2, result.stdout
    assert "portal.sqlite3 has mode 640" in problems[0] and "lead.eml has mode 644" in problems[1]


def test_a_database_not_migrated_and_nothing_published(good, tmp_path):
    database = tmp_path / "portal.sqlite3"
    sqlite3.connect(database).close()  # an empty file where the data should be
    database.chmod(0o600)
    result = run(**(good | {"INSTANCE_DIR": tmp_path, "PUBLISH_MISSING": "0"}))
    assert result.returncode == 1
    problems = lines(result, "PROBLEM")
    assert len(problems) == 2, result.stdout
    assert "the database is at revision None" in problems[0] and "portal db upgrade" in problems[0]
    assert "nothing is published" in problems[1] and "portal publish" in problems[1]


def test_an_address_the_site_cannot_run_with_is_refused_on_one_line(good):
    result = run(**(good | {"SITE_URL": "ftp://invest.example.cn/"}))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "PORTAL_SITE_URL" in result.stderr
