"""Content codings of kept pages: which one a client takes, and the compressed bytes.

The page cache (``portal.pagecache``) keeps each page's bytes once and compresses them once per
coding, on the first request that takes it; this module only decides and compresses. Brotli
goes to clients that accept it (every current browser over HTTPS, and most over HTTP), gzip to
the others; bodies under ``MIN_BYTES`` or of types that do not shrink are sent as they are.
"""

import gzip
from functools import lru_cache

import brotli

# Types worth compressing: pages, feeds, sitemaps, data downloads, stylesheets and scripts.
COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/plain", "text/csv", "text/javascript", "text/xml",
    "application/javascript", "application/json", "application/geo+json", "application/xml",
    "application/atom+xml", "application/rss+xml", "image/svg+xml",
})
MIN_BYTES = 1024  # below about a packet, compression saves nothing a visitor would notice
PREFERENCE = ("br", "gzip")  # at equal quality values: the smaller first
ETAG_SUFFIX = {"identity": "", "gzip": "-gz", "br": "-br"}
# Brotli's quality: 5 is as fast as gzip -9 and 10-15% smaller on these pages; 11 is 10% smaller
# again but 100 ms for a page, too slow for a page made once per publish on the first request.
# Static files (one small stylesheet) change only with a deploy: they take the best.
BR_QUALITY = {"page": 5, "static": 11}

ENCODERS = {
    "br": lambda data, kind: brotli.compress(data, quality=BR_QUALITY[kind], mode=brotli.MODE_TEXT),
    "gzip": lambda data, kind: gzip.compress(data, compresslevel=9, mtime=0),
}


def offered(content_type, size):
    """The codings a response may be sent in besides identity: ``PREFERENCE`` or ``()``."""
    mimetype = (content_type or "").split(";", 1)[0].strip().lower()
    return PREFERENCE if mimetype in COMPRESSIBLE and size >= MIN_BYTES else ()


def qualities(header):
    """``{coding: q}`` from an Accept-Encoding header (``x-gzip`` read as ``gzip``)."""
    found = {}
    for part in header.split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        coding = {"x-gzip": "gzip"}.get(coding.lower(), coding.lower())
        if not coding:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # unreadable: do not guess that the client accepts it
        found[coding] = q
    return found


@lru_cache(maxsize=512)  # clients send a handful of distinct headers: decide once per header
def choose(header, codings):
    """The coding to send: the accepted one of ``codings`` (or identity) with the highest quality
    value, ``codings``' order breaking ties, identity last (RFC 9110, 12.5.3). Identity is sent
    when nothing else is acceptable, even if the client refused it: better than no page."""
    if not header or not codings:
        return "identity"
    q = qualities(header)
    star = q.get("*")

    def quality(coding):
        if coding in q:
            return q[coding]
        if coding == "identity":  # acceptable unless refused by name or by "*;q=0"
            return 0.0 if star == 0.0 else 0.001
        return star or 0.0

    ranked = [(quality(c), -i, c) for i, c in enumerate((*codings, "identity"))]
    best = max(ranked)
    return best[2] if best[0] > 0 else "identity"


def compress(data, coding, kind="page"):
    """``data`` in ``coding`` (``identity``: as it is)."""
    return data if coding == "identity" else ENCODERS[coding](data, kind)
