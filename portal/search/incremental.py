"""Re-index only what changed: a publish that edits one project re-analyses its documents alone.

Each generation's index keeps, beside it, a digest of every document it holds (``digests.json``,
keyed by item key and language). A new build starts from a copy of the previous generation's
index when that was built with the same analysis, the same lexicon (every document is cut into
words with it) and the same synonyms (``synonyms.json``: the index has a token for each of
several words), deletes the documents that changed or went away and adds the changed and new
ones. Whoosh writes new segments and a new table of contents; the copy keeps the previous
generation's files untouched for the readers still using them. When much has changed, a full
build is as quick and leaves no deleted documents behind, so it is done instead.
"""

import hashlib
import json
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import And, Term

DIGESTS = "digests.json"
LEXICON = "userdict.txt"
SYNONYMS = "synonyms.json"
FULL_FROM = 0.2  # share of documents changed from which a full build is done instead


def doc_id(doc):
    return f"{doc['key']}\t{doc['lang']}"


def digests(docs):
    return {doc_id(d): hashlib.sha1(repr(sorted(d.items())).encode()).hexdigest() for d in docs}


def base_for(previous, words, analysis_version, synonyms=()):
    """The previous index folder to start from, or None when a full build is due."""
    if previous is None or not (previous / DIGESTS).is_file():
        return None
    try:
        meta = json.loads((previous / "meta.json").read_text(encoding="utf-8"))
        lexicon = (previous / LEXICON).read_text(encoding="utf-8").split("\n")[:-1]
        groups = json.loads((previous / SYNONYMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("analysis_version") != analysis_version or lexicon != list(words) or groups != [
            list(group) for group in synonyms]:
        return None
    return previous


def update(base, target, docs, wanted, progress=None):
    """Copy the index at ``base`` into ``target`` and bring it to ``docs``; return the number of
    documents written, or None when so much changed that a full build is better."""
    held = json.loads((base / DIGESTS).read_text(encoding="utf-8"))
    changed = [d for d in docs if held.get(doc_id(d)) != wanted[doc_id(d)]]
    gone = [i for i in held if i not in wanted]
    if len(changed) + len(gone) > FULL_FROM * max(len(docs), 1):
        return None
    for path in base.iterdir():  # copies, not links: Whoosh may rewrite a file it owns
        if path.is_file() and not path.name.endswith("WRITELOCK"):
            shutil.copy2(path, target / path.name)
    ix = whoosh_index.open_dir(str(target))
    writer = ix.writer(limitmb=128)
    for key in gone + [doc_id(d) for d in changed if doc_id(d) in held]:
        item, lang = key.split("\t")
        writer.delete_by_query(And([Term("key", item), Term("lang", lang)]))
    return write(ix, writer, changed, progress)


def write(ix, writer, docs, progress=None):
    """Add ``docs``, commit and close; return how many were written."""
    for doc in docs:
        writer.add_document(**doc)
        if progress:
            progress(1)
    writer.commit()
    ix.close()
    return len(docs)


def write_digests(target, wanted):
    (Path(target) / DIGESTS).write_text(json.dumps(wanted, ensure_ascii=False), encoding="utf-8")


def write_synonyms(target, synonyms):
    (Path(target) / SYNONYMS).write_text(json.dumps([list(g) for g in synonyms], ensure_ascii=False),
                                         encoding="utf-8")
