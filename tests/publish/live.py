"""Real processes for the publishing tests: ``portal serve`` on a free port, as staff run it."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..lead_helpers import free_port

PORTAL = Path(sys.executable).with_name("portal")
ROOT = Path(__file__).resolve().parents[2]


def environment(content, instance, **extra):
    return {**os.environ, "PORTAL_CONTENT_DIR": str(content), "PORTAL_INSTANCE_DIR": str(instance),
            **extra}


def get(url, timeout=5):
    """``(status, text)`` of a GET; never raises for an HTTP error status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for(check, seconds, what):
    """Poll ``check()`` until it returns something true; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.2)


class Server:
    """``portal serve`` in its own session (so its workers and watcher stop with it)."""

    def __init__(self, env, log, *args):
        self.env, self.log, self.args = env, log, args
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, wait=True):
        self.output = open(self.log, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [PORTAL, "serve", "--port", str(self.port), "--workers", "2", *self.args], env=self.env,
            stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True)
        if wait:
            wait_for(self.up, 60, f"portal serve answering on {self.base}")
        return self

    def up(self):
        if self.process.poll() is not None:
            raise AssertionError(f"portal serve exited {self.process.returncode}: {self.text()}")
        try:
            return get(self.base + "/healthz", timeout=2)[0] == 200
        except OSError:
            return False

    def generation(self):
        import json

        return json.loads(get(self.base + "/healthz")[1])["content_version"]

    def text(self):
        return Path(self.log).read_text(encoding="utf-8", errors="replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # Ctrl-C, as staff stop it
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process:
            self.output.close()
        return self.process.returncode if self.process else None

    def restart(self):
        self.stop()
        return self.start()
