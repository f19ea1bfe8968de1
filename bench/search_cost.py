"""The "search cost as the corpus grows" part of BENCHMARKS.md, and its chart (bench/search-cost.svg)."""

import json
import math

from . import OUT, ROOT
from .search_curve import AS_TYPED, QUERIES, RUNS

START, END = "<!-- search-cost:start -->", "<!-- search-cost:end -->"
CHART = ROOT / "bench" / "search-cost.svg"
P50_MS, P95_MS, SAMPLE_BUILD_S = 5.0, 20.0, 2.0
TARGET_AT = "2000"


def verdicts(size, figures):
    """What the issue's targets say of one size: the sample's build, the latency at 2,000."""
    notes = []
    if size == "sample":
        ok = figures["build_s"] <= SAMPLE_BUILD_S
        notes.append(f"build ≤ {SAMPLE_BUILD_S:g} s: {'PASS' if ok else 'FAIL'}")
    if size == TARGET_AT:
        a = figures["all"]
        notes.append(f"p50 ≤ {P50_MS:g} ms: {'PASS' if a['p50'] <= P50_MS else 'FAIL'}")
        notes.append(f"p95 ≤ {P95_MS:g} ms: {'PASS' if a['p95'] <= P95_MS else 'FAIL'}")
    return "; ".join(notes) or "—"


def section(curve, machine=None):
    rows = ["| Corpus | Documents | Build | Index | Search + highlighting p50 (p95), all queries | "
            "… as typed only | FTS5 reference p50 (p95) | Whoosh / FTS5 p50 (p95) | Targets |",
            "|---|---|---|---|---|---|---|---|---|"]
    for size, f in curve.items():
        name = "sample `content/`" if size == "sample" else f"generated {int(size):,}"
        a, t = f["all"], f["as_typed"]
        r = f.get("fts5") or {"p50": float("nan"), "p95": float("nan")}
        rows.append(f"| {name} | {f['documents']:,} | {f['build_s']:.2f} s | {f['index_mb']:.1f} MB | "
                    f"{a['p50']:.2f} ms ({a['p95']:.2f} ms) | {t['p50']:.2f} ms ({t['p95']:.2f} ms) | "
                    f"{r['p50']:.2f} ms ({r['p95']:.2f} ms) | "
                    f"{a['p50'] / r['p50']:.1f}× ({a['p95'] / r['p95']:.1f}×) | {verdicts(size, f)} |")
    queries = ["| Query (as typed) | " + " | ".join(curve) + " |", "|---|" + "---|" * len(curve)]
    for text in AS_TYPED:
        cells = [f"{f['queries'][text]['items']} items, {f['queries'][text]['p50']:.2f} ms"
                 for f in curve.values()]
        queries.append(f"| {text} | " + " | ".join(cells) + " |")
    when = f" on {machine['date']}, load average {machine['load_average_at_start']}" if machine else ""
    return "\n".join([
        START, "## Search cost as the corpus grows", "",
        f"Written by `python -m bench.search_curve` (part of `make bench`){when}. Each size in a "
        f"fresh process with jieba loaded first, as in a server: the index build (wall time), its "
        f"size on disk, then {len(QUERIES)} queries ({len(QUERIES) - len(AS_TYPED)} of the fixed "
        f"set above and {len(AS_TYPED)} as investors type: unspaced Chinese, pinyin, typos, "
        f"synonyms), {RUNS} rounds, every answer recomputed; a query is a results page's work "
        "(find with the sample's synonyms, every match ranked, first 10 highlighted). The sample is "
        "the real content; larger corpora are generated as in the 10,000-document section.", "",
        *rows, "",
        "![Search + highlighting p50 and p95 against the number of documents](bench/search-cost.svg)",
        "",
        "The cost grows with the number of matching documents, which every query scores and "
        "collapses per item: a broad word (茶, 锰) matches a fixed share of any corpus, so its "
        "time grows about linearly. Where it goes, and what was done about it (`pyinstrument` "
        "on these queries at 2,000 documents): scoring every match through Whoosh's tree of "
        "matchers (a few method calls per document and clause) was the largest part; "
        "`portal/search/scoring.py` now reads each term's postings a posting block at a time and "
        "scores them with Whoosh's own BM25F formula and statistics, reads an `And`'s clauses "
        "from the narrowest and the others only in the blocks that may hold its documents, with "
        "the same scores and order as Whoosh (`tests/search/test_scoring.py`). Phrase queries "
        "(positions, the dearest thing Whoosh reads) came from synonyms of several words "
        "(冷链物流 cut as 冷链 物流, cold chain, 锰基): the index now has one token for each where "
        "its words stand in a row, and queries read that one posting list. Highlighting and the "
        "check for unspaced runs as typed read only the posting blocks that hold the shown "
        "documents. What remains is about a third each: reading and scoring the postings, "
        "ranking (records per item, tiers, the run check on the first 30), and highlighting "
        "the first 10 (mostly reading their postings' character offsets). FTS5, in C, is the "
        "reference measured in the same process; build times at 2,000 and 10,000 documents "
        "depend mostly on how busy the machine's two cores are (the load average above).",
        "",
        *queries, END,
    ])


def chart(curve):
    """An SVG line chart: p50 and p95 (ms, linear) against documents (log scale)."""
    width, height, left, bottom, top, right = 640, 320, 56, 40, 30, 60
    points = [(f["documents"], f["all"]["p50"], f["all"]["p95"]) for f in curve.values()]
    lo, hi = math.log10(min(p[0] for p in points)), math.log10(max(p[0] for p in points))
    ceiling = max(P95_MS, *(p[2] for p in points)) * 1.1

    def x(n):
        return left + (math.log10(n) - lo) / ((hi - lo) or 1) * (width - left - right)

    def y(ms):
        return height - bottom - ms / ceiling * (height - top - bottom)

    def line(index, style):
        path = " ".join(f"{x(p[0]):.1f},{y(p[index]):.1f}" for p in points)
        return f'<polyline fill="none" stroke="#1f5f8b" stroke-width="2" {style} points="{path}"/>'

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="#fff"/>',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
           'stroke="#333"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#333"/>']
    step = next(s for s in (5, 10, 20, 25, 50, 100, 200) if ceiling / s <= 8)
    for tick in range(0, int(ceiling) + 1, step):
        out.append(f'<line x1="{left - 4}" y1="{y(tick):.1f}" x2="{left}" y2="{y(tick):.1f}" stroke="#333"/>')
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for ms, label in ((P50_MS, "p50 target"), (P95_MS, "p95 target")):
        out.append(f'<line x1="{left}" y1="{y(ms):.1f}" x2="{width - right}" y2="{y(ms):.1f}" '
                   'stroke="#c77" stroke-dasharray="2 4"/>')
        out.append(f'<text x="{width - right - 4}" y="{y(ms) - 4:.1f}" text-anchor="end" '
                   f'fill="#a44">{label} {ms:g} ms</text>')
    out += [line(1, ""), line(2, 'stroke-dasharray="6 4"')]
    for n, p50, p95 in points:
        out.append(f'<circle cx="{x(n):.1f}" cy="{y(p50):.1f}" r="3" fill="#1f5f8b"/>')
        out.append(f'<circle cx="{x(n):.1f}" cy="{y(p95):.1f}" r="3" fill="#1f5f8b"/>')
        out.append(f'<text x="{x(n):.1f}" y="{height - bottom + 16}" text-anchor="middle">{n:,}</text>')
        out.append(f'<text x="{x(n) + 6:.1f}" y="{y(p95) - 6:.1f}">{p95:.1f}</text>')
        out.append(f'<text x="{x(n) + 6:.1f}" y="{y(p50) - 6:.1f}">{p50:.1f}</text>')
    out += [f'<text x="{(left + width - right) / 2}" y="{height - 6}" text-anchor="middle">'
            'documents (log scale)</text>',
            f'<text x="14" y="{(top + height - bottom) / 2}" text-anchor="middle" '
            f'transform="rotate(-90 14 {(top + height - bottom) / 2})">ms per results page</text>',
            f'<text x="{left + 8}" y="{top + 12}">— p50   - - p95   (search + highlighting, uncached)</text>',
            "</svg>"]
    return "\n".join(out) + "\n"


def write(curve, machine=None):
    """Rewrite the search-cost section of BENCHMARKS.md and the chart; return the section.

    The figures are kept in ``bench/out/search-curve.json``: ``python -m bench.search_cost``
    writes the section again from them, without measuring.
    """
    OUT.mkdir(exist_ok=True)
    (OUT / "search-curve.json").write_text(json.dumps({"curve": curve, "machine": machine}),
                                           encoding="utf-8")
    CHART.write_text(chart(curve), encoding="utf-8")
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    block = section(curve, machine)
    if START in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return block


if __name__ == "__main__":
    saved = json.loads((OUT / "search-curve.json").read_text(encoding="utf-8"))
    print(write(saved["curve"], saved["machine"]))
