"""Search cost as the corpus grows: the sample content, 2,000 and 10,000 documents.

``python -m bench.search_curve SIZE FOLDER`` builds one index (``sample``: the real documents of
``content/``; a number: that many generated ones, as ``bench.search``, with the pinyin fields a
real build gives Chinese documents) and times, in the same
fresh process, every query of ``QUERIES`` uncached, the work of a results page (find with the
sample's synonyms + highlighting of the first 10), then SQLite FTS5 on the same documents and
queries as the reference (``search.fts5``); it prints JSON. ``run(tmp)`` does each size in
its own process; ``python -m bench.search_curve`` alone runs them and rewrites the search-cost part
of BENCHMARKS.md and ``bench/search-cost.svg``.
"""

import json
import subprocess
import sys
import time

from . import ROOT
from .search import QUERIES as FIXED
from .search import fts5, generate, sample_content
from .stats import summary

SIZES = ("sample", 2000, 10_000)
RUNS = 5
# As investors type (issue 10): unspaced compounds, pinyin, typos, synonyms.
AS_TYPED = [
    "富硒茶加工", "康养旅游", "标准化厂房招商", "锰基电池材料", "港澳", "fuxicha", "fu xi cha", "xcl",
    "qinglan", "manganse", "tourisum", "factroy", "WFOE", "manufacturing",
]
QUERIES = FIXED + [q for q in AS_TYPED if q not in FIXED]
TIMEOUT_S = 900


def step(size, folder):
    from portal.search import analysis, index
    from portal.search.analysis import PortalTokenizer
    from portal.search.documents import documents
    from portal.search.lexicon import build_lexicon
    from portal.search.query import normalize
    from portal.search.searcher import SearchService

    content = sample_content()
    analysis.configure(folder)
    analysis.preload()  # as in a server: publishing builds in a process that has jieba loaded
    docs = None if size == "sample" else generate(content, int(size))
    started = time.perf_counter()  # a real build works out the pinyin too: so does this one
    meta = index.build(content, folder, docs=docs and with_pinyin(content, docs))
    build_s = time.perf_counter() - started
    size_mb = sum(p.stat().st_size for p in (folder / meta["generation"]).iterdir()) / 2**20
    service = SearchService(lambda: folder)
    synonyms = content.synonyms

    def page(text):
        answer = service.find(normalize(text), "zh", synonyms)
        return answer, service.highlight(answer, answer.records[:10], "zh")

    for text in QUERIES:  # warm-up: opens the searcher, reads the per-generation table
        page(text)
    times = {group: [] for group in ("fixed", "as_typed")}
    per_query = {}
    for _ in range(RUNS):
        for text in QUERIES:
            service.answers.entries.clear()
            service.hits.entries.clear()
            t0 = time.perf_counter()
            answer, _ = page(text)
            ms = (time.perf_counter() - t0) * 1000
            times["fixed" if text in FIXED else "as_typed"].append(ms)
            per_query.setdefault(text, {"items": len(answer.records), "ms": []})["ms"].append(ms)
    reference = fts5(folder, docs or list(documents(content)), PortalTokenizer(build_lexicon(content)),
                     QUERIES)
    return {
        "documents": meta["documents"], "build_s": build_s, "index_mb": size_mb,
        "fts5": reference["uncached"],
        "all": summary(times["fixed"] + times["as_typed"]),
        "fixed": summary(times["fixed"]), "as_typed": summary(times["as_typed"]),
        "queries": {t: {"items": q["items"], "p50": summary(q["ms"])["p50"]}
                    for t, q in per_query.items()},
    }


def with_pinyin(content, docs):
    """The generated documents with the pinyin fields a real build gives Chinese documents."""
    from portal.search.analysis import Lexicon
    from portal.search.lexicon import build_lexicon
    from portal.search.pinyin import pinyin_fields

    lexicon = Lexicon(build_lexicon(content))
    return [{**d, **pinyin_fields(d["title"], d["text"], lexicon)} if d["lang"] == "zh" else d
            for d in docs]


def probe(size, folder):
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "bench.search_curve", str(size), str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    if done.returncode:
        raise RuntimeError(f"search curve at {size} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def run(tmp):
    """``{size: figures}`` for every size of ``SIZES``; ``tmp`` is a scratch folder."""
    return {str(size): probe(size, tmp / f"curve-{size}") for size in SIZES}


def main():
    import tempfile
    from pathlib import Path

    from .machine import describe
    from .search_cost import write

    machine = describe()  # the load average before measuring
    with tempfile.TemporaryDirectory(prefix="portal-bench-curve-") as tmp:
        curve = run(Path(tmp))
    print(write(curve, machine))


if __name__ == "__main__":
    from pathlib import Path

    if len(sys.argv) == 1:
        main()
    else:
        size = sys.argv[1] if sys.argv[1] == "sample" else int(sys.argv[1])
        print(json.dumps(step(size, Path(sys.argv[2]))))
