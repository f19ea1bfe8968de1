"""A stand-in for systemd in tests: the shipped units run as real processes under a test's root.

``Systemd(root)`` reads the units that ``deploy/install`` copied into ``ROOT/etc/systemd/system``,
loads each one's ``EnvironmentFile=`` (systemd's rules: NAME=value, nothing expanded) into an
environment that is otherwise as empty as systemd's, and runs its ``ExecStart=`` in its
``WorkingDirectory=`` with the production paths (/srv/portal, /etc/portal, /var/backups/portal)
moved under the root: the only rewrite. ``User=`` is not applied (the test is the portal user).
A service stops as systemd stops it: ``KillSignal=`` to the main process (``KillMode=mixed``) or
to its whole process group, ``SIGKILL`` after ``TimeoutStopSec=``.

State (pid files, logs) lives in ``ROOT/run/stand-in/``, so the ``systemctl`` stand-in beside
this file (a separate process, run by deploy/upgrade as ``$SYSTEMCTL``) restarts the same
processes the test started. Standard library only: that script runs it with any python3.
"""

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

PRODUCTION_PATHS = ("/srv/portal", "/etc/portal", "/var/backups/portal")
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # systemd's default
SYSTEMCTL = Path(__file__).with_name("systemctl")
DURATION = re.compile(r"(\d+)\s*(min|s)?")


def read_unit(path):
    """{section: {key: value}} of a unit file (the last value of a key wins)."""
    sections, section = {}, None
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = sections.setdefault(line.strip("[]"), {})
        else:
            key, _, value = line.partition("=")
            section[key.strip()] = value.strip()
    return sections


def read_environment_file(path):
    """The variables of an ``EnvironmentFile=``, as systemd reads them: no expansion."""
    values = {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def seconds(duration, default=90):
    found = DURATION.fullmatch(duration or "")
    if not found:
        return default
    return int(found.group(1)) * (60 if found.group(2) == "min" else 1)


def alive(pid):
    """Whether ``pid`` runs (a zombie does not; one of ours is reaped here)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass  # started by another process (the systemctl stand-in): init reaps it
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class Systemd:
    def __init__(self, root):
        self.root = Path(root)
        self.units = self.root / "etc" / "systemd" / "system"
        self.state = self.root / "run" / "stand-in"
        self.state.mkdir(parents=True, exist_ok=True)

    def map(self, text):
        for path in PRODUCTION_PATHS:
            text = re.sub(rf"(?<![\w/]){re.escape(path)}(?=/|\b|$)", f"{self.root}{path}", text)
        return text

    def unit(self, name):
        return read_unit(self.units / name)

    def command(self, name):
        """(argv, working directory, environment) of a service unit, as systemd would run it."""
        service = self.unit(name)["Service"]
        environment = {"PATH": SYSTEMD_PATH, "LANG": "C.UTF-8"}
        if "EnvironmentFile" in service:
            environment.update(read_environment_file(self.map(service["EnvironmentFile"].lstrip("-"))))
        return (shlex.split(self.map(service["ExecStart"])), self.map(service.get("WorkingDirectory", "/")),
                environment)

    def pid(self, name):
        try:
            pid = int((self.state / f"{name}.pid").read_text())
        except (OSError, ValueError):
            return None
        return pid if alive(pid) else None

    def log(self, name):
        path = self.state / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, name):
        """Start a service (Type=exec: returns once it is started); a timer is only marked."""
        if name.endswith(".timer"):
            (self.state / f"{name}.active").touch()
            return
        if self.pid(name):
            return
        if self.unit(name)["Service"].get("Type") == "oneshot":
            self.run(name, check=True)
            return
        argv, cwd, environment = self.command(name)
        with open(self.state / f"{name}.log", "a") as log:
            log.write(f"--- started {' '.join(argv)}\n")
            log.flush()
            process = subprocess.Popen(argv, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        (self.state / f"{name}.pid").write_text(str(process.pid))

    def run(self, name, check=False, timeout=300):
        """Run a oneshot service to its end (``systemctl start`` of a timer's job)."""
        argv, cwd, environment = self.command(name)
        result = subprocess.run(argv, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=timeout)
        with open(self.state / f"{name}.log", "a") as log:
            log.write(f"--- ran {' '.join(argv)}: exit {result.returncode}\n{result.stdout}{result.stderr}")
        if check and result.returncode:
            raise RuntimeError(f"{name} failed ({result.returncode}): {result.stderr[-2000:]}")
        return result

    def stop(self, name):
        """Stop a service as systemd does; return True if it ended by itself within its timeout."""
        (self.state / f"{name}.active").unlink(missing_ok=True)
        pid = self.pid(name)
        if pid is None:
            return True
        service = self.unit(name)["Service"]
        sig = signal.Signals[service.get("KillSignal", "SIGTERM")]
        try:
            if service.get("KillMode") == "mixed":
                os.kill(pid, sig)
            else:
                os.killpg(pid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + seconds(service.get("TimeoutStopSec"))
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        clean = not alive(pid)
        with open(self.state / f"{name}.log", "a") as log:
            timeout = seconds(service.get("TimeoutStopSec"))
            log.write(f"--- stopped by {sig.name}\n" if clean else
                      f"--- KILLED: still running {timeout} s after {sig.name}\n")
        try:
            os.killpg(pid, signal.SIGKILL)  # the rest of its group, as systemd ends the cgroup
        except ProcessLookupError:
            pass
        while alive(pid):
            time.sleep(0.05)
        (self.state / f"{name}.pid").unlink(missing_ok=True)
        return clean

    def restart(self, name):
        self.stop(name)
        self.start(name)

    def is_active(self, name):
        return (self.state / f"{name}.active").exists() if name.endswith(".timer") else bool(self.pid(name))

    def stop_all(self):
        for path in self.state.glob("*.pid"):
            self.stop(path.name.removesuffix(".pid"))

    def systemctl(self, args):
        """The few ``systemctl`` verbs the scripts and docs/operations.md use; its exit status."""
        verb, *rest = args
        now = "--now" in rest
        names = [n if "." in n else f"{n}.service" for n in rest if not n.startswith("-")]
        if verb == "daemon-reload":
            return 0
        if verb in ("start", "stop", "restart"):
            for name in names:
                getattr(self, verb)(name)
            return 0
        if verb == "enable":
            for name in names:
                (self.state / f"{name}.enabled").touch()
                if now:
                    self.start(name)
            return 0
        if verb in ("is-active", "status"):
            states = [self.is_active(n) for n in names]
            for name, active in zip(names, states, strict=True):
                print(f"{name}: {'active' if active else 'inactive'}")
            return 0 if all(states) else 3
        if verb == "list-timers":
            for path in sorted(self.units.glob(rest[0] if rest else "*.timer")):
                if path.suffix == ".timer":
                    state = "active" if self.is_active(path.name) else "inactive"
                    print(f"{path.name}: {self.unit(path.name)['Timer']['OnCalendar']} ({state})")
            return 0
        print(f"systemctl stand-in: {verb} is not supported", file=sys.stderr)
        return 1


if __name__ == "__main__":  # the systemctl stand-in: python3 services.py ROOT VERB UNIT...
    sys.exit(Systemd(sys.argv[1]).systemctl(sys.argv[2:]))
