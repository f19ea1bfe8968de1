"""Numbers, money, areas and dates as each language writes them (Babel)."""

from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal
from flask import g
from markupsafe import Markup

M2_PER_MU = Decimal(10_000) / 15  # 1 mu = 10,000/15 m², exactly
YI = Decimal(100_000_000)
WAN = Decimal(10_000)


def lang():
    return g.get("lang", "zh")


def number(value, digits=2):
    """``12345.5`` -> ``12,345.5`` (grouped, up to ``digits`` decimals)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang())


def money(amount):
    """An Amount as ``3.5亿元`` in Chinese and ``CNY 350 million`` in English."""
    if amount is None:
        return ""
    yuan = amount.yuan
    if lang() == "zh":
        if yuan >= YI:
            return f"{number(yuan / YI)}亿元"
        if yuan >= WAN:
            return f"{number(yuan / WAN)}万元"
        return f"{number(yuan)}元"
    if yuan >= 1_000_000:
        words = format_compact_decimal(yuan, format_type="long", locale="en", fraction_digits=2)
        return f"CNY {words}"
    return f"CNY {number(yuan)}"


def mu(value):
    """Land area in mu, with square metres alongside in English."""
    if value is None:
        return ""
    if lang() == "zh":
        return f"{number(value)}亩"
    return f"{number(value)} mu ({number(Decimal(str(value)) * M2_PER_MU, 0)} m²)"


def m2(value):
    """Floor area in square metres, with mu alongside in English."""
    if value is None:
        return ""
    if lang() == "zh":
        return f"{number(value)}㎡"
    return f"{number(value, 0)} m² ({number(Decimal(str(value)) / M2_PER_MU, 1)} mu)"


def day(value):
    """A date: ``2026年10月12日`` / ``12 Oct 2026``."""
    if value is None:
        return ""
    return format_date(value, format="long" if lang() == "zh" else "medium", locale=lang())


def china_date(moment):
    """The date in China of an aware datetime (a date as it is), in the page's language."""
    from .db import aware
    from .leads.workdays import CHINA_TIME

    if moment is None:
        return ""
    if hasattr(moment, "astimezone") and hasattr(moment, "hour"):
        moment = aware(moment).astimezone(CHINA_TIME).date()
    return format_date(moment, format="medium", locale=lang())


def china_time(moment):
    """``2026-12-01 09:30`` in China time, for staff pages (the page says the zone once)."""
    from .db import aware
    from .leads.workdays import CHINA_TIME

    return aware(moment).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M") if moment else ""


def label(value):
    """The current language's text of a ``{zh, en}`` label."""
    return getattr(value, lang()) if value is not None else ""


def term(vocabulary, key):
    """The current language's label of a taxonomy term (the key itself if unknown)."""
    from .content import get_content

    found = getattr(get_content().taxonomy, vocabulary, {}).get(key)
    return getattr(found, lang()) if found else key


def terms(keys, vocabulary):
    """Labels of several taxonomy terms, joined as the language lists them."""
    return ("、" if lang() == "zh" else ", ").join(term(vocabulary, k) for k in keys)


def init_app(app):
    app.jinja_env.filters.update(
        number=number, money=money, mu=mu, m2=m2, day=day, label=label, terms=terms,
        china_date=china_date, china_time=china_time,
    )
    app.jinja_env.globals.update(Markup=Markup, term=term)
