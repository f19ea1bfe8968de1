"""The index on disk: schema, build into a fresh folder, swap it in atomically, clean up.

Layout under ``<instance>/search/``::

    current -> gen-20261124T101500-1a2b3c   symlink, replaced atomically by each build
    gen-…/                                  one complete Whoosh index per build, with meta.json
    tmp-…/                                  a build in progress (never read)
    jieba.cache                             jieba's dictionary cache

Readers resolve ``current`` when they open a searcher; a build never touches a generation that
readers may have open. The previous generation is kept, so a searcher opened just before a
swap finishes its work; older ones are deleted.
"""

import json
import os
import secrets
import shutil
import time
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from ..locks import folder_lock
from . import analysis, incremental
from .documents import documents
from .lexicon import build_lexicon

CURRENT = "current"
META = "meta.json"
STALE_BUILD_S = 3600
PARALLEL_FROM = 2000  # documents from which a build analyses in several processes
MAX_PROCS = 4


def schema(words, synonyms=()):
    tokenizer = analysis.PortalTokenizer(words, synonyms)
    return Schema(
        key=ID(stored=True, sortable=True),
        type=ID(stored=True, sortable=True),
        lang=ID(stored=True, sortable=True),
        title=TEXT(analyzer=tokenizer, chars=True, stored=True),
        text=TEXT(analyzer=tokenizer, chars=True, stored=True, spelling=True),
        pinyin_title=KEYWORD(lowercase=True, scorable=True),  # pinyin of words (pinyin.py)
        pinyin=KEYWORD(lowercase=True, scorable=True),
        status=ID(stored=True, sortable=True), expires=ID(stored=True, sortable=True),
        section=STORED, slug=STORED, anchor=STORED, translated=STORED, updated=STORED,
    )


def current_generation(folder):
    """Name of the generation ``current`` points at, or None when there is no index."""
    try:
        return os.readlink(Path(folder) / CURRENT)
    except OSError:
        return None


def read_meta(folder, generation=None):
    generation = generation or current_generation(folder)
    if generation is None:
        return None
    try:
        return json.loads((Path(folder) / generation / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(folder, content):
    """True if the index exists and was built from this content with this analysis."""
    meta = read_meta(folder)
    return bool(meta) and meta.get("content_version") == content.version and meta.get(
        "analysis_version") == analysis.VERSION


def build(content, folder, progress=None, docs=None, previous=None):
    """Index ``content`` into a fresh generation under ``folder`` and make it current.

    ``progress(n)`` is called as documents are added; ``docs`` overrides the documents (the
    benchmark feeds a generated corpus). ``previous`` is the index of the previous published
    generation: only the documents that changed since are analysed again (incremental.py).
    Returns the new generation's meta data.
    """
    with folder_lock(folder):
        return build_locked(content, Path(folder), progress, docs, previous)


def build_locked(content, folder, progress, docs, previous=None):
    started = time.perf_counter()
    words = build_lexicon(content)
    synonyms = tuple(getattr(content, "synonyms", ()))
    docs = list(documents(content) if docs is None else docs)
    wanted = incremental.digests(docs)
    tmp = folder / f"tmp-{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir()
    try:
        base = incremental.base_for(previous, words, analysis.VERSION, synonyms)
        written = incremental.update(base, tmp, docs, wanted, progress) if base else None
        if written is None:
            written = full_build(tmp, words, synonyms, docs, progress)
        incremental.write_digests(tmp, wanted)
        incremental.write_synonyms(tmp, synonyms)
        meta = {
            "content_version": content.version, "analysis_version": analysis.VERSION,
            "documents": len(docs), "written": written, "incremental": base is not None and
            written < len(docs), "lexicon": len(words),
            "built": datetime.now().astimezone().isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 2),
        }
        (tmp / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        (tmp / "userdict.txt").write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
        generation = f"gen-{datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        tmp.rename(folder / generation)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    previous = current_generation(folder)
    swap(folder, generation)
    clean(folder, keep={generation, previous})
    return {**meta, "generation": generation}


def full_build(folder, words, synonyms, docs, progress):
    ix = whoosh_index.create_in(str(folder), schema(words, synonyms))
    writer = ix.writer(**({"limitmb": 256} | parallel(len(docs))))
    return incremental.write(ix, writer, docs, progress)


def parallel(count):
    """Writer options: large builds run one sub-writer per core, each writing its own segment.

    Merging the segments at the end would cost as much as the parallel part saves, so they are
    kept; searchers read them as one index.
    """
    procs = min(MAX_PROCS, len(os.sched_getaffinity(0)))
    if count < PARALLEL_FROM or procs < 2:
        return {}
    batch = max(1, min(500, count // (procs * 4)))  # documents handed to a sub-writer at a time
    return {"procs": procs, "multisegment": True, "limitmb": 128, "batchsize": batch}


def swap(folder, generation):
    """Point ``current`` at ``generation`` in one atomic rename."""
    link = Path(folder) / f".current-{secrets.token_hex(4)}"
    os.symlink(generation, link)
    os.replace(link, Path(folder) / CURRENT)


def clean(folder, keep):
    """Delete generations other than ``keep`` and builds abandoned for an hour."""
    for path in Path(folder).iterdir():
        if path.name.startswith("gen-") and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith("tmp-") and time.time() - path.stat().st_mtime > STALE_BUILD_S:
            shutil.rmtree(path, ignore_errors=True)


def exists(folder):
    generation = current_generation(folder)
    return generation is not None and (Path(folder) / generation).is_dir()
