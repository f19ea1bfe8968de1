"""Run ``probe.py`` in fresh subprocesses: start-up (median of several runs), renders, memory.

Each corpus is first published into its fresh instance folder by ``portal publish`` (as
``make prepare`` does), so every probe, and thus start-up, reads a published generation.
"""

import json
import os
import subprocess
import sys
import time

from . import ROOT, VENV_BIN
from .stats import median

STARTUP_RUNS = 5
TIMEOUT_S = 120


def probe(*args):
    """One fresh process running ``bench.probe``; its JSON, plus the process's wall time."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.probe", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    if done.returncode:
        raise RuntimeError(f"probe {args[0]} failed:\n{done.stderr[-2000:]}")
    return {**json.loads(done.stdout), "process_s": time.perf_counter() - started}


def publish_once(content, instance):
    """``portal publish`` of ``content`` into ``instance``, in its own process; its wall time (s)."""
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content), "PORTAL_INSTANCE_DIR": str(instance)}
    started = time.perf_counter()
    done = subprocess.run([VENV_BIN / "portal", "publish"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S * 3)
    if done.returncode:
        raise RuntimeError(f"portal publish failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def startup(content, instance, runs=STARTUP_RUNS):
    """Import + create_app in a fresh process, ``runs`` times, from the published generation.

    Run it after the render probes: they have compiled the translation catalogs into the
    instance folder and warmed the file-system cache, as any real start after the first finds.
    """
    results = [probe("startup", content, instance) for _ in range(runs)]
    return {
        "from_published": all(r["from_published"] for r in results),
        "runs": results,
        "median_s": median([r["startup_s"] for r in results]),
        "import_median_s": median([r["import_s"] for r in results]),
        "create_app_median_s": median([r["create_app_s"] for r in results]),
        "process_median_s": median([r["process_s"] for r in results]),
    }


def renders(content, instance, cached):
    """Render times per page kind and peak memory, from one fresh process.

    Uncached runs set ``PAGE_CACHE_SIZE`` to 0, so every request renders; cached runs keep the
    app's default cache.
    """
    return probe("render", content, instance, "default" if cached else 0)


def measure_corpus(content, instance):
    """Every in-process figure for one content folder, after publishing it into ``instance``."""
    publish_s = publish_once(content, instance)
    uncached = renders(content, instance, cached=False)  # also the warm-up for start-up
    cached = renders(content, instance, cached=True)
    return {"publish_s": publish_s, "startup": startup(content, instance), "uncached": uncached,
            "cached": cached}
