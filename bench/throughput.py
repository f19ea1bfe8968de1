"""One project page under load: Granian vs gunicorn gthread vs nginx serving the same bytes.

All servers run at once on 127.0.0.1; wrk visits them in turn, round after round, so a busy
spell on this shared machine falls on every server alike. Each server's figure is the median
of its rounds, and the app servers are judged by their ratio to the same-run nginx.
"""

import os
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

from . import servers, tools, wrk
from .net import HOST, free_port, get
from .stats import median

ROUNDS = 3
WARMUP_S = 2


def static_copy(stack, body, path):
    """Write ``body`` to ``<root><path>index.html`` in a new world-readable folder; return root.

    nginx workers run as an unprivileged user, so the copy lives outside the bench's private
    temporary folder; it is removed when ``stack`` closes.
    """
    root = Path(tempfile.mkdtemp(prefix="portal-bench-static-"))
    stack.callback(shutil.rmtree, root, ignore_errors=True)
    target = root / path.strip("/") / "index.html"
    target.parent.mkdir(parents=True)
    target.write_bytes(body)
    folder = target.parent
    while folder != root.parent:
        os.chmod(folder, 0o755)
        folder = folder.parent
    os.chmod(target, 0o644)
    return root


def start_servers(stack, content, path, tmp, paths):
    """Start every server available; return ``({name: base_url}, page bytes)``."""
    env = servers.app_env(content, tmp / "instance")
    bases = {}
    port = free_port()
    stack.enter_context(servers.granian(port, env, tmp / "granian.log"))
    bases["granian"] = f"http://{HOST}:{port}"
    if paths["gunicorn"]:
        port = free_port()
        stack.enter_context(servers.gunicorn(paths["gunicorn"], port, env, tmp / "gunicorn.log"))
        bases["gunicorn"] = f"http://{HOST}:{port}"
    body = get(bases["granian"] + path)
    if paths["nginx"]:
        root = static_copy(stack, body, path)
        port = free_port()
        stack.enter_context(servers.nginx(paths["nginx"], port, root, path, tmp))
        bases["nginx"] = f"http://{HOST}:{port}"
    return bases, body


def load_rounds(executable, urls):
    """``{name: [wrk result per round]}``, each server once per round, after a short warm-up."""
    for url in urls.values():
        wrk.run(executable, url, WARMUP_S)
    runs = {name: [] for name in urls}
    for _ in range(ROUNDS):
        for name, url in urls.items():
            runs[name].append(wrk.run(executable, url))
    return runs


def summarise(runs, nginx="nginx"):
    summary = {}
    for name, results in runs.items():
        rps = median([r["requests_per_s"] for r in results])
        summary[name] = {
            "requests_per_s": rps,
            "latency_p50_ms": median([r["latency_p50_ms"] for r in results]),
            "latency_p99_ms": median([r["latency_p99_ms"] for r in results]),
            "errors": sum(r["socket_errors"] + r["non_2xx"] for r in results),
            "runs": results,
        }
    if nginx in summary:
        for figures in summary.values():
            figures["nginx_ratio"] = summary[nginx]["requests_per_s"] / figures["requests_per_s"]
    return summary


def compare(content, path, tmp):
    """Throughput of ``path`` under each server, or ``"skipped"`` with the reason it could not run."""
    notes = []
    paths = {**tools.system_tools(notes), "gunicorn": tools.gunicorn(notes)}
    result = {"path": path, "notes": notes, "versions": tools.versions(paths),
              "wrk": f"-t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{wrk.DURATION_S}s, {ROUNDS} rounds",
              "workers": servers.WORKERS, "gthread_threads": servers.GTHREAD_THREADS}
    if not paths["wrk"]:
        return {**result, "skipped": "wrk is not installed and could not be installed"}
    if not paths["nginx"]:
        notes.append("nginx is not available: no static reference, so no ratios")
    if not paths["gunicorn"]:
        notes.append("gunicorn is not available: Granian is measured alone")
    Path(tmp).mkdir(parents=True, exist_ok=True)
    try:
        with ExitStack() as stack:
            bases, body = start_servers(stack, content, path, Path(tmp), paths)
            same = {name: get(base + path) == body for name, base in bases.items()}
            runs = load_rounds(paths["wrk"], {name: base + path for name, base in bases.items()})
    except (OSError, RuntimeError) as error:
        return {**result, "skipped": f"a server or wrk failed: {error}"}
    return {**result, "page_bytes": len(body), "same_bytes": same, "servers": summarise(runs)}
