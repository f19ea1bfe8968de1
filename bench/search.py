"""Search at 10,000 documents: build time, latency with highlighting, memory; SQLite FTS5 beside it.

``python -m bench.search build|whoosh|fts5 FOLDER`` runs one step in a fresh process and prints
JSON; ``run(tmp)`` (called by ``python -m bench``) runs them all and returns the figures.

The corpus: 10,000 search documents generated from the sample content, in the index's own
document format: titles built from towns, product lines and project kinds (``texts.py``), and
bodies of 4 to 9 paragraphs drawn from every Chinese or English text of the sample content,
with generated highlights. About 85% of the items have an English version.
"""

import json
import random
import subprocess
import sys
import time

from . import ROOT, search_traffic, texts
from .stats import summary

DOCUMENTS = 10_000
SEED = 2026
RUNS = 5  # timed rounds over the 30 queries, every answer recomputed (caches cleared)
TIMEOUT_S = 600
QUERIES = [
    # Chinese: words, phrases, sub-words, single characters, names
    "标准化厂房", "富硒茶", "税收优惠", "新能源", "能源", "锰", "茶", "招商引资", "冷链物流",
    "专精特新", "青岚新材料产业园", "双回路供电", "免租期", "康养", "投资回收期", "电池正极材料",
    "古镇民宿", "中药材",
    # traditional characters (Hong Kong, Taiwan)
    "標準化廠房", "稅收優惠",
    # English, with stemming
    "tea processing", "factories", "cold chain", "manganese", "wellness resort", "rent-free",
    "investment",
    # mixed, and one that finds nothing (spelling suggestions are computed)
    "富硒 processing", "PPP项目", "qinglna",
]
KINDS = ["projects"] * 6 + ["policies", "news", "news", "units"]


def paragraphs(content):
    """Lines of text of the sample content's search documents, per language."""
    from portal.search.documents import documents

    pool = {"zh": [], "en": []}
    for doc in documents(content):
        pool[doc["lang"]].extend(line for line in doc["text"].split("\n") if len(line) > 12)
    return pool


def generate(content, count=DOCUMENTS, seed=SEED):
    """``count`` search documents (dicts for the index writer), deterministic for a seed."""
    rng = random.Random(seed)
    pool = paragraphs(content)
    industries = list(texts.PRODUCTS)
    docs, number = [], 0
    while len(docs) < count:
        number += 1
        kind = rng.choice(KINDS)
        town, kind_words = rng.choice(texts.TOWNS), rng.choice(texts.KINDS)
        product = rng.choice(texts.PRODUCTS[rng.choice(industries)])
        wan, jobs = rng.randint(2_000, 150_000), rng.randint(30, 2_000)
        investment = texts.amount(wan)
        titles = texts.title(town, product, kind_words)
        summaries = texts.summary(town, product, investment, jobs)
        extra = texts.highlights(town, product, texts.amount(wan * 2), round(rng.uniform(3, 12), 1))
        slug = f"{product[2]}-{town[2]}-{number:05d}"
        langs = ("zh", "en") if rng.random() < 0.85 else ("zh",)
        for i, lang in enumerate(langs):
            body = rng.sample(pool[lang], rng.randint(5, 12) if lang == "zh" else rng.randint(4, 9))
            text = "\n".join([summaries[i], *body, extra[i].replace("#", "").strip()])
            docs.append({
                "key": f"{kind}/{slug}", "type": kind, "lang": lang, "title": titles[i],
                "text": text, "section": "parks" if kind == "units" else kind, "slug": slug,
                "anchor": "", "translated": True, "updated": "2026-11-01",
            })
    return docs[:count]


def sample_content():
    from portal.content.store import load_content

    return load_content(ROOT / "content")[0]


def cpu_seconds():
    """CPU time of this process and its finished children (the index's sub-writers)."""
    import resource

    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                        resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Steps, each in a fresh process ---------------------------------------------------------------

def step_build(folder):
    from portal.search import analysis, index

    content = sample_content()
    docs = generate(content)
    analysis.configure(folder)
    analysis.preload()
    started, cpu = time.perf_counter(), cpu_seconds()
    meta = index.build(content, folder, docs=docs)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    chars = {lang: sum(len(d["title"]) + len(d["text"]) for d in docs if d["lang"] == lang)
             for lang in ("zh", "en")}
    size = sum(p.stat().st_size for p in (folder / meta["generation"]).iterdir())
    return {"seconds": seconds, "cpu_s": cpu, "documents": len(docs), "chars": chars,
            "index_mb": size / 2**20, "lexicon": meta["lexicon"], "generation": meta["generation"]}


def step_whoosh(folder):
    """Latency of a search page's work in a fresh, worker-like process, and its memory."""
    started = rss_mb()
    from portal.search import analysis
    from portal.search.query import normalize
    from portal.search.searcher import SearchService

    analysis.configure(folder)
    analysis.preload()
    after_jieba = rss_mb()
    service = SearchService(lambda: folder)
    results = {}
    for text in QUERIES:  # warm-up: opens the searcher, reads the per-generation table
        answer = service.find(normalize(text), "zh")
        service.highlight(answer, answer.records[:10], "zh")
    times, cached = [], []
    for _ in range(RUNS):
        for text in QUERIES:
            service.answers.entries.clear()
            service.hits.entries.clear()
            t0 = time.perf_counter()
            answer = service.find(normalize(text), "zh")
            hits = service.highlight(answer, answer.records[:10], "zh")
            times.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            answer = service.find(normalize(text), "zh")
            service.highlight(answer, answer.records[:10], "zh")
            cached.append((time.perf_counter() - t0) * 1000)
            results[text] = {"items": len(answer.records), "first": hits[0].key if hits else None}
    per_query = {}
    for i, text in enumerate(QUERIES):
        per_query[text] = {**results[text], "ms": summary(times[i::len(QUERIES)])["p50"]}
    return {"uncached": summary(times), "cached": summary(cached), "queries": per_query,
            "matching_only": matching_only(service),
            "rss_start_mb": started, "rss_after_jieba_mb": after_jieba, "rss_mb": rss_mb()}


def matching_only(service):
    """Whoosh's floor: listing the matching documents, unscored, unsorted, nothing else."""
    from portal.search.query import build, normalize, parts

    times = []
    with service.searcher() as (_, searcher, _meta):
        analyzer, reader = searcher.schema["text"].analyzer, searcher.reader()
        for _ in range(RUNS):
            for text in QUERIES:
                t0 = time.perf_counter()
                built = build(parts(normalize(text), analyzer), reader)
                matched = sum(1 for _ in searcher.docs_for_query(built)) if built else 0
                times.append((time.perf_counter() - t0) * 1000)
    return {**summary(times), "last_matched": matched}


def fts5_text(tokenizer, text):
    return " ".join(t.text for t in tokenizer(text, mode="query"))


def step_fts5(folder):
    """The same documents in SQLite FTS5 (unicode61 over our analyzer's words), same queries."""
    from portal.search import analysis
    from portal.search.lexicon import build_lexicon

    content = sample_content()
    docs = generate(content)
    analysis.configure(folder)
    analysis.preload()
    return fts5(folder, docs, analysis.PortalTokenizer(build_lexicon(content)), QUERIES)


def fts5(folder, docs, tokenizer, queries):
    """FTS5's figures for ``docs`` and ``queries``: a results page's work, uncached."""
    import sqlite3

    from portal.search.query import normalize, parts

    t0 = time.perf_counter()
    rows = [(d["key"], d["type"], d["lang"], fts5_text(tokenizer, d["title"]),
             fts5_text(tokenizer, d["text"])) for d in docs]
    analysed = time.perf_counter() - t0
    db = sqlite3.connect(str(folder / "fts5.db"))
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, type UNINDEXED, "
               "lang UNINDEXED, title, text, tokenize='unicode61')")
    t0 = time.perf_counter()
    with db:
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
    built = time.perf_counter() - t0

    def search(text):
        found = parts(normalize(text), tokenizer)
        if not found:
            return 0
        match = " AND ".join('"' + " ".join(p.terms).replace('"', "") + '"' for p in found)
        ranked = db.execute("SELECT rowid, key, type FROM docs WHERE docs MATCH ? "
                            "ORDER BY bm25(docs, 3.0, 1.0)", (match,)).fetchall()
        top = [r[0] for r in ranked[:10]]
        if top:
            marks = ",".join("?" * len(top))
            db.execute(f"SELECT snippet(docs, 4, '<mark>', '</mark>', '…', 24) FROM docs "
                       f"WHERE docs MATCH ? AND rowid IN ({marks})", (match, *top)).fetchall()
        return len({r[1] for r in ranked})

    for text in queries:
        search(text)
    times, items = [], {}
    for _ in range(RUNS):
        for text in queries:
            t0 = time.perf_counter()
            items[text] = search(text)
            times.append((time.perf_counter() - t0) * 1000)
    db.close()
    return {"uncached": summary(times), "build_s": built, "analysis_s": analysed,
            "sqlite": sqlite3.sqlite_version, "items": items}


def step_traffic(folder):
    """A visitors' stream with repeated queries, from an empty answer cache (search_traffic)."""
    from portal.search import analysis
    from portal.search.searcher import SearchService

    analysis.configure(folder)
    analysis.preload()
    return search_traffic.measure(SearchService(lambda: folder), QUERIES)


STEPS = {"build": step_build, "whoosh": step_whoosh, "fts5": step_fts5, "traffic": step_traffic}


def probe(step, folder):
    done = subprocess.run([sys.executable, "-m", "bench.search", step, str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    if done.returncode:
        raise RuntimeError(f"search {step} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def run(tmp):
    """Every search figure; ``tmp`` is a scratch folder deleted after the bench."""
    folder = tmp / "search"
    folder.mkdir()
    build = probe("build", folder)
    whoosh = probe("whoosh", folder)
    fts5 = probe("fts5", folder)
    traffic = probe("traffic", folder)
    from . import search_curve  # imports this module

    return {"documents": build["documents"], "build": build, "whoosh": whoosh, "fts5": fts5,
            "traffic": traffic, "queries": QUERIES, "curve": search_curve.run(tmp)}


def main():
    import tempfile
    from pathlib import Path

    from .machine import describe
    from .search_report import section, write_section

    machine = describe()
    with tempfile.TemporaryDirectory(prefix="portal-bench-search-") as tmp:
        result = run(Path(tmp))
    write_section(result, machine)
    print(section(result, machine))


if __name__ == "__main__":
    from pathlib import Path

    if len(sys.argv) == 1:
        main()
    else:
        print(json.dumps(STEPS[sys.argv[1]](Path(sys.argv[2]))))
