"""A compressed page under load: Granian (``portal serve``) against nginx sending the same bytes.

A project page is fetched once from Granian with ``Accept-Encoding: br`` and once with ``gzip``;
nginx then serves exactly those compressed bytes as static files with the same
``Content-Encoding`` and ``Vary`` headers (``add_header``: no compression module needed, so
Brotli is compared too). wrk sends the matching ``Accept-Encoding`` to both, round after round,
the servers and codings interleaved so a busy spell falls on all alike; each figure is the
median of its rounds, and Granian is judged by nginx's ratio to it in the same run (target
≤ 1.25×).

``python -m bench.compressed`` runs this part alone, prints the figures and rewrites its section
of BENCHMARKS.md.
"""

import json
import subprocess
import sys
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from . import ROOT, servers, tools, wrk
from .machine import describe
from .net import HOST, OPENER, free_port
from .sections import write_section
from .stats import median
from .throughput import static_copy

PATH = "/zh/projects/manganese-deep-processing/"
CODINGS = ("br", "gzip")
ROUNDS = 3
WARMUP_S = 2
TARGET_RATIO = 1.25
SECTION = "## Compressed pages: Granian against nginx"

# nginx sends each precompressed copy with its Content-Encoding (no brotli module needed).
ENCODED = """
        location /br/ { add_header Content-Encoding br; add_header Vary Accept-Encoding; }
        location /gzip/ { add_header Content-Encoding gzip; add_header Vary Accept-Encoding; }"""


def fetch(url, coding):
    """``(body as sent, Content-Encoding)`` of ``url`` asked for in ``coding``."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": coding})
    with OPENER.open(request, timeout=10) as response:
        return response.read(), response.headers.get("Content-Encoding", "identity")


def load(executable, url, coding, duration_s=wrk.DURATION_S):
    """wrk against ``url`` with ``Accept-Encoding: coding``, parsed as ``bench.wrk`` parses it."""
    command = [executable, f"-t{wrk.THREADS}", f"-c{wrk.CONNECTIONS}", f"-d{duration_s}s", "--latency",
               "-H", f"Accept-Encoding: {coding}", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 30)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return wrk.parse(done.stdout)


def start(stack, paths, tmp):
    """Granian and nginx (serving Granian's compressed bytes); return (urls, bodies)."""
    env = servers.app_env(ROOT / "content", tmp / "instance")
    port = free_port()
    stack.enter_context(servers.granian(port, env, tmp / "granian.log"))
    granian = f"http://{HOST}:{port}"
    bodies = {c: fetch(granian + PATH, c) for c in CODINGS}
    root = static_copy(stack, b"", "/unused/")
    for coding, (body, sent) in bodies.items():
        if sent != coding:
            raise RuntimeError(f"Granian answered Accept-Encoding: {coding} with {sent}")
        static_copy_into(root, f"/{coding}/", body)
    port = free_port()
    stack.enter_context(servers.nginx(paths["nginx"], port, root, "/gzip/", tmp, locations=ENCODED))
    nginx = f"http://{HOST}:{port}"
    urls = {(server, c): (base + (PATH if server == "granian" else f"/{c}/"))
            for server, base in (("granian", granian), ("nginx", nginx)) for c in CODINGS}
    return urls, {c: body for c, (body, _) in bodies.items()}


def static_copy_into(root, path, body):
    target = Path(root) / path.strip("/") / "index.html"
    target.parent.mkdir(parents=True)
    target.write_bytes(body)
    target.parent.chmod(0o755)
    target.chmod(0o644)


def measure(tmp):
    notes = []
    paths = tools.system_tools(notes)
    if not paths["wrk"] or not paths["nginx"]:
        return {"skipped": "wrk or nginx is not available", "notes": notes}
    tmp = Path(tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        urls, bodies = start(stack, paths, tmp)
        same = {f"{s} {c}": fetch(url, c) == (bodies[c], c) for (s, c), url in urls.items()}
        for (_, coding), url in urls.items():
            load(paths["wrk"], url, coding, WARMUP_S)
        runs = {key: [] for key in urls}
        for _ in range(ROUNDS):
            for key, url in urls.items():
                runs[key].append(load(paths["wrk"], url, key[1]))
    figures = {f"{s} {c}": {"requests_per_s": median([r["requests_per_s"] for r in results]),
                            "latency_p50_ms": median([r["latency_p50_ms"] for r in results]),
                            "latency_p99_ms": median([r["latency_p99_ms"] for r in results]),
                            "errors": sum(r["socket_errors"] + r["non_2xx"] for r in results),
                            "rounds": [r["requests_per_s"] for r in results]}
               for (s, c), results in runs.items()}
    ratios = {c: figures[f"nginx {c}"]["requests_per_s"] / figures[f"granian {c}"]["requests_per_s"]
              for c in CODINGS}
    return {"path": PATH, "bytes": {c: len(b) for c, b in bodies.items()}, "same_bytes": same,
            "servers": figures, "nginx_ratio": ratios, "versions": tools.versions(paths), "notes": notes,
            "wrk": f"-t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{wrk.DURATION_S}s, {ROUNDS} rounds"}


def section(result, machine):
    lines = [SECTION, "",
             "`python -m bench.compressed`: the page as Granian (`portal serve --workers 2`) sends it "
             "compressed from its page cache, against nginx (2 workers) serving the very same "
             "compressed bytes as a static file with the same `Content-Encoding` (set by `add_header`, "
             "so Brotli needs no nginx module). wrk sends the matching `Accept-Encoding`; servers and "
             "codings interleaved round by round; medians of the rounds. Target: nginx ÷ Granian "
             f"≤ {TARGET_RATIO}×.", "",
             f"Machine: {machine['cpu']}, {machine['cores']} cores; load average at start "
             f"{', '.join(map(str, machine['load_average_at_start']))}; {machine['date']}.", ""]
    if "skipped" in result:
        return "\n".join([*lines, f"Skipped: {result['skipped']}", ""])
    lines += [f"Page `{result['path']}`: " + ", ".join(f"{c} {n:,} bytes" for c, n in result["bytes"].items())
              + f"; wrk {result['wrk']}.", "",
              "| server, coding | req/s (median) | req/s per round | latency p50 | latency p99 | errors "
              "| same bytes |", "|---|---|---|---|---|---|---|"]
    for name, f in result["servers"].items():
        rounds = ", ".join(f"{r:,.0f}" for r in f["rounds"])
        lines.append(f"| {name} | {f['requests_per_s']:,.0f} | {rounds} | "
                     f"{f['latency_p50_ms']:.2f} ms | {f['latency_p99_ms']:.2f} ms | {f['errors']} | "
                     f"{'yes' if result['same_bytes'][name] else 'NO'} |")
    lines += [""] + [f"- nginx ÷ Granian, {c}: **{r:.2f}×** (target ≤ {TARGET_RATIO}×: "
                     f"{'PASS' if r <= TARGET_RATIO else 'FAIL'})" for c, r in result["nginx_ratio"].items()]
    lines += ["", "Versions: " + "; ".join(f"{k} {v}" for k, v in result["versions"].items()) + "."]
    return "\n".join(lines + [f"- {n}" for n in result["notes"]]) + "\n"


def run(tmp):
    print("[bench] a compressed page: Granian against nginx, br and gzip (about 3 minutes)",
          file=sys.stderr, flush=True)
    machine = describe()
    result = measure(tmp)
    write_section(SECTION, section(result, machine))
    return result


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="portal-bench-compressed-") as scratch:
        print(json.dumps(run(scratch), indent=2, default=str))
