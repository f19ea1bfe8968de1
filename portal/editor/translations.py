"""Translations that may be out of date: a Chinese text changed since the files on disk (what is
published), while its English (or traditional-Chinese override) stayed as it was. The English
input is flagged until someone updates it, or the change is published (the new Chinese then
becomes what the translation is compared with)."""

from ..content.problems import WARNING, Problem

STALE = ("中文已更新，译文可能过期", "the Chinese has changed since this translation: it may be out of date")


def stale(section, slug, now, published, specs):
    """``{input name: [Problem]}`` for each translated field of ``now`` ({lang: Document}) whose
    Chinese differs from ``published`` ({lang: Document}, the files on disk) while its
    translation is unchanged and not empty."""
    if "zh" not in now or "zh" not in published:
        return {}
    flagged = {}
    for spec in specs:
        if not spec.translated:
            continue
        zh_now, zh_then = value(now["zh"], spec), value(published["zh"], spec)
        if zh_now == zh_then:
            continue
        for lang in ("en", "zh-hant"):
            if lang not in now:
                continue
            here, before = value(now[lang], spec), value(published.get(lang), spec)
            if here and here == before:
                name = f"{lang}.{spec.name}"
                rel = f"{section}/{slug}/index.{lang}.md"
                flagged[name] = [Problem(rel, None, None if spec.kind == "body" else spec.name, *STALE,
                                         severity=WARNING)]
    return flagged


def value(document, spec):
    if document is None:
        return None
    if spec.kind == "body":
        return (document.body or "").strip() or None
    return document.data.get(spec.name)
