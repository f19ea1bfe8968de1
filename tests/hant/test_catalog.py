"""The zh_Hant catalog is the Chinese one converted with the sample phrase list, entry by
entry, except entries a person wrote (flag ``manual``): `make translations` regenerates it."""

from pathlib import Path

from babel.messages.pofile import read_po

from portal.content.hant import Converter, load_phrases

ROOT = Path(__file__).parents[2]


def catalog(locale):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        messages = read_po(f, locale=locale)
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in messages if m.id}


def test_the_traditional_catalog_is_the_chinese_one_converted():
    converter = Converter(load_phrases(ROOT / "content"))
    zh, hant = catalog("zh"), catalog("zh_Hant")
    assert hant.keys() == zh.keys(), "run `make translations`"
    stale = []
    for key, message in zh.items():
        mine = hant[key]
        if "manual" in mine.flags:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = tuple(converter.text(s) for s in strings)
        shown = mine.string if isinstance(mine.string, tuple) else (mine.string,)
        if shown != expected:
            stale.append(key[0])
    assert stale == [], "run `make translations`"
