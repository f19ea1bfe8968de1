"""Configuration: production refuses to guess, and the generated secret key is shared."""

import stat

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
