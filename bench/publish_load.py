"""Requests served while publishes run: a project page under wrk through Granian, against nginx.

``portal serve`` (Granian, 2 workers, the watcher on) serves a temporary copy of the sample
content; nginx serves the page's bytes as a static file, as in ``throughput.py``. While wrk loads
the page, an editor saves a news item every 0.6 s (longer than the watcher's quiet period):
its text and a new cover, a 12-megapixel phone photo (``photo.py``), two versions in turn made
unique by a few bytes after the image's end, each written under a temporary name and renamed.
Every publish thus strips and resizes a photo, so a publish is running for most of the window,
and the workers switch generation after generation under load. The news item is not on the
project page, so the bytes stay the same (checked after the run). The watcher's CPU time over
each window tells how busy publishing kept it. Round after round wrk visits, in turn, Granian
and nginx while publishing, then both idle; each figure is the median of its rounds.

``python -m bench.publish_load`` runs this part alone and prints the figures as JSON.
"""

import os
import shutil
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from . import live, photo, servers, tools, wrk
from .measure import publish_once
from .net import HOST, free_port, get
from .throughput import static_copy, summarise

ROUNDS = 3
EDIT_EVERY_S = 0.6
NEWS = "news/2026-03-18-shenzhen-roadshow"  # its index.zh.md names cover.jpg
PAGE = "/zh/projects/manganese-deep-processing/"


def cpu_seconds(pid):
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks (USER_HZ = 100)


def watcher_pid(server):
    """The ``portal publish --watch`` child of ``portal serve``."""
    for task in Path(f"/proc/{server.pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"publish" in Path(f"/proc/{child}/cmdline").read_bytes():
                return int(child)
    raise RuntimeError("portal serve started no watcher")


class Editor:
    """Saves a file every ``EDIT_EVERY_S`` while active; counts the generations that went live."""

    def __init__(self, folder, base, watcher, photos):
        self.folder, self.base, self.watcher, self.photos = folder, base, watcher, photos
        self.original = (folder / "index.zh.md").read_text(encoding="utf-8")
        self.edits = 0

    def version(self):
        import json

        return json.loads(get(self.base + "/healthz"))["content_version"]

    def __enter__(self):
        self.stop, self.versions = threading.Event(), {self.version()}
        self.cpu, self.started = cpu_seconds(self.watcher), time.monotonic()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def save(self):
        """The text and the cover of the news item, as staff save a new version of both."""
        self.edits += 1  # every save differs from all before it, so every publish has work to do
        text = f"{self.original}\n<!-- {self.edits} -->\n"
        (self.folder / "index.zh.md").write_text(text, encoding="utf-8")
        partial = self.folder / "cover.jpg.tmp"  # ignored by the watcher until renamed
        partial.write_bytes(self.photos[self.edits % 2] + str(self.edits).encode())  # after the JPEG's end
        os.replace(partial, self.folder / "cover.jpg")

    def run(self):
        while not self.stop.is_set():
            self.save()
            deadline = time.monotonic() + EDIT_EVERY_S
            while time.monotonic() < deadline:
                self.versions.add(self.version())
                time.sleep(0.1)

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        window = time.monotonic() - self.started
        self.figures = {"publishes": len(self.versions) - 1, "window_s": window,
                        "publisher_cpu_s": cpu_seconds(self.watcher) - self.cpu}
        settle(self.version)


def phone_photos(tmp):
    """Two versions of a 12-megapixel phone photo, as bytes."""
    versions = []
    for quality in (photo.QUALITY, photo.QUALITY - 1):
        path = tmp / f"phone-{quality}.jpg"
        photo.phone_jpeg(path, quality)
        versions.append(path.read_bytes())
    return versions


def settle(version, quiet_s=3.0, timeout=60):
    """Wait until the live generation has stayed the same for ``quiet_s`` (the last publish done)."""
    deadline, last, since = time.monotonic() + timeout, version(), time.monotonic()
    while time.monotonic() - since < quiet_s and time.monotonic() < deadline:
        time.sleep(0.2)
        now = version()
        if now != last:
            last, since = now, time.monotonic()


def rounds(executable, urls, editor):
    """wrk on each server while publishing and idle, interleaved; ``(runs, publish figures)``."""
    with editor:  # the watcher's first publishes load what a publish needs (jieba, PIL)
        time.sleep(3)
    for url in urls.values():
        wrk.run(executable, url, 2)
    runs, publishing = {}, []
    for _ in range(ROUNDS):
        for mode in ("publishing", "idle"):
            for name, url in urls.items():
                if mode == "idle":
                    runs.setdefault(f"{name} idle", []).append(wrk.run(executable, url))
                    continue
                with editor:
                    result = wrk.run(executable, url)
                runs.setdefault(f"{name} publishing", []).append(result)
                publishing.append({"server": name, **editor.figures})
    return runs, publishing


def measure(content, tmp):
    """Requests, errors and throughput during publishes, or ``"skipped"`` with the reason."""
    notes = []
    paths = tools.system_tools(notes)
    result = {"path": PAGE, "notes": notes, "rounds": ROUNDS, "wrk": f"-t{wrk.THREADS} -c{wrk.CONNECTIONS} "
              f"-d{wrk.DURATION_S}s", "edit_every_s": EDIT_EVERY_S}
    if not (paths["wrk"] and paths["nginx"]):
        return {**result, "skipped": "wrk or nginx is not available"}
    tmp = Path(tmp)
    copy = tmp / "content"
    shutil.copytree(content, copy)
    env = servers.app_env(copy, tmp / "instance")
    publish_once(copy, tmp / "instance")
    try:
        with ExitStack() as stack:
            port = free_port()
            server = stack.enter_context(servers.granian(port, env, tmp / "granian.log"))
            live.wait_for_watcher(tmp / "granian.log", server)
            bases = {"granian": f"http://{HOST}:{port}"}
            body = get(bases["granian"] + PAGE)
            nginx_port = free_port()
            root = static_copy(stack, body, PAGE)
            stack.enter_context(servers.nginx(paths["nginx"], nginx_port, root, PAGE, tmp))
            bases["nginx"] = f"http://{HOST}:{nginx_port}"
            editor = Editor(copy / NEWS, bases["granian"], watcher_pid(server), phone_photos(tmp))
            runs, publishing = rounds(paths["wrk"], {n: b + PAGE for n, b in bases.items()}, editor)
            same = get(bases["granian"] + PAGE) == body
    except (OSError, RuntimeError) as error:
        return {**result, "skipped": f"a server or wrk failed: {error}"}
    servers_ = summarise(runs, nginx="nginx idle")
    for mode in ("publishing", "idle"):  # each against nginx measured the same way
        servers_[f"granian {mode}"]["nginx_same_ratio"] = (
            servers_[f"nginx {mode}"]["requests_per_s"] / servers_[f"granian {mode}"]["requests_per_s"])
    return {**result, "page_bytes": len(body), "same_bytes_after": same, "servers": servers_,
            "publishing": publishing}


if __name__ == "__main__":
    import json
    import tempfile

    from . import ROOT

    with tempfile.TemporaryDirectory(prefix="portal-bench-publish-") as scratch:
        print(json.dumps(measure(ROOT / "content", scratch), indent=1, default=str))
