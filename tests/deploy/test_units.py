"""The shipped systemd units (deploy/systemd/): `systemd-analyze verify` passes on each, and each
has what a county server needs: the settings file, the portal user, a working directory and an
[Install] section (a timer is wanted by timers.target)."""

import subprocess
from pathlib import Path

import pytest

from ..quality.components import require
from .services import read_unit

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
SYSTEMD_ANALYZE = Path("/usr/bin/systemd-analyze")
PORTAL = "/srv/portal/current/.venv/bin/portal"
SERVICES = sorted(UNITS.glob("*.service"))
TIMERS = sorted(UNITS.glob("*.timer"))


def test_every_unit_passes_systemd_analyze_verify(tmp_path):
    """`verify` checks every key and section, and that ExecStart's program exists and is
    executable. /srv/portal/current does not exist on a test machine, so the units are checked
    from a copy in which only that path is rewritten, to an executable stand-in; the portal user
    need not exist (verify does not look it up)."""
    require(SYSTEMD_ANALYZE.exists(), f"{SYSTEMD_ANALYZE} missing (apt-get install systemd)")
    stand_in = tmp_path / "portal"
    stand_in.write_text("#!/bin/sh\nexit 0\n")
    stand_in.chmod(0o755)
    for unit in SERVICES + TIMERS:
        text = unit.read_text()
        assert unit.suffix != ".service" or PORTAL in text
        (tmp_path / unit.name).write_text(text.replace(PORTAL, str(stand_in)))
    names = [unit.name for unit in SERVICES + TIMERS]
    result = subprocess.run([SYSTEMD_ANALYZE, "verify", *names], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and not result.stderr.strip() and not result.stdout.strip(), (
        result.stdout + result.stderr)


@pytest.mark.parametrize("unit", SERVICES, ids=lambda p: p.name)
def test_every_service_runs_as_portal_with_the_settings_and_can_be_enabled(unit):
    sections = read_unit(unit)
    service = sections["Service"]
    assert service["EnvironmentFile"] == "/etc/portal/portal.env"
    assert service["User"] == "portal" and service["WorkingDirectory"] == "/srv/portal"
    assert service["ExecStart"].startswith(PORTAL + " ")
    assert sections["Install"].get("WantedBy") == "multi-user.target" or (
        service["Type"] == "oneshot" and sections["Install"]["Also"] == unit.stem + ".timer")
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "yes"
    assert set(service["ReadWritePaths"].split()) == WRITES.get(unit.name, JOBS)


# What each service may write: the instance folder and the backups; the web server (the staff
# editor publishes) and scheduled publishing also the content folder.
JOBS = {"/srv/portal/instance", "/var/backups/portal"}
WRITES = {"portal.service": JOBS | {"/srv/portal/content"},
          "portal-publish-due.service": {"/srv/portal/content", "/srv/portal/instance"}}


@pytest.mark.parametrize("timer", TIMERS, ids=lambda p: p.name)
def test_every_timer_has_its_service_and_is_wanted_by_timers_target(timer):
    sections = read_unit(timer)
    assert (UNITS / f"{timer.stem}.service").exists()
    assert sections["Install"]["WantedBy"] == "timers.target"
    assert sections["Timer"]["OnCalendar"] and sections["Timer"]["Persistent"] == "true"


def test_the_web_server_stops_as_granian_wants():
    """SIGTERM to the main process only: Granian stops its workers gracefully itself, killing one
    still busy after 5 s; systemd kills what is left after TimeoutStopSec."""
    service = read_unit(UNITS / "portal.service")["Service"]
    assert service["Type"] == "exec" and service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM" and service["KillMode"] == "mixed"
    assert int(service["TimeoutStopSec"]) >= 20


def test_the_nightly_jobs():
    commands = {unit.stem: read_unit(unit)["Service"]["ExecStart"].removeprefix(PORTAL + " ")
                for unit in SERVICES}
    assert commands["portal-backup"] == "backup /var/backups/portal --keep-days 30"
    assert commands["portal-leads-purge"] == "leads purge"
    assert commands["portal-prune-audit"] == "staff prune-audit"
    assert commands["portal-outbox"] == "outbox send --loop"
    assert commands["portal"] == "serve"
