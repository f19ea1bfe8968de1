"""Configuration: production refuses to guess, and the generated secret key is shared."""

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from portal import create_app
from portal.config import ConfigError

from .conftest import FIXTURE_CONTENT


def production_app(tmp_path):
    return create_app({"INSTANCE_DIR": str(tmp_path / "instance"), "CONTENT_DIR": str(FIXTURE_CONTENT)})


def test_production_without_site_url_and_secret_key_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError) as raised:
        production_app(tmp_path)
    assert "PORTAL_SITE_URL" in str(raised.value)
    assert "PORTAL_SECRET_KEY" in str(raised.value)


@pytest.mark.parametrize(("given", "missing"), [
    ("PORTAL_SITE_URL", "PORTAL_SECRET_KEY"),
    ("PORTAL_SECRET_KEY", "PORTAL_SITE_URL"),
])
def test_production_names_the_one_missing_variable(monkeypatch, tmp_path, given, missing):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv(given, "https://invest.example.gov.cn/zsj/" if "URL" in given else "x" * 64)
    with pytest.raises(ConfigError) as raised:
        production_app(tmp_path)
    assert missing in str(raised.value)
    assert given not in str(raised.value)


def test_production_with_both_starts_with_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SITE_URL", "https://invest.example.gov.cn/zsj/")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("PORTAL_SMTP_URL", "smtp://mail.example.gov.cn")
    app = production_app(tmp_path)
    assert app.secret_key == "k" * 64
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>https://invest.example.gov.cn/zsj/zh/projects/tea-processing/</loc>" in sitemap
    assert "Sitemap: https://invest.example.gov.cn/zsj/sitemap.xml" in client.get("/robots.txt").text
    choose = client.get("/language/en?next=/en/")
    assert "Secure" in choose.headers["Set-Cookie"]


def test_development_needs_no_configuration(tmp_path):
    app = production_app(tmp_path)
    assert app.secret_key


def test_generated_secret_key_is_stored_once_and_shared(tmp_path):
    first = production_app(tmp_path)
    second = production_app(tmp_path)
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.is_file()
    assert first.secret_key == second.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) & 0o077 == 0  # not readable by others


def test_other_instance_folder_gets_another_key(tmp_path):
    assert production_app(tmp_path / "a").secret_key != production_app(tmp_path / "b").secret_key


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_CONTENT_DIR", str(FIXTURE_CONTENT))
    monkeypatch.setenv("PORTAL_PAGE_SIZE", "1")
    app = create_app({"INSTANCE_DIR": str(tmp_path)})
    assert app.config["PAGE_SIZE"] == 1
    client = app.test_client()
    assert client.get("/zh/projects/?page=3").status_code == 200
    assert client.get("/zh/projects/?page=4").status_code == 404


# One settings file read by every `portal` command, as cron runs it: no environment at all.

PORTAL = str(Path(sys.executable).with_name("portal"))


def settings_file(tmp_path, **changes):
    values = {"PORTAL_ENV": "production", "PORTAL_SITE_URL": "https://invest.example.gov.cn/zsj/",
              "PORTAL_SECRET_KEY": '"' + "s$HOME" * 8 + '"', "PORTAL_SMTP_URL": "files",
              "PORTAL_INSTANCE_DIR": str(tmp_path / "instance"),
              "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'leads.sqlite3'}",
              "PORTAL_CONTENT_DIR": str(FIXTURE_CONTENT), **changes}
    path = tmp_path / "portal.env"
    path.write_text("# Invest Portal, production\n\n"
                    + "\n".join(f"{k}={v}" for k, v in values.items() if v is not None) + "\n")
    return path


def cron(env_file, *args, stdin=None, **environ):
    return subprocess.run([PORTAL, *args], input=stdin, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PORTAL_ENV_FILE": str(env_file), **environ})


def test_cron_backs_up_the_database_named_in_the_settings_file(tmp_path):
    env_file = settings_file(tmp_path)
    (tmp_path / "data").mkdir()
    assert cron(env_file, "db", "upgrade").returncode == 0
    added = cron(env_file, "staff", "add", "li.na", "--role", "admin", stdin="Qinglan-2026-zsj\n")
    assert added.returncode == 0, added.stderr
    backup = cron(env_file, "backup", str(tmp_path / "nightly.json"))
    assert backup.returncode == 0, backup.stderr
    assert "staff_users 1" in backup.stdout
    assert '"li.na"' in (tmp_path / "nightly.json").read_text()
    assert not (tmp_path / "instance" / "portal.sqlite3").exists()  # no stray empty database


def test_a_variable_in_the_environment_wins_over_the_file(tmp_path):
    env_file = settings_file(tmp_path)
    (tmp_path / "data").mkdir()
    assert cron(env_file, "db", "upgrade").returncode == 0
    result = cron(env_file, "outbox", "status", PORTAL_DATABASE_URL=f"sqlite:///{tmp_path}/none.db")
    assert result.returncode == 2
    assert f"{tmp_path}/none.db" in result.stderr


def test_production_refuses_to_create_an_empty_database(tmp_path):
    env_file = settings_file(tmp_path)
    result = cron(env_file, "backup", str(tmp_path / "nightly.json"))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "leads.sqlite3" in lines[0] and str(env_file) in lines[0]
    assert not (tmp_path / "data" / "leads.sqlite3").exists()
    assert not (tmp_path / "nightly.json").exists()


@pytest.mark.parametrize(("change", "named"), [
    ({"PORTAL_SITE_URL": "invest.example.gov.cn/zsj/"}, "PORTAL_SITE_URL"),
    ({"PORTAL_SITE_URL": "https:///zsj/"}, "PORTAL_SITE_URL"),
    ({"PORTAL_SECRET_KEY": "12345"}, "PORTAL_SECRET_KEY"),
    ({"PORTAL_PAGE_SIZE": "twelve"}, "PORTAL_PAGE_SIZE"),
    ({"PORTAL_SMTP_URL": None}, "PORTAL_SMTP_URL"),
    ({"PORTAL_SMTP_URL": "mail.example.gov.cn"}, "PORTAL_SMTP_URL"),
    ({"PORTAL_SITE_URL https://invest.example.gov.cn/": ""}, "line 10"),
])
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path, change, named):
    env_file = settings_file(tmp_path, **change)
    result = cron(env_file, "db", "upgrade")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and named in result.stderr


def test_a_missing_settings_file_is_one_line(tmp_path):
    result = cron(tmp_path / "nowhere.env", "outbox", "status")
    assert result.returncode == 2 and "nowhere.env" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_production_without_a_mail_server_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SITE_URL", "https://invest.example.gov.cn/zsj/")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "k" * 64)
    with pytest.raises(ConfigError, match="PORTAL_SMTP_URL=files"):
        production_app(tmp_path)
    monkeypatch.setenv("PORTAL_SMTP_URL", "files")
    assert production_app(tmp_path).config["MAIL_TO_FILES"]
