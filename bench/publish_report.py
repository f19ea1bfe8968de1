"""The "Publishing" section of BENCHMARKS.md: each save → live run, the rounds under load, the photo."""

METHOD = """\
- **Publish, then start-up**: each corpus is first published into its fresh instance folder by
  `portal publish` (its wall time is the *first publish* row: a new process, jieba's
  dictionary, every photo, the whole search index). Renders and start-ups then read
  that generation; each start-up probe checks that the generation it serves is the one the
  `current` link named before it started (so start-up never publishes).
- **Save → live**: a temporary copy of the content, published once, served by `portal serve
  --workers 2` with its watcher (`portal publish --watch`, quiet period 400 ms). Each
  repetition either copies a new project folder (a sample project with its photo, under a title
  holding a made-up word) into `projects/`, or rewrites the Chinese title of a published
  project with a new word. The clock starts before the first byte is written; every 50 ms the
  page `/zh/projects/<folder>/` and `/zh/search?q=<word>` are fetched, until in the same round
  the page answers 200 with the word and the results link to the page. The time thus holds the
  watcher's quiet period, the publish (changed folders validated, their photos and search
  documents derived), and the workers' switch (a `readlink` every 0.25 s, then reading the new generation).
- **During publishes**: `portal serve --workers 2` (watcher on) on a copy of the sample, and nginx
  serving the project page's bytes as a static file. While wrk loads the page, an editor saves a
  news item every 0.6 s: its text and its cover, a 12-megapixel phone photo (two versions in
  turn, made unique by a few bytes after the image's end, written under a temporary name and
  renamed), so every publish also strips and resizes a photo and a publish runs for most of the
  window; workers switch generation after generation. The watcher's CPU time is read from
  `/proc` at the start and end of each window.
  Each round: wrk on Granian, then on nginx, each while publishing, then both idle; 3 rounds,
  medians. Errors are wrk's socket errors (connect, read, write, timeout) and non-2xx answers;
  the page's bytes are compared with nginx's copy after the run.
- **Photo**: a 4000×3000 picture with photo-like gradients, edges and noise, saved as a phone
  does (JPEG quality 92, 4:2:0, sRGB profile, EXIF make, model, date, orientation 6, GPS with
  altitude); `portal.images.derive` writes the master and each size, 5 times into fresh
  folders, in the bench's own process; the master is checked for EXIF, GPS and profile."""


def live_lines(live):
    lines = []
    for name, result in live.items():
        for kind, s in result["kinds"].items():
            times = ", ".join("—" if r["live_s"] is None else f"{r['live_s']:.2f}" for r in s["runs"])
            lines.append(f"- {name}, {kind}: {times} s")
    return lines


def load_table(result):
    if "skipped" in result:
        return [f"Skipped: {result['skipped']}"]
    lines = [f"Page `{result['path']}` ({result['page_bytes']:,} bytes, the same after the run: "
             f"{'yes' if result['same_bytes_after'] else 'NO'}); wrk {result['wrk']} per round, "
             f"{result['rounds']} rounds.", "",
             "| Server | req/s (median) | req/s per round | requests | errors | latency p99 |",
             "|---|---|---|---|---|---|"]
    for name, s in result["servers"].items():
        per_round = ", ".join(f"{r['requests_per_s']:,.0f}" for r in s["runs"])
        served = sum(r["requests"] or 0 for r in s["runs"])
        lines.append(f"| {name} | {s['requests_per_s']:,.0f} | {per_round} | {served:,} | {s['errors']} | "
                     f"{s['latency_p99_ms']:.1f} ms |")
    lines += ["", "Publishing in each loaded window (the watcher's CPU time tells how busy it was):", ""]
    for p in result["publishing"]:
        lines.append(f"- under wrk on {p['server']}: {p['publishes']} publishes in {p['window_s']:.1f} s, "
                     f"watcher CPU {p['publisher_cpu_s']:.1f} s")
    return lines + [f"- {note}" for note in result["notes"]]


def section(results):
    photo = results["photo"]
    return [
        "## Publishing", "",
        "Save → live, each repetition:", "", *live_lines(results["live"]), "",
        "Requests during publishes:", "", *load_table(results["publish_load"]), "",
        f"Photo: {photo['input_bytes']:,} bytes in; derive "
        f"{', '.join(f'{t:.2f}' for t in photo['runs_s'])} s;"
        f" master {photo['master_bytes']:,} bytes; sizes "
        + ", ".join(f"{w}: {b:,} bytes" for w, b in photo["sized_bytes"].items())
        + f"; colour profile kept: {'yes' if photo['master']['icc_kept'] else 'NO'}.", "",
        "How it is measured:", "", METHOD, "",
    ]
