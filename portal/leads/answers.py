"""A lead's answers as stored: each field with its Chinese and English label, the raw value,
and for choices the chosen option's text in both languages, so staff read any lead in either
language, whichever language the visitor used. The inquiry form writes them; the thank-you
page, the mails and the staff pages read them."""

from contextlib import contextmanager

from flask import g
from flask_babel import force_locale

from ..i18n import BABEL_LOCALE
from . import regions
from .vocabulary import CHANNELS, OTHER_REGION, SPACE_KINDS, TIMINGS

LANGS = ("zh", "en")
FREE_TEXT = ("name", "company", "title", "email", "phone", "wechat", "area", "message")
ORDER = ("name", "company", "title", "email", "phone", "wechat", "channel", "region", "industry",
         "band", "space", "area", "timing", "item", "message")
FIXED = {"channel": CHANNELS, "space": SPACE_KINDS, "timing": TIMINGS}
CONTACT_FIELDS = ("name", "email", "phone", "wechat")  # personal: masked where a role needs not see them


@contextmanager
def in_language(lang):
    """Render text (gettext, number and date formats) in ``lang`` for the duration."""
    before = g.get("lang")
    g.lang = lang
    try:
        with force_locale(BABEL_LOCALE.get(lang, lang)):
            yield
    finally:
        g.lang = before


def item_label(content, item, lang):
    """``project:<slug>`` -> its title; ``park:`` -> name; ``unit:<park>/<id>`` -> park · unit."""
    kind, _, key = (item or "").partition(":")
    if kind == "unit":
        park_slug, _, unit_id = key.partition("/")
        park = content.get("parks", park_slug, lang)
        return f"{park.name} · {unit_id}" if park else key
    found = content.get({"project": "projects", "park": "parks"}.get(kind, ""), key, lang)
    return found.title if found else key


def option_text(content, name, value, lang):
    if name in FIXED:
        return str(FIXED[name].get(value, value))
    if name == "region":
        return regions.label(value, lang) or str(OTHER_REGION)
    if name in ("industry", "band"):
        vocabulary = {"industry": "industries", "band": "investment_bands"}[name]
        term = getattr(content.taxonomy, vocabulary).get(value)
        return term.text(lang) if term else value
    return item_label(content, value, lang)


def stored_lang(lang):
    """The language answers are stored in for ``lang``: zh-hant reads the Chinese (its pages
    and mails are converted to traditional characters as a whole)."""
    return "en" if lang == "en" else "zh"


def shown(answer, lang):
    """What the visitor gave for one stored answer, as text in ``lang``."""
    text = answer.get("text")
    return text.get(stored_lang(lang)) or answer["value"] if text else answer["value"]


def label(answer, lang):
    return answer["label"].get(stored_lang(lang)) or answer["field"]
