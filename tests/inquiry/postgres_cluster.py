"""A private PostgreSQL cluster that a test may stop and start again: the database going down under
a running site, as it does in production. Debian's binaries refuse to run as root, so as root
they run as the ``postgres`` user; the data folder, the socket and the log live in a temporary
folder of their own (pytest's are closed to other users), removed by ``close``; the port is free."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..lead_helpers import free_port
from ..quality.components import require

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def require_binaries():
    found = bool(BINARIES) or bool(shutil.which("pg_ctl"))
    require(found, "PostgreSQL server binaries missing (apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            require(False, "running as root without a postgres user to run PostgreSQL as")


class Cluster:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.bin = Path(BINARIES[-1]) if BINARIES else Path(shutil.which("pg_ctl")).parent
        self.running = False

    @property
    def url(self):
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *argv, check=True):
        command = [str(self.bin / argv[0]), *argv[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        return self

    def start(self):
        options = f"-p {self.port} -k {self.folder} -h 127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        self.running = True

    def stop(self, mode="immediate"):
        """Stop the server; ``immediate`` is a crash as far as clients can tell."""
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def close(self):
        try:
            if self.running:
                self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
                self.running = False
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
