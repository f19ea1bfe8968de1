"""A lead's answers as stored: each field with its Chinese and English label, the raw value,
and for choices the chosen option's text in both languages, so staff read any lead in either
language, whichever language the visitor used."""

from contextlib import contextmanager

from flask import g
from flask_babel import force_locale

from . import regions
from .form import CHANNELS, OTHER_REGION, SPACE_KINDS, TIMINGS

LANGS = ("zh", "en")
FREE_TEXT = ("name", "company", "title", "email", "phone", "wechat", "area", "message")
ORDER = ("name", "company", "title", "email", "phone", "wechat", "channel", "region", "industry",
         "band", "space", "area", "timing", "item", "message")
FIXED = {"channel": CHANNELS, "space": SPACE_KINDS, "timing": TIMINGS}


@contextmanager
def in_language(lang):
    """Render text (gettext, number and date formats) in ``lang`` for the duration."""
    before = g.get("lang")
    g.lang = lang
    try:
        with force_locale(lang):
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
        return getattr(term, lang) if term else value
    return item_label(content, value, lang)


def answers(form, content):
    """``[{"field", "label": {zh, en}, "value", "text": {zh, en}?}, ...]`` for every given answer."""
    rows = []
    for name in ORDER:
        value = form.phone_e164 if name == "phone" and form.phone_e164 else form[name].data
        if not value:
            continue
        row = {"field": name, "label": {}, "value": value}
        for lang in LANGS:
            with in_language(lang):
                row["label"][lang] = str(form[name].label.text)
                if name not in FREE_TEXT:
                    row.setdefault("text", {})[lang] = option_text(content, name, value, lang)
        rows.append(row)
    return rows

