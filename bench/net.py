"""Loopback HTTP helpers: a free port, a plain GET (no proxy), waiting for a server to answer."""

import socket
import time
import urllib.error
import urllib.request

HOST = "127.0.0.1"
# Never through a proxy from the environment: every request here is to this machine.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(url, timeout=10):
    """The body of a 200 answer; raises for anything else."""
    with OPENER.open(url, timeout=timeout) as response:
        if response.status != 200:
            raise OSError(f"{url} answered {response.status}")
        return response.read()


def wait_until_up(url, process, timeout=60):
    """Poll ``url`` until it answers 200; fail early if ``process`` exits."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode} before answering")
        try:
            return get(url, timeout=2)
        except urllib.error.HTTPError as error:  # up, but not serving the page: waiting won't help
            raise RuntimeError(f"{url} answered {error.code}") from None
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no answer from {url} within {timeout} s") from None
            time.sleep(0.1)
