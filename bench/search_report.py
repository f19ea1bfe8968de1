"""The search section of BENCHMARKS.md, from the figures ``bench.search.run`` returns."""

from . import ROOT
from .search import RUNS

BUILD_S, P50_MS, P95_MS = 60.0, 5.0, 20.0
START, END = "<!-- search:start -->", "<!-- search:end -->"


def verdict(value, limit):
    return "PASS" if value <= limit else "FAIL"


def section(result, machine=None):
    """The Markdown section for BENCHMARKS.md."""
    build, whoosh, fts5 = result["build"], result["whoosh"], result["fts5"]
    w, f = whoosh["uncached"], fts5["uncached"]
    floor = whoosh.get("matching_only") or {"p50": float("nan"), "p95": float("nan")}
    rows = [
        ("Index build, 10,000 documents (analysis + Whoosh, one sub-writer per core): wall (CPU)",
         f"{build['seconds']:.1f} s ({build['cpu_s']:.1f} s)",
         f"≤ {BUILD_S:g} s", verdict(build["seconds"], BUILD_S)),
        ("Search + highlighting, uncached: p50", f"{w['p50']:.2f} ms", f"≤ {P50_MS:g} ms",
         verdict(w["p50"], P50_MS)),
        ("Search + highlighting, uncached: p95", f"{w['p95']:.2f} ms", f"≤ {P95_MS:g} ms",
         verdict(w["p95"], P95_MS)),
        *traffic_rows(result.get("traffic")),
        ("Whoosh's floor: only listing the matching documents (no scoring, sorting or "
         "highlighting): p50 (p95)", f"{floor['p50']:.2f} ms ({floor['p95']:.2f} ms)", "—", "—"),
        ("Search + highlighting, cached answer: p50 (p95)",
         f"{whoosh['cached']['p50']:.3f} ms ({whoosh['cached']['p95']:.3f} ms)", "—", "—"),
        ("Memory of a worker-like process (max RSS after the queries)",
         f"{whoosh['rss_mb']:.0f} MB (jieba loaded: {whoosh['rss_after_jieba_mb']:.0f} MB)", "—", "—"),
        ("SQLite FTS5 reference: query + snippets: p50 (p95)",
         f"{f['p50']:.2f} ms ({f['p95']:.2f} ms)", "—", "—"),
        ("Whoosh / FTS5 latency, p50 (p95)",
         f"{w['p50'] / f['p50']:.1f}× ({w['p95'] / f['p95']:.1f}×)", "—", "—"),
        ("SQLite FTS5 reference: build (without our tokenization, "
         f"{fts5['analysis_s']:.1f} s)", f"{fts5['build_s']:.1f} s", "—", "—"),
    ]
    table = ["| Figure | Value | Target | Result |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    queries = ["| Query | Items (Whoosh) | Items (FTS5) | Whoosh p50 |", "|---|---|---|---|"]
    for text, q in whoosh["queries"].items():
        queries.append(f"| {text} | {q['items']} | {fts5['items'].get(text, 0)} | {q['ms']:.2f} ms |")
    chars = build["chars"]
    when = f" on {machine['date']}, load average {machine['load_average_at_start']}" if machine else ""
    return "\n".join([
        START, "## Search at 10,000 documents", "",
        f"Written by `make bench`{when}. Corpus: {build['documents']:,} generated search documents "
        f"({chars['zh']:,} Chinese and {chars['en']:,} English characters), index "
        f"{build['index_mb']:.0f} MB; {len(whoosh['queries'])} fixed queries (`bench/search.py`), "
        f"{RUNS} rounds, every answer recomputed (the per-worker cache cleared before each query); "
        "a query is the work of a results page: all matches ranked and collapsed per item, type "
        "counts, and the first 10 hits highlighted.", "",
        *table, "",
        "FTS5 gets the same documents as words already cut by our analyzer (main tokens, no "
        "sub-words), `unicode61`, `bm25` with the same title weight, all matches ranked and "
        "`snippet()` for the first 10: it measures the engine, not Chinese analysis, and it does not "
        "find sub-words (能源 in 新能源), so its counts differ. SQLite " + fts5["sqlite"] + ".", "",
        "Where the time goes: Whoosh is pure Python and scores every matching document (a few "
        "µs each) so that type counts and the order of all pages are exact; broad queries here "
        "(茶, 锰, investment, 投资回收期) match 2,000 to 5,000 of the 10,000 documents, phrases "
        "also check positions. The floor row shows what merely listing the matches costs in "
        "Whoosh, before any ranking. The visitors' stream shows what a worker sees: repeated "
        "queries come from the per-worker answer cache (keyed by index generation, language and "
        "normalized query), first-time ones are computed; its p95 is set by the first-time "
        "answers, so the stream misses the p95 target whenever more than 5% of searches are new "
        "and broad (`bench/search_traffic.py` says how the stream is drawn). The worker's memory "
        "includes the memory-mapped index files, shared through the page cache; under "
        "`portal serve` the jieba dictionary is loaded once before Granian forks its workers "
        "and shared by them (README, Search).", "",
        *queries, END,
    ])


def traffic_rows(traffic):
    if not traffic:
        return []
    a, c = traffic["all"], traffic["computed"]
    what = (f"visitors' stream ({traffic['searches']:,} searches, Zipf s={traffic['zipf_s']:g} over "
            f"{traffic['distinct_queries']} queries, {traffic['cache_hit_share']:.0%} answered "
            "from the worker's cache)")
    return [
        (f"Search + highlighting, {what}: p50", f"{a['p50']:.2f} ms", f"≤ {P50_MS:g} ms",
         verdict(a["p50"], P50_MS)),
        (f"Search + highlighting, {what}: p95", f"{a['p95']:.2f} ms", f"≤ {P95_MS:g} ms",
         verdict(a["p95"], P95_MS)),
        ("… of which first-time answers (computed): p50 (p95)",
         f"{c['p50']:.2f} ms ({c['p95']:.2f} ms)", "—", "—"),
    ]


def write_section(result, machine=None):
    """Put the search section at the end of BENCHMARKS.md, replacing an earlier one."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text:
        head, rest = text.split(START, 1)
        text = head.rstrip() + "\n" + rest.split(END, 1)[1].lstrip("\n")
    path.write_text(text.rstrip() + "\n\n" + section(result, machine) + "\n", encoding="utf-8")
    if result.get("curve"):
        from .search_cost import write

        write(result["curve"], machine)
