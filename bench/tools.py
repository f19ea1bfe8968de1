"""External programs for the throughput comparison, installed when missing.

wrk and nginx come from Debian (``apt-get install -y wrk nginx-light``); gunicorn goes into the
project's virtualenv. When an install fails, the caller skips that part and says why.
"""

import os
import re
import shutil
import subprocess
from importlib import metadata

from . import VENV_BIN

GUNICORN = "gunicorn==23.0.0"
SYSTEM = {"wrk": "/usr/bin/wrk", "nginx": "/usr/sbin/nginx"}
INSTALL_TIMEOUT_S = 240


def locate(name):
    path = shutil.which(name) or SYSTEM.get(name)
    return path if path and os.access(path, os.X_OK) else None


def install(command):
    """Run an installer; return None on success, else a short reason."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if done.returncode == 0 else (done.stderr or done.stdout).strip()[-300:]


def system_tools(notes):
    """Paths of wrk and nginx (None when unavailable); appends what was done to ``notes``."""
    if not all(locate(name) for name in SYSTEM):
        failure = install(["apt-get", "install", "-y", "wrk", "nginx-light"])
        notes.append("installed wrk and nginx-light with apt-get" if failure is None
                     else f"apt-get install wrk nginx-light failed: {failure}")
    return {name: locate(name) for name in SYSTEM}


def gunicorn(notes):
    """Path of gunicorn in the virtualenv, installing it there if missing (None on failure)."""
    path = VENV_BIN / "gunicorn"
    if not path.exists():
        failure = install([VENV_BIN / "pip", "install", "--quiet", GUNICORN])
        notes.append(f"installed {GUNICORN} into .venv (only for this comparison)" if failure is None
                     else f"pip install {GUNICORN} failed: {failure}")
    return path if path.exists() else None


def versions(paths):
    """Versions of the servers and tools in use, for the report."""
    found = {}
    for package in ("granian", "gunicorn", "flask"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    for name, flag in (("nginx", "-v"), ("wrk", "-v")):
        if paths.get(name):
            done = subprocess.run([paths[name], flag], capture_output=True, text=True, timeout=10)
            version = re.search(r"\d+(?:\.\d+)+\S*", done.stderr + done.stdout)
            found[name] = version.group(0) if version else "unknown"
    return found
