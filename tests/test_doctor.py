"""``portal doctor`` as the IT person runs it: one good deployment, then one thing wrong at a time,
each named on one line, with the setting to change.

The deployment is real: the portal served on a loopback port behind a stand-in for nginx (a TLS
server with a certificate made here and trusted through ``SSL_CERT_FILE``, adding the forwarded
headers, and a plain-HTTP port redirecting to it: ``tests.front_door``)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CONTENT, build_app
from tests.front_door import FrontDoor, certificates
from tests.helpers import serving
from tests.lead_helpers import free_port, mailbox, smtp  # noqa: F401  (fixtures)

PORTAL = str(Path(sys.executable).with_name("portal"))
KEY = "k" * 64


def run(**settings):
    """``portal doctor`` with ``PORTAL_<name>`` settings (``SSL_CERT_FILE`` as it is)."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PORTAL_", "SSL_CERT_"))}
    env |= {name if name.startswith("SSL_") else f"PORTAL_{name}": str(value)
            for name, value in settings.items()}
    return subprocess.run([PORTAL, "doctor"], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """An instance folder as `portal prepare` leaves it: database migrated, content published."""
    folder = tmp_path_factory.mktemp("instance")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PORTAL_")}
    env |= {"PORTAL_INSTANCE_DIR": str(folder), "PORTAL_CONTENT_DIR": str(FIXTURE_CONTENT)}
    subprocess.run([PORTAL, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    return folder


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def door(tmp_path_factory, certs):
    """The portal on a loopback port, behind a TLS front door (stopped at the module's end)."""
    app = build_app(FIXTURE_CONTENT, tmp_path_factory.mktemp("served"))
    with serving(app) as backend, FrontDoor(backend, certs) as door:
        yield door


@pytest.fixture
def front(door):
    door.reset()
    yield door
    door.reset()


@pytest.fixture
def good(instance, smtp, front, certs):  # noqa: F811
    return {"INSTANCE_DIR": instance, "CONTENT_DIR": FIXTURE_CONTENT, "SITE_URL": front.site_url(),
            "SECRET_KEY": KEY, "SMTP_URL": smtp.url, "PROXY_COUNT": 1, "DOCTOR_HTTP_PORT": front.http_port,
            "SSL_CERT_FILE": certs["ca"]}


def lines(result, level):
    return [line for line in result.stdout.splitlines() if line.startswith(f"{level}: ")]


def test_a_good_deployment_says_ok_once_per_check(good):
    result = run(**good)
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines(result, "PROBLEM") == [] and lines(result, "WARNING") == []
    ok = "\n".join(lines(result, "OK"))
    for said in (f"site URL {good['SITE_URL']}", "1 proxy in front, as PORTAL_PROXY_COUNT=1 says",
                 "the certificate of localhost is trusted, valid until", "redirects to https://localhost:",
                 "secret key: 64 characters", "answers", "database at revision", "content folder",
                 "published generation", "instance folder"):
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


def test_mail_to_files_is_a_warning(good):
    result = run(**(good | {"SMTP_URL": "files"}))
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = lines(result, "WARNING")
    assert len(warnings) == 1 and "leads are not mailed" in warnings[0]


def test_under_a_prefix_the_proxy_must_send_it(good, front):
    front.prefix = "/zsj"
    result = run(**(good | {"SITE_URL": front.site_url()}))
    assert result.returncode == 0 and lines(result, "WARNING") == [], result.stdout + result.stderr
    assert "path prefix /zsj/" in result.stdout and "1 proxy in front" in result.stdout
    front.sends_prefix = False
    warnings = lines(run(**(good | {"SITE_URL": front.site_url()})), "WARNING")
    assert len(warnings) == 1 and "without X-Forwarded-Prefix /zsj" in warnings[0], warnings


@pytest.mark.parametrize(("count", "forwards", "named"), [
    (0, True, "requests arrive through a proxy (X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host) "
              "but PORTAL_PROXY_COUNT is 0"),
    (2, True, "requests arrive with 1 X-Forwarded-For address(es): a client can forge its address"),
    (1, False, "requests arrive with 0 X-Forwarded-For address(es): a client can forge its address"),
])
def test_the_proxy_count_against_the_headers_that_arrive(good, front, count, forwards, named):
    front.forwards = forwards
    result = run(**(good | {"PROXY_COUNT": count}))
    assert result.returncode == 1
    problems = lines(result, "PROBLEM")
    assert problems and named in problems[0], result.stdout


@pytest.mark.parametrize(("change", "named"), [
    ({"SSL_CERT_FILE": "other-ca"}, "the certificate at localhost:{port} is refused: unable to get "
                                    "local issuer"),
    ({"SITE_URL": "https://127.0.0.1:{port}/"}, "the certificate at 127.0.0.1:{port} is refused: IP address "
                                                "mismatch"),
    ({"leaf": "expired"}, "the certificate at localhost:{port} is refused: certificate has expired"),
    ({"redirects": False}, "http://localhost:{http_port}/ answers 200 , not a redirect to https://localhost:"),
    ({"DOCTOR_HTTP_PORT": free_port()}, "http://localhost:{free}/ does not answer"),
])
def test_a_certificate_browsers_refuse_and_http_left_plain(good, front, certs, change, named):
    settings = dict(good)
    for name, value in change.items():
        if name == "leaf":
            front.use(value)
        elif name == "redirects":
            front.redirects = value
        elif name == "SSL_CERT_FILE":
            settings[name] = certs[value]
        else:
            settings[name] = value.format(port=front.port) if isinstance(value, str) else value
    result = run(**settings)
    assert result.returncode == 1
    problems = lines(result, "PROBLEM")
    assert len(problems) == 1, result.stdout
    assert named.format(port=front.port, http_port=front.http_port,
                        free=settings["DOCTOR_HTTP_PORT"]) in problems[0]


def test_a_certificate_expiring_within_three_weeks_is_a_warning(good, front):
    front.use("soon")
    result = run(**good)
    assert result.returncode == 0
    warnings = lines(result, "WARNING")
    assert len(warnings) == 1 and "the certificate of localhost expires on" in warnings[0], result.stdout
    assert "in 9 days" in warnings[0] or "in 10 days" in warnings[0]


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


def test_portal_db_upgrade_makes_files_from_before_the_0600_rule_private(tmp_path):
    """An instance folder as an older version left it under umask 022: the upgrade tightens each
    file and says so; doctor then finds none loose."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PORTAL_")}
    env |= {"PORTAL_INSTANCE_DIR": str(tmp_path), "PORTAL_CONTENT_DIR": str(FIXTURE_CONTENT)}
    upgrade = [PORTAL, "db", "upgrade"]
    subprocess.run(upgrade, env=env, check=True, capture_output=True, timeout=120)
    (tmp_path / "secret_key").write_text("s" * 64)
    for folder in ("mail", "backups"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "old").write_text("a lead's phone number")
    old = [tmp_path / name for name in ("portal.sqlite3", "secret_key", "mail/old", "backups/old")]
    for path in old:
        path.chmod(0o644)
    for folder in ("mail", "backups"):
        (tmp_path / folder).chmod(0o755)
    (tmp_path / "published").mkdir(exist_ok=True)  # not private: left as it is
    (tmp_path / "published").chmod(0o755)
    done = subprocess.run(upgrade, env=env, check=True, capture_output=True, text=True, timeout=120)
    for path in old:
        assert path.stat().st_mode & 0o777 == 0o600, path
        assert f"{path}: mode 644 -> 600" in done.stdout
    assert all((tmp_path / folder).stat().st_mode & 0o777 == 0o700 for folder in ("mail", "backups"))
    assert (tmp_path / "published").stat().st_mode & 0o777 == 0o755
    again = subprocess.run(upgrade, env=env, check=True, capture_output=True, text=True, timeout=120)
    assert "mode" not in again.stdout
