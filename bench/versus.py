"""The working tree against an earlier commit, in the same run: start-up and page renders.

``.venv/bin/python -m bench.versus REV [ROUNDS]`` checks REV out into a temporary worktree,
publishes the sample content for each tree into its own instance folder, then runs the same
probes (``bench.probe``: start-up in a fresh process, uncached renders of home, list and project
pages) alternately for the two trees, ROUNDS times (default 5), and prints the medians and their
ratio. Alternating keeps a busy machine's noise on both sides: the ratio is the figure to read.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import ROOT

PY = sys.executable


def publish(tree, content, instance):
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content), "PORTAL_INSTANCE_DIR": str(instance)}
    subprocess.run([PY, "-m", "portal.cli", "publish"], cwd=tree, env=env, check=True,
                   capture_output=True)


def probe(tree, *args):
    # Run from the tree itself: its ``portal`` package comes first on sys.path.
    done = subprocess.run([PY, "-m", "bench.probe", *map(str, args)], cwd=tree, check=True,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tree)})
    return json.loads(done.stdout)


def compare(rev, rounds=5):
    tmp = Path(tempfile.mkdtemp(prefix="bench-versus-"))
    old = tmp / "old"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(old), rev], cwd=ROOT, check=True)
    try:
        shutil.copytree(ROOT / "bench", old / "bench", dirs_exist_ok=True)  # the same probes
        trees = {rev: old, "working tree": ROOT}
        places = {}
        for name, tree in trees.items():
            content, instance = tmp / f"{len(places)}-content", tmp / f"{len(places)}-instance"
            shutil.copytree(tree / "content", content)
            publish(tree, content, instance)
            places[name] = (content, instance)
        figures = {name: {} for name in trees}
        for number in range(rounds):
            order = list(trees) if number % 2 == 0 else list(reversed(trees))
            for name in order:
                content, instance = places[name]
                rendered = probe(trees[name], "render", content, instance, 0)
                for kind, timing in rendered["pages"].items():
                    figures[name].setdefault(f"render {kind}, uncached p50 (ms)", []).append(timing["p50"])
                started = probe(trees[name], "startup", content, instance)
                figures[name].setdefault("start-up: import + create_app (s)", []).append(started["startup_s"])
        return figures
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def table(rev, figures):
    old, new = figures[rev], figures["working tree"]
    lines = [f"| Figure (median of {len(next(iter(new.values())))}) | {rev} | working tree | ratio |",
             "|---|---|---|---|"]
    for key in new:
        a, b = statistics.median(old[key]), statistics.median(new[key])
        lines.append(f"| {key} | {a:.3g} | {b:.3g} | {b / a:.2f}× |")
    return "\n".join(lines)


def main():
    rev, *rest = sys.argv[1:]
    print(table(rev, compare(rev, int(rest[0]) if rest else 5)))
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
