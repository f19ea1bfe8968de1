"""Translation catalogs are complete: no interface text falls back to the English source."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.config import DEFAULTS

CATALOGS = sorted(Path(DEFAULTS["TRANSLATIONS_DIR"]).glob("*/LC_MESSAGES/*.po"))


def test_both_languages_have_a_catalog():
    assert {path.parts[-3] for path in CATALOGS} >= {"zh", "en"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_message_is_translated_and_none_is_fuzzy(path):
    with path.open("rb") as f:
        catalog = read_po(f, locale=path.parts[-3])
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []
    assert len(catalog) > 50


def test_chinese_catalog_translates_the_interface(client):
    text = client.get("/zh/projects/").get_data(as_text=True)
    for english in ("Investment projects", "Industry", "Total investment", "Contact"):
        assert f">{english}<" not in text
