"""Save → live: how long after staff save a file its page and search show it, under ``portal serve``.

A temporary copy of a content folder is published once (``portal publish``, as ``make prepare``
does) and served by ``portal serve`` (Granian, 2 workers, the watcher on), as the bureau runs
it. Each repetition either copies a new project folder into ``projects/`` (a sample project,
photos included, under a title of its own) or edits the Chinese title of a published project.
The clock starts before the first byte is written; then the project page and a search for a
word of the new title are fetched every 50 ms until, in the same round, the page answers 200
with the new title and the search results link to it.

``python -m bench.live`` runs this part alone on the sample content and prints the figures.
"""

import random
import shutil
import sys
import tempfile
import time
import urllib.error
from pathlib import Path

from . import ROOT
from .measure import publish_once
from .net import HOST, OPENER, free_port
from .servers import app_env, granian
from .stats import median

POLL_S = 0.05
REPETITIONS = {"sample": 5, "1,000 projects": 3}  # of each kind of change
TIMEOUT_S = {"sample": 60, "1,000 projects": 180}  # give up on one change after this
TEMPLATE = "fuxi-tea-processing"  # a sample project with a photo, copied as staff copy a folder
TEMPLATE_TITLE = "title: 富硒茶精深加工项目"
LETTERS = "bcdfghjklmnpqrstvwxz"  # no vowels: never read as pinyin, never near another word


def fetch(url):
    """``(status, text)``; never raises for an HTTP error status or a refused connection."""
    try:
        with OPENER.open(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return None, ""


def token(rng):
    """A made-up Latin word: search finds exactly the document that holds it."""
    return "xq" + "".join(rng.choice(LETTERS) for _ in range(8))


def wait_live(base, slug, word, started, timeout):
    """Seconds from ``started`` until page and search both show ``word``, or None after ``timeout``."""
    page, link = f"{base}/zh/projects/{slug}/", f'href="/zh/projects/{slug}/"'
    seen = {}
    while time.perf_counter() - started < timeout:
        status, text = fetch(page)
        page_ok = status == 200 and word in text
        search_ok = link in fetch(f"{base}/zh/search?q={word}")[1]
        now = time.perf_counter() - started
        for name, ok in (("page_s", page_ok), ("search_s", search_ok)):
            if ok:
                seen.setdefault(name, now)
        if page_ok and search_ok:
            return {"live_s": now, **seen}
        time.sleep(POLL_S)
    return {"live_s": None, **seen}


def retitle(path, word):
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\ntitle: ")
    title_line, _, tail = rest.partition("\n")
    return f"{head}\ntitle: {title_line.split(' xq')[0]} {word}\n{tail}"


def add_project(content, staging, number, word):
    """Copy the template project as a new folder with ``word`` in its titles; return (slug, started)."""
    slug = f"bench-live-{number}"
    folder = staging / slug
    shutil.copytree(ROOT / "content" / "projects" / TEMPLATE, folder)
    for index in folder.glob("index.*.md"):
        index.write_text(retitle(index, word), encoding="utf-8")
    started = time.perf_counter()
    shutil.copytree(folder, content / "projects" / slug)  # as a file manager copies a folder
    return slug, started


def edit_title(content, word):
    """Put ``word`` into the Chinese title of the template project; return (slug, started)."""
    path = content / "projects" / TEMPLATE / "index.zh.md"
    text = retitle(path, word)
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    return TEMPLATE, started


def wait_for_watcher(log_path, process, timeout=120):
    """Until ``portal publish --watch`` says it is watching (then a moment for its first look)."""
    deadline = time.monotonic() + timeout
    while "watching " not in Path(log_path).read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the watcher did not start:\n{Path(log_path).read_text()[-1500:]}")
        time.sleep(0.1)
    time.sleep(1.5)


def measure(content, tmp, repetitions, timeout):
    """Save → live for ``repetitions`` new folders and as many title edits, on a copy of ``content``."""
    tmp = Path(tmp)
    copy, staging = tmp / "content", tmp / "staging"
    shutil.copytree(content, copy)
    staging.mkdir()
    env = app_env(copy, tmp / "instance")
    first_publish_s = publish_once(copy, tmp / "instance")
    rng = random.Random(9)
    runs = {"new project folder": [], "title edit": []}
    port = free_port()
    base = f"http://{HOST}:{port}"
    with granian(port, env, tmp / "serve.log") as server:
        wait_for_watcher(tmp / "serve.log", server)
        for number in range(repetitions):
            for kind in runs:
                word = token(rng)
                if kind == "title edit":
                    slug, started = edit_title(copy, word)
                else:
                    slug, started = add_project(copy, staging, number, word)
                runs[kind].append({**wait_live(base, slug, word, started, timeout), "slug": slug})
    return {"first_publish_s": first_publish_s, "timeout_s": timeout, "kinds": summarise(runs)}


def summarise(runs):
    summary = {}
    for kind, results in runs.items():
        times = [r["live_s"] for r in results]
        done = [t for t in times if t is not None]
        summary[kind] = {"runs": results, "median_s": median(done) if len(done) == len(times) else None,
                         "max_s": max(done) if len(done) == len(times) else None,
                         "missed": len(times) - len(done)}
    return summary


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="portal-bench-live-") as scratch:
        reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
        result = measure(ROOT / "content", scratch, reps, 60)
        print(f"first publish {result['first_publish_s']:.2f} s")
        for kind, s in result["kinds"].items():
            print(kind, [round(r["live_s"] or -1, 2) for r in s["runs"]], s["median_s"], s["max_s"])
