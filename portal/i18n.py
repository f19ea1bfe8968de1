"""Languages: URL prefixes, flask-babel, and compiled catalogs in the instance folder."""

import os
import secrets
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import abort, current_app, g, request
from flask_babel import Babel

LANG_COOKIE = "lang"
# Each URL language: its BCP 47 tag (``<html lang>``, hreflang), its Open Graph locale, the
# gettext/Babel locale its catalog is kept under, and its name in itself (the header's switch).
# ``zh-hant`` (繁體中文) is generated from the Chinese with OpenCC (``portal.content.hant``).
HREFLANG = {"zh": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
OG_LOCALE = {"zh": "zh_CN", "zh-hant": "zh_TW", "en": "en_US"}
BABEL_LOCALE = {"zh": "zh", "zh-hant": "zh_Hant", "en": "en"}
NATIVE_NAME = {"zh": "简体中文", "zh-hant": "繁體中文", "en": "English"}


def is_chinese(lang):
    """True for both Chinese sites: units, number words and punctuation are the Chinese ones."""
    return lang in ("zh", "zh-hant")


def select_locale():
    return BABEL_LOCALE.get(g.get("lang"), "zh")


def language_prefixed(bp):
    """Give blueprint ``bp`` (mounted at ``/<lang>/…``) its language: ``g.lang`` from the URL
    (an unknown language is a 404), and ``url_for`` within it keeps the current one."""

    @bp.url_value_preprocessor
    def pull_lang(endpoint, values):
        lang = values.pop("lang", None)
        if lang not in current_app.config["LANGUAGES"]:
            abort(404)
        g.lang = lang

    @bp.url_defaults
    def add_lang(endpoint, values):
        if "lang" not in values and g.get("lang"):
            values["lang"] = g.lang

    return bp


def preferred_language(app):
    """The visitor's explicit choice (cookie), else their browser's best match."""
    languages = app.config["LANGUAGES"]
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or app.config["DEFAULT_LANGUAGE"]


def compile_catalogs(source, target):
    """Compile every ``.po`` under ``source`` into ``.mo`` under ``target``; return the count."""
    count = 0
    for po_path in sorted(Path(source).glob("*/LC_MESSAGES/*.po")):
        mo_path = Path(target) / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parts[-3])
        # A name of this writer's own: several processes may start and compile at once.
        tmp = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo_path)  # atomic: a worker never reads half a catalog
        count += 1
    return count


def init_app(app):
    compiled = Path(app.instance_path) / "translations"
    compile_catalogs(app.config["TRANSLATIONS_DIR"], compiled)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LANGUAGE"]
    Babel(app, locale_selector=select_locale)


def fill_english(path):
    """English messages are written in English: copy each msgid where msgstr is still empty."""
    from babel.messages.pofile import write_po

    with open(path, "rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if message.id and not any(message.string if isinstance(message.string, tuple)
                                  else (message.string,)):
            message.string = message.id  # a plural's id is already the (singular, plural) pair
    with open(path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


def rewrap(path, locale):
    """Write a catalog back at the width the project keeps (pybabel update wraps at 76)."""
    from babel.messages.pofile import write_po

    with open(path, "rb") as f:
        catalog = read_po(f, locale=locale)
    with open(path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
