"""docs/operations.md as a test runs it: its command lines, and a runner that runs them.

A test names each command by its exact line in the doc (``Procedure.run``), so the doc and the
test cannot drift apart; the runner records what ran, and the end-to-end test checks that every
command of the doc ran, but for ``EXCEPTIONS``. The lines are run as written, with only these
rewrites, each because a test cannot do what the server does:

- the production paths (/srv/portal, /etc/portal, /var/backups/portal) are moved under the
  test's root: a test cannot write /srv or /etc;
- ``systemctl`` and ``runuser`` are stand-ins first on PATH (tests/deploy/bin/): there is no
  systemd to talk to, and no ``portal`` user (the test's own user plays it);
- the environment says where the settings file is (``PORTAL_ENV_FILE``), since it is not at
  /etc/portal/portal.env, and the paths and the user the scripts use (``PORTAL_ROOT``…);
- the test's own database URLs stand for the doc's examples (see ``Procedure.substitutions``).
"""

import getpass
import os
import re
import subprocess
import sys
from pathlib import Path

from .services import PRODUCTION_PATHS

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
BIN = Path(__file__).resolve().parent / "bin"
FENCE = re.compile(r"^```(sh|cron)\n(.*?)^```", re.M | re.S)

# The doc's commands no test runs, each said so in the doc with the reason.
EXCEPTIONS = {
    "apt-get install --no-install-recommends git python3 python3-venv postgresql nginx-light",
    "useradd --system --home-dir /srv/portal --shell /usr/sbin/nologin portal",
    "runuser -u postgres -- createuser portal",
    "runuser -u postgres -- createdb --owner portal portal",
    "git clone https://git.example.gov.cn/zsj/invest-portal.git /srv/portal/src",
    "editor /etc/portal/portal.env",
    "cp /srv/portal/current/deploy/nginx/portal-http.conf /etc/nginx/conf.d/portal-http.conf",
    "cp /srv/portal/current/deploy/nginx/portal-proxy.conf /etc/nginx/snippets/portal-proxy.conf",
    "cp /srv/portal/current/deploy/nginx/portal-prefix.conf /etc/nginx/snippets/portal-prefix.conf",
    "nginx -t",
    "systemctl reload nginx",
    "journalctl -u portal.service -u portal-outbox.service --since today",
    "runuser -u postgres -- createdb --owner portal portal_restored",
}


def doc_commands(text=None):
    """Every command line of the doc's ``sh`` and ``cron`` blocks, in order (comments skipped)."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    return [line.strip() for _, block in FENCE.findall(text) for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def system_path():
    """PATH without the test's virtualenv: the scripts must find the system's python3."""
    venv = os.environ.get("VIRTUAL_ENV") or str(Path(sys.executable).parent.parent)
    return ":".join(p for p in os.environ.get("PATH", "/usr/bin:/bin").split(":") if not p.startswith(venv))


class Procedure:
    def __init__(self, root, substitutions=()):
        self.root = Path(root)
        self.documented = set(doc_commands())
        self.substitutions = list(substitutions)
        self.ran = set()
        self.env_file = self.root / "etc" / "portal" / "portal.env"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PORTAL_") and k != "VIRTUAL_ENV"},
            "PATH": f"{BIN}:{system_path()}",
            "PORTAL_ROOT": str(self.root / "srv" / "portal"),
            "PORTAL_ENV_FILE": str(self.env_file),
            "PORTAL_BACKUP_DIR": str(self.root / "var" / "backups" / "portal"),
            "PORTAL_USER": getpass.getuser(),
            "SYSTEMCTL": str(BIN / "systemctl"),
            "SYSTEMD_DIR": str(self.root / "etc" / "systemd" / "system"),
            "STAND_IN_ROOT": str(self.root),
        }

    def map(self, line):
        for production, here in self.substitutions:
            line = line.replace(production, here)
        for path in PRODUCTION_PATHS:
            line = re.sub(rf"(?<![\w/]){re.escape(path)}(?=/|\b|$)", f"{self.root}{path}", line)
        return line

    def run(self, *lines, status=0, input=None, timeout=600, **variables):
        """Run ``lines`` of the doc as one bash script (a ``cd`` holds for the lines after it)."""
        for line in lines:
            assert line in self.documented, f"not a command of {DOC.name}: {line}"
        script = "\n".join(self.map(line) for line in lines)
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=self.root, input=input,
                                env={**self.env, **variables}, capture_output=True, text=True,
                                timeout=timeout)
        self.ran.update(lines)
        assert result.returncode == status, (
            f"{script}\nexit {result.returncode}, not {status}\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def cron(self, line, **variables):
        """Run a line of the doc's crontab as cron does: its command, by sh, in an empty
        environment but cron's PATH, plus where the settings file is (PORTAL_ENV_FILE), which
        a real server does not need: there the file is at /etc/portal/portal.env."""
        assert line in self.documented, f"not a line of {DOC.name}: {line}"
        fields = line.split(None, 6)
        assert fields[5] == "portal", f"cron runs it as {fields[5]}, not the portal user"
        environment = {"PATH": "/usr/bin:/bin", "PORTAL_ENV_FILE": str(self.env_file), **variables}
        result = subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in environment.items()),
                                 "/bin/sh", "-c", self.map(fields[6])],
                                cwd=self.root, capture_output=True, text=True, timeout=300)
        self.ran.add(line)
        assert result.returncode == 0, f"{line}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    def not_run(self):
        """The doc's commands that have not run, but for the known exceptions."""
        return sorted(self.documented - self.ran - EXCEPTIONS)
