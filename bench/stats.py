"""Summaries of repeated measurements."""

import statistics


def median(values):
    return statistics.median(values) if values else None


def percentile(values, fraction):
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of them at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil without floats creeping in
    return ordered[int(rank) - 1]


def summary(values):
    """``{n, p50, p95, min, max}`` of a list of numbers."""
    return {"n": len(values), "p50": median(values), "p95": percentile(values, 0.95),
            "min": min(values, default=None), "max": max(values, default=None)}
