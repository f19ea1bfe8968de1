"""Search as a worker meets it: a stream of visitors' queries in which popular ones come back.

Query logs are long-tailed: a few queries (标准化厂房, 富硒茶, a park's name) come again and
again, most come once. The stream here: ``SEARCHES`` searches, each a query drawn with a
probability proportional to ``1 / rank ** ZIPF_S`` from ``len(pool())`` distinct queries (the 30
fixed ones of ``bench/search.py``, then towns, product lines and product-in-town pairs in both
languages, in a seeded order), on a Chinese page 80% of the time and an English one otherwise.
Each search is the work of a first results page (all matches ranked and collapsed, type counts,
10 hits highlighted) in a fresh worker-like process whose answer cache starts empty and keeps
its default size, so the figure includes every first-time (uncached) answer of the stream.
"""

import random
import time

from . import texts
from .stats import summary

SEARCHES = 3000
ZIPF_S = 1.0
SEED = 2026
ENGLISH_SHARE = 0.2


def pool(fixed):
    """The distinct queries of the stream, most popular first."""
    rng = random.Random(SEED)
    products = [p for found in texts.PRODUCTS.values() for p in found]
    tail = [t[0] for t in texts.TOWNS] + [t[1] for t in texts.TOWNS]
    tail += [p[0] for p in products] + [p[1].lower() for p in products]
    tail += [f"{town[0]}{product[0]}" for town in texts.TOWNS for product in products]
    tail += [f"{product[1].lower()} {town[1].split()[0].lower()}"
             for town in texts.TOWNS for product in products[::3]]
    rng.shuffle(tail)
    return list(dict.fromkeys([*fixed, *tail]))


def stream(queries):
    rng = random.Random(SEED)
    weights = [1 / rank ** ZIPF_S for rank in range(1, len(queries) + 1)]
    picks = rng.choices(queries, weights=weights, k=SEARCHES)
    return [(text, "en" if rng.random() < ENGLISH_SHARE else "zh") for text in picks]


def measure(service, fixed):
    """Latency of every search of the stream, and how many were answered from the cache."""
    from portal.search.query import normalize

    queries = pool(fixed)
    times, first_times, seen = [], [], set()
    for text, lang in stream(queries):
        query = normalize(text)
        cached = service.is_cached(query, lang)
        started = time.perf_counter()
        answer = service.find(query, lang)
        service.highlight(answer, answer.records[:10], lang)
        elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        if not cached:
            first_times.append(elapsed)
        seen.add((query, lang))
    return {
        "all": summary(times), "computed": summary(first_times), "searches": SEARCHES,
        "distinct_queries": len(queries), "distinct_asked": len(seen),
        "cache_hit_share": 1 - len(first_times) / SEARCHES, "zipf_s": ZIPF_S,
        "english_share": ENGLISH_SHARE,
    }
