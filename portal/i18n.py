"""Languages: URL prefixes, flask-babel, and compiled catalogs in the instance folder."""

import os
import secrets
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import abort, current_app, g, request
from flask_babel import Babel
from markupsafe import Markup, escape

from . import cookies
from .content import get_content
from .content.hant import protect

LANG_COOKIE = cookies.LANG
# Each URL language: its BCP 47 tag (``<html lang>``, hreflang), its Open Graph locale, the
# gettext/Babel locale its catalog is kept under, and its name in itself (the header's switch).
# ``zh-hant`` (繁體中文) is generated from the Chinese with OpenCC (``portal.content.hant``).
HREFLANG = {"zh": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
OG_LOCALE = {"zh": "zh_CN", "zh-hant": "zh_TW", "en": "en_US"}
BABEL_LOCALE = {"zh": "zh", "zh-hant": "zh_Hant", "en": "en"}
NATIVE_NAME = {"zh": "简体中文", "zh-hant": "繁體中文", "en": "English"}
SHORT_NAME = {"zh": "简体", "zh-hant": "繁體", "en": "English"}  # the switch: short enough for a phone


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


# Browsers name traditional Chinese by script (zh-Hant) or by region (Taiwan, Hong Kong, Macao).
TRADITIONAL_REGIONS = {"tw", "hk", "mo"}
# Tags of Chinese: ``zh``, and Mandarin and Cantonese by their own codes (``cmn-Hans-CN``,
# ``yue-HK``); Cantonese is written in traditional characters unless the tag says ``Hans``.
CHINESE = {"zh", "cmn", "yue"}
# The site for a visitor whose browser names languages but none of the Chinese ones (de-DE, ja,
# fr-CA…): they read English sooner than Chinese.
FOREIGN_LANGUAGE = "en"


def site_language(tag):
    """The site's language for one browser language tag (``zh-TW``, ``zh-Hans-CN``, ``en-GB``…),
    or None for a language the site is not written in."""
    parts = tag.lower().replace("_", "-").split("-")
    if parts[0] in CHINESE:
        if "hans" in parts:
            return "zh"
        if "hant" in parts or "yue" in parts or TRADITIONAL_REGIONS & set(parts[1:]):
            return "zh-hant"
        return "zh"
    if parts[0] == "en":
        return "en"
    return None


def preferred_language(app):
    """The visitor's explicit choice (cookie); else the first of their browser's languages, in
    order of preference (q-values), that the site has; else English for a browser that names
    only other languages; else (no Accept-Language, or only ``*``) the default."""
    languages = app.config["LANGUAGES"]
    chosen = cookies.read(LANG_COOKIE)
    if chosen in languages:
        return chosen
    named, refused = False, set()
    for tag, quality in request.accept_languages:  # sorted by quality, best first
        if tag == "*":
            continue
        named = True
        lang = site_language(tag)
        if quality <= 0:  # "not this language"
            refused.add(lang)
        elif lang in languages:
            return lang
    if named and FOREIGN_LANGUAGE in languages and FOREIGN_LANGUAGE not in refused:
        return FOREIGN_LANGUAGE
    return app.config["DEFAULT_LANGUAGE"]


# Responses whose text the traditional-Chinese site converts as a whole.
CONVERTED_TYPES = {"text/html", "text/plain", "text/csv", "application/xml", "application/atom+xml",
                   "application/json", "application/geo+json"}


def as_written(text):
    """``text`` exempt from the zh-hant conversion (a name of simplified Chinese, an official
    identifier); unchanged elsewhere."""
    return Markup(protect(escape(text))) if g.get("lang") == "zh-hant" else text


def convert_traditional(response):
    """On the zh-hant site, the finished response in traditional characters (see content/hant.py).

    Done once per response: cached views convert before their ETag is computed, so the ETag is
    that of the bytes sent (a change of the phrase list changes it too)."""
    if (g.get("lang") != "zh-hant" or getattr(response, "converted", False)
            or response.direct_passthrough or response.is_streamed
            or response.mimetype not in CONVERTED_TYPES or response.status_code == 304):
        return response
    response.set_data(get_content().hant.page(response.get_data(as_text=True)))
    response.converted = True
    return response


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
    app.after_request(convert_traditional)
    app.json.ensure_ascii = False  # Chinese as characters, so the zh-hant conversion reaches JSON too
    app.jinja_env.filters["as_written"] = as_written
    app.jinja_env.globals.update(hreflang=HREFLANG, og_locale=OG_LOCALE, native_name=NATIVE_NAME,
                                 short_name=SHORT_NAME)


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


def fill_traditional(zh_path, hant_path, converter):
    """Write the zh_Hant catalog: each message the Chinese one converted by ``converter``
    (OpenCC with the content's phrase list), except messages flagged ``manual`` there, which a
    person wrote and which are kept as they are."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    with open(zh_path, "rb") as f:
        zh = read_po(f, locale="zh")
    kept = {}
    if Path(hant_path).exists():
        with open(hant_path, "rb") as f:
            kept = {m.id: m for m in read_po(f, locale="zh_Hant") if m.id and "manual" in m.flags}
    hant = Catalog(locale="zh_Hant", project="invest-portal",
                   language_team="繁體中文 (generated from zh by OpenCC s2twp)")
    for message in zh:
        if not message.id:
            continue
        if message.id in kept:
            mine = kept[message.id]
            hant.add(mine.id, mine.string, context=mine.context, flags=mine.flags)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        converted = tuple(converter.text(s) for s in strings)
        hant.add(message.id, converted if isinstance(message.string, tuple) else converted[0],
                 context=message.context, flags=message.flags - {"fuzzy"} if message.string else set())
    Path(hant_path).parent.mkdir(parents=True, exist_ok=True)
    with open(hant_path, "wb") as f:
        write_po(f, hant, width=100, omit_header=False)


def rewrap(path, locale):
    """Write a catalog back at the width the project keeps (pybabel update wraps at 76)."""
    from babel.messages.pofile import write_po

    with open(path, "rb") as f:
        catalog = read_po(f, locale=locale)
    with open(path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
