"""The servers under load: Granian (``portal serve``), gunicorn gthread, and nginx.

Each runs in its own process group on 127.0.0.1 and is stopped, whatever happens, when its
``with`` block ends.
"""

import os
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path

from . import ROOT, VENV_BIN
from .net import HOST, wait_until_up

WORKERS = 2
GTHREAD_THREADS = 4
STOP_GRACE_S = 10

NGINX_CONF = """\
daemon off;
master_process on;
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    charset utf-8;
    sendfile on;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen {host}:{port};
        root {root};
        index index.html;{locations}
    }}
}}
"""


def stop(process):
    """End the server's whole process group (master and workers): TERM, then KILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(STOP_GRACE_S)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def running(command, ready_url, log_path, env=None):
    """Start ``command``, wait until ``ready_url`` answers, yield, and always stop it."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(c) for c in command], cwd=ROOT, env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            try:
                wait_until_up(ready_url, process)
            except RuntimeError as error:
                tail = Path(log_path).read_text(errors="replace")[-1500:]
                raise RuntimeError(f"{command[0]}: {error}\n{tail}") from None
            yield process
        finally:
            stop(process)


def app_env(content, instance):
    """Environment for an app server. A fixed site URL makes canonical links independent of the
    port, so every server sends the very same bytes."""
    return {"PORTAL_CONTENT_DIR": str(content), "PORTAL_INSTANCE_DIR": str(instance),
            "PORTAL_SITE_URL": "http://127.0.0.1:8000"}


def granian(port, env, log_path):
    """The production server, started exactly as ``portal serve`` starts it."""
    command = [VENV_BIN / "portal", "serve", "--host", HOST, "--port", port, "--workers", WORKERS]
    return running(command, f"http://{HOST}:{port}/healthz", log_path, env)


def gunicorn(executable, port, env, log_path):
    command = [executable, "--worker-class", "gthread", "--workers", WORKERS,
               "--threads", GTHREAD_THREADS, "--bind", f"{HOST}:{port}", "portal.wsgi:app"]
    return running(command, f"http://{HOST}:{port}/healthz", log_path, env)


def nginx(executable, port, root, path, tmp, locations=""):
    """nginx serving the files under ``root`` (ready when ``path`` answers), state in ``tmp``;
    ``locations``: more lines for the server block."""
    conf = Path(tmp) / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=WORKERS, tmp=tmp, host=HOST, port=port, root=root,
                                      locations=locations))
    command = [executable, "-p", tmp, "-c", conf, "-e", Path(tmp) / "nginx-error.log"]
    return running(command, f"http://{HOST}:{port}{path}", Path(tmp) / "nginx.out")
