"""Present the results: a table on the terminal, BENCHMARKS.md, raw JSON in bench/out/."""

import json
from datetime import datetime

from . import OUT, ROOT, publish_report
from .targets import server_label

COLUMNS = (("figure", "Figure"), ("corpus", "Corpus"), ("value", "Value"), ("target", "Target"),
           ("result", "Result"))

METHOD = """\
- **Start-up**: a fresh `python -m bench.probe startup` process per run; the clock starts before
  `import portal` and stops when `create_app()` returns (the published generation read: content,
  problems, where its photos and index are); the median of 5 runs. They run after the render
  processes, which compiled the catalogs into the instance folder and warmed the file-system
  cache, as for any start but the very first.
- **Render**: a fresh process per corpus and mode; Flask test client, `GET` of `/zh/`,
  `/zh/projects/` and 50 project pages in turn (all of them for the sample), one warm-up request per
  URL, then up to 300 timed requests per page kind (at least 30, about 2 s). *Uncached* uses
  `create_app({"PAGE_CACHE_SIZE": 0})`, so every request renders; *cached* keeps the default page
  cache, so timed requests are served from it.
- **Memory**: `resource.getrusage(RUSAGE_SELF).ru_maxrss` of the cached render process, after
  loading and all its renders.
- **Throughput**: Granian as `portal serve --workers 2`, gunicorn `--worker-class gthread
  --workers 2 --threads 4` on `portal.wsgi:app`, and nginx (2 workers, `access_log off`) serving the
  page's bytes, fetched once from Granian, as a static file. All listen on 127.0.0.1 only, with the
  same content, instance folder and `PORTAL_SITE_URL` (so canonical links, and thus the bytes, are
  the same). After a 2 s warm-up each, `wrk -t2 -c50 -d10s --latency` visits the servers in turn
  for 3 rounds; each figure is the median of its rounds. gunicorn is not a dependency of the
  portal: the bench installs `gunicorn==23.0.0` into `.venv` when it is missing, for this
  comparison only; wrk and nginx come from Debian (`apt-get install -y wrk nginx-light` if absent).
- **Corpus of 1,000 projects**: the sample `content/` copied to a temporary folder (site, taxonomy,
  parks with their `units.csv`, policies, desks, news, pages), plus projects cloned from the sample
  ones of the same industry, with distinct slugs and varied Chinese and English titles, summaries,
  places, figures and body sections (fixed seed; about 15% untranslated). Photos the front matter
  names but the sample lacks get a small placeholder there, so every bundle loads."""

NOISE = """\
- This is a shared machine: other jobs may run during the bench (see the load average above), and
  wrk runs on the same cores as the servers. Single figures can move by tens of percent between runs.
- Hence medians everywhere (5 start-ups, hundreds of renders, 3 wrk rounds), and the server figures
  are judged as a ratio to nginx measured in the same run and interleaved round by round, which
  cancels most of the machine's speed of the moment.
- p95 render times catch garbage-collection pauses and other processes; the targets are on p50.
- Requests/sec on 2 cores with wrk competing for them understate every server alike; compare them
  with each other, not with other machines."""


def table(rows):
    """A Markdown table with padded columns: readable as plain text too."""
    widths = [max(len(title), *(len(r[key]) for r in rows)) for key, title in COLUMNS]
    lines = ["| " + " | ".join(t.ljust(w) for (_, t), w in zip(COLUMNS, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for r in rows:
        cells = (r[key].ljust(w) for (key, _), w in zip(COLUMNS, widths, strict=True))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine_lines(machine):
    return [
        f"- Date: {machine['date']}",
        f"- CPU: {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable)",
        f"- RAM: {machine['ram_gb']} GB",
        f"- Python: {machine['python']} on {machine['os']}",
        f"- Load average at start (1, 5, 15 min): {', '.join(map(str, machine['load_average_at_start']))}",
    ]


def corpus_lines(corpora):
    lines = []
    for name, figures in corpora.items():
        facts = figures["startup"]["runs"][0]
        lines.append(f"- {name}: {figures['path']}: {facts['items']:,} items, "
                     f"{facts['projects']:,} projects, {facts['problems']} content problem(s) at load")
    return lines


def server_section(result):
    if "skipped" in result:
        return ["Skipped:", "", "```", result["skipped"], "```"] + [f"- {note}" for note in result["notes"]]
    lines = [f"Page `{result['path']}` ({result['page_bytes']:,} bytes); wrk {result['wrk']}; "
             f"{result['workers']} workers per server, {result['gthread_threads']} threads per gunicorn "
             "worker.", "",
             "| Server | req/s (median) | req/s per round | latency p50 | latency p99 | nginx ÷ server "
             "| errors | same bytes |",
             "|---|---|---|---|---|---|---|---|"]
    for name, s in result["servers"].items():
        rounds = ", ".join(f"{r['requests_per_s']:,.0f}" for r in s["runs"])
        ratio = f"{s['nginx_ratio']:.1f}×" if "nginx_ratio" in s else "—"
        lines.append(f"| {server_label(name)} | {s['requests_per_s']:,.0f} | {rounds} | "
                     f"{s['latency_p50_ms']:.2f} ms | {s['latency_p99_ms']:.2f} ms | {ratio} | "
                     f"{s['errors']} | {'yes' if result['same_bytes'][name] else 'NO'} |")
    lines += ["", "Versions: " + "; ".join(f"{k} {v}" for k, v in result["versions"].items()) + "."]
    lines += [f"- {note}" for note in result["notes"]]
    return lines


def startup_lines(corpora):
    return [f"- {name}: " + ", ".join(f"{r['startup_s']:.2f}" for r in f["startup"]["runs"]) + " s"
            for name, f in corpora.items()]


def markdown(results, rows):
    failed = [r for r in rows if r["result"] == "FAIL"]
    verdict = (f"**{len(failed)} of {sum(r['result'] != '—' for r in rows)} targets missed**"
               if failed else "**All targets of this table met** "
               "(search and inquiries have their own sections below).")
    parts = [
        "# Benchmarks", "",
        "Written by `make bench` (`.venv/bin/python -m bench`), which rewrites this file on every run;",
        "raw figures are in `bench/out/` (not in git). Targets are those of the benchmark issue.", "",
        *machine_lines(results["machine"]),
        f"- Bench duration: {results['duration_s']:.0f} s", "",
        "Corpora:", *corpus_lines(results["corpora"]), "",
        "## Results", "", verdict, "", table(rows), "",
        "## Server comparison", "", *server_section(results["throughput"]), "",
        "## Start-up runs", "", *startup_lines(results["corpora"]), "",
        *publish_report.section(results),
        "## How it is measured", "", METHOD, "",
        "## Noise", "", NOISE, "",
    ]
    return "\n".join(parts)


def write(results, rows):
    """Write BENCHMARKS.md and the raw JSON; return the JSON path."""
    (ROOT / "BENCHMARKS.md").write_text(markdown(results, rows), encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    raw = json.dumps({**results, "rows": rows}, indent=2, ensure_ascii=False, default=str)
    (OUT / f"bench-{stamp}.json").write_text(raw, encoding="utf-8")
    (OUT / "latest.json").write_text(raw, encoding="utf-8")
    return OUT / f"bench-{stamp}.json"
