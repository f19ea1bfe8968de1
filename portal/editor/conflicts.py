"""When the last save would silently win: the files changed on disk since the form was opened,
or another editor saved a newer revision meanwhile. Both versions are shown field by field."""

from dataclasses import dataclass

from .drafts import disk_files, documents


@dataclass(frozen=True)
class Conflict:
    reason: str  # "disk": the files changed on disk; "revision": another editor saved
    theirs: dict  # {name: text or None}: what is there now
    who: str | None = None  # the other editor (reason "revision")


def conflicts_with(item, base, now, opened_revision):
    """The ``Conflict`` a save of a form opened on ``base`` digests and ``opened_revision``
    (the revision id the form showed, '' for the files) meets now, or None."""
    if any(base.get(name) != digest for name, digest in now.items()):
        return Conflict("disk", disk_files(item.section, item.slug))
    latest = item.revision
    if latest is not None and str(latest.id) != str(opened_revision or ""):
        return Conflict("revision", dict(latest.files), latest.user_name)
    return None


def differences(theirs, yours):
    """``[(lang, field, theirs, yours)]``: every front-matter field and body that differs."""
    their_docs, _ = documents(theirs)
    your_docs, _ = documents(yours)
    rows = []
    for lang in sorted(set(their_docs) | set(your_docs), key=("zh", "en", "zh-hant").index):
        a, b = their_docs.get(lang), your_docs.get(lang)
        a_data, b_data = (a.data if a else {}), (b.data if b else {})
        for key in list(dict.fromkeys([*a_data, *b_data])):
            if a_data.get(key) != b_data.get(key):
                rows.append((lang, key, a_data.get(key), b_data.get(key)))
        if (a.body if a else "").strip() != (b.body if b else "").strip():
            rows.append((lang, "body", a.body if a else "", b.body if b else ""))
    return rows

