"""Measurements taken inside a fresh Python process; the parent runs this as a script.

``python -m bench.probe startup CONTENT INSTANCE`` times import + ``create_app`` (reading the
published generation) and says whether that generation was there before the process started.
``python -m bench.probe render CONTENT INSTANCE CACHE_SIZE`` (a number, or ``default``) also times
pages with the Flask test client and reads the peak memory. Each run prints one JSON object on
stdout. The clock starts before the portal is imported, so start-up includes every import the
app needs.
"""

import time

START = time.perf_counter()

import json  # noqa: E402  (after the clock starts, on purpose)
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402

from .stats import summary  # noqa: E402

DETAIL_PAGES = 50  # project pages visited in turn, so that no single page decides the figure
ITERATIONS = 300  # requests per page kind at most...
BUDGET_S = 2.0  # ...or until this much time has passed
MIN_SAMPLES = 30


def load_app(content, instance, cache_size=None):
    """The app and how long import and ``create_app`` took, in seconds."""
    from portal import create_app

    imported = time.perf_counter()
    config = {"CONTENT_DIR": content, "INSTANCE_DIR": instance}
    if cache_size is not None:
        config["PAGE_CACHE_SIZE"] = cache_size
    app = create_app(config)
    loaded = time.perf_counter()
    timings = {"import_s": imported - START, "create_app_s": loaded - imported,
               "startup_s": loaded - START}
    return app, timings


def content_facts(app):
    store = app.extensions["content"]
    sections = Counter(section for section, _ in store.current.bundles)
    return {"items": len(store.current.bundles), "projects": sections["projects"],
            "problems": len(store.problems)}


def page_urls(app):
    """URLs per page kind: home, the project list, and several project pages."""
    projects = app.extensions["content"].current.items("projects", "zh")
    details = [f"/zh/projects/{p.slug}/" for p in projects[:DETAIL_PAGES]]
    if not details:
        raise SystemExit("no valid project in the content: nothing to render")
    return {"home": ["/zh/"], "list": ["/zh/projects/"], "detail": details}


def fetch(client, url):
    response = client.get(url)
    body = response.get_data()
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return body


def time_page(client, urls):
    """Milliseconds per request after one warm-up request per URL (which fills the cache if on)."""
    sizes = [len(fetch(client, url)) for url in urls]
    times, deadline = [], time.perf_counter() + BUDGET_S
    for number in range(ITERATIONS):
        started = time.perf_counter()
        fetch(client, urls[number % len(urls)])
        times.append((time.perf_counter() - started) * 1000)
        if len(times) >= MIN_SAMPLES and time.perf_counter() > deadline:
            break
    return {**summary(times), "bytes": max(sizes), "urls": len(urls), "first_url": urls[0]}


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def live_generation(instance):
    """The name the ``current`` link of the instance folder holds, or None (nothing published)."""
    try:
        return os.readlink(os.path.join(instance, "published", "current"))
    except OSError:
        return None


def startup(content, instance):
    before = live_generation(instance)  # one readlink: nothing worth taking off the clock
    app, timings = load_app(content, instance)
    served = app.extensions["content"].generation.name
    return {**timings, **content_facts(app), "generation": served,
            "from_published": before is not None and served == before}


def render(content, instance, cache_size):
    app, timings = load_app(content, instance, None if cache_size == "default" else int(cache_size))
    loaded_rss = max_rss_mb()
    client = app.test_client()
    pages = {kind: time_page(client, urls) for kind, urls in page_urls(app).items()}
    return {**timings, **content_facts(app), "pages": pages,
            "rss_after_load_mb": loaded_rss, "max_rss_mb": max_rss_mb()}


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    print(json.dumps({"startup": startup, "render": render}[mode](*args)))
