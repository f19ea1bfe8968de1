"""``python -m bench``: measure everything, print the table, write BENCHMARKS.md and bench/out/."""

import sys
import tempfile
import time
from pathlib import Path

from . import (
    ROOT,
    compressed,
    corpus,
    editor,
    inquiry,
    live,
    machine,
    measure,
    page_weight,
    photo,
    publish_load,
    publish_targets,
    report,
    search,
    search_report,
    sections,
    targets,
    throughput,
)

GENERATED_PROJECTS = 1000


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def main():
    started = time.monotonic()
    results = {"machine": machine.describe(), "corpora": {}}
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        tmp = Path(tmp)
        log(f"generating a corpus of {GENERATED_PROJECTS:,} projects")
        generated = corpus.generate(tmp / "content-1000", GENERATED_PROJECTS)
        folders = {
            "sample": (ROOT / "content", "`content/`"),
            "1,000 projects": (generated, "generated into a temporary folder (deleted after the run)"),
        }
        for number, (name, (folder, shown)) in enumerate(folders.items()):
            log(f"{name}: renders and memory (uncached, cached), start-up ({measure.STARTUP_RUNS} runs)")
            figures = measure.measure_corpus(folder, tmp / f"instance-{number}")
            results["corpora"][name] = {"path": shown, **figures}
        page = results["corpora"]["sample"]["cached"]["pages"]["detail"]["first_url"]
        log(f"throughput of {page}: Granian, gunicorn gthread, nginx (about 2 minutes)")
        results["throughput"] = throughput.compare(ROOT / "content", page, tmp / "servers")
        results["live"] = {}
        for number, (name, (folder, _)) in enumerate(folders.items()):
            log(f"{name}: save → live under portal serve, {live.REPETITIONS[name]} new folders and as many "
                "title edits (one to three minutes)")
            results["live"][name] = live.measure(folder, tmp / f"live-{number}", live.REPETITIONS[name],
                                                 live.TIMEOUT_S[name])
        log("requests during publishes: Granian and nginx under wrk, publishing and idle (about 3 minutes)")
        results["publish_load"] = publish_load.measure(ROOT / "content", tmp / "publish-load")
        log("a 12-megapixel phone photo: strip and resize, 5 times")
        results["photo"] = photo.measure(tmp)
        log("page weight on a phone: home and project pages in Chromium (about a minute)")
        results["page_weight"] = page_weight.measure(tmp / "page-weight")
        log("a compressed page: Granian against nginx, br and gzip (about 3 minutes)")
        results["compressed"] = compressed.measure(tmp / "compressed")
        log("search: 10,000 documents, build, latency, memory; SQLite FTS5 (a few minutes)")
        results["search"] = search.run(tmp)
        log("inquiries: POST → stored with the mail server down; 200 simultaneous (about a minute)")
        results["inquiry"] = inquiry.measure(ROOT / "content", tmp / "inquiry")
        results["staff_inbox"] = __import__("bench.staff_inbox", fromlist=["run"]).run(tmp)  # issue 11
        results["staff_reports"] = __import__("bench.staff_reports", fromlist=["run"]).run(tmp / "reports")
        log("staff editor: edit page, preview, publish → public page and search (issue 19, a few minutes)")
        results["editor"] = editor.measure_all(tmp, {name: folder for name, (folder, _) in folders.items()})
    results["duration_s"] = time.monotonic() - started
    rows = targets.all_rows(results) + publish_targets.all_rows(results)
    print(report.table(rows))
    for note in results["throughput"].get("notes", []):
        print(f"note: {note}")
    raw = report.write(results, rows)
    search_report.write_section(results["search"], results["machine"])
    for part, module in (("photo", photo), ("page_weight", page_weight), ("compressed", compressed)):
        sections.write_section(module.SECTION, module.section(results[part], results["machine"]))  # issue 13
    inquiry.report(results["inquiry"])
    failed = sum(r["result"] == "FAIL" for r in rows) + editor.report(results["editor"], results["machine"])
    print(f"\n{failed} target(s) missed. Wrote BENCHMARKS.md and {raw.relative_to(ROOT)} "
          f"in {results['duration_s']:.0f} s.")


if __name__ == "__main__":
    main()
