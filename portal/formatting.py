"""Numbers, money, areas, phones and dates as each language writes them (Babel, phonenumbers).

One notation per language, on every page: square metres as ``㎡`` in Chinese and ``m²`` in
English; money in 元/万元/亿元 in Chinese and ``CNY … million`` in English; land in 亩, with
hectares and acres alongside in English; a building's floor area in square metres only.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

import phonenumbers
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import g, has_app_context
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .clock import CHINA_TIME, china_today
from .content import get_content
from .content.policies import applicable_policies
from .db import aware
from .i18n import BABEL_LOCALE, is_chinese
from .leads import regions
from .leads.vocabulary import OTHER_REGION

M2_PER_MU = Decimal(10_000) / 15  # 1 mu = 10,000/15 m², exactly
M2_PER_HA = Decimal(10_000)
M2_PER_ACRE = Decimal("4046.8564224")  # the international acre, exactly
YI = Decimal(100_000_000)
WAN = Decimal(10_000)
MILLION = Decimal(1_000_000)
_writing_in = ContextVar("writing_in", default=None)  # set by written_in


def lang():
    return _writing_in.get() or (g.get("lang", "zh") if has_app_context() else "zh")


@contextmanager
def written_in(code):
    """Numbers and money in language ``code`` without a request: a publish writes the search
    documents of each language (``search/documents.py``) as that language's pages read."""
    token = _writing_in.set(code)
    try:
        yield
    finally:
        _writing_in.reset(token)


def chinese():
    """Chinese units and punctuation: on both Chinese sites (zh and zh-hant)."""
    return is_chinese(lang())


def locale():
    """The Babel locale for numbers and dates in the visitor's language."""
    return BABEL_LOCALE.get(lang(), "zh")


def number(value, digits=2):
    """``12345.5`` -> ``12,345.5`` (grouped, up to ``digits`` decimals)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale())


def money(amount):
    """An Amount as ``3.5亿元`` in Chinese and ``CNY 350 million`` in English."""
    if amount is None:
        return ""
    return yuan_text(amount.yuan)


def wan(value):
    """A sum the back office keeps in 万元 (contracts, funds in place, targets), as the public
    site shows money: ``28000`` -> ``2.8亿元`` / ``CNY 280 million``."""
    if value is None or value == "":
        return ""
    return yuan_text(Decimal(str(value)) * WAN)


def wan_typed(value):
    """A sum in 万元 as a person would type it back into a form (the form reads it again):
    ``500000`` -> ``50亿元``, ``8000`` -> ``8000万元``, ``12345.5`` -> ``12345.5万元``,
    ``0.05`` -> ``500元``; the largest unit that keeps it to two decimals, no grouping."""
    if value is None or value == "":
        return ""
    yuan = Decimal(str(value)) * WAN
    for unit, size in (("亿元", YI), ("万元", WAN)):
        scaled = yuan / size
        if yuan >= size and scaled == scaled.quantize(Decimal("0.01")):
            return f"{plain_number(scaled)}{unit}"
    return f"{plain_number(yuan)}元"


def plain_number(value):
    """``Decimal("50.00")`` -> ``50``, ``Decimal("1.20")`` -> ``1.2`` (no exponent, no grouping)."""
    text = format(Decimal(value).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan_text(yuan):
    """A sum in yuan in the page's notation (see ``money``)."""
    if chinese():
        if yuan >= YI:
            return f"{number(yuan / YI)}亿元"
        if yuan >= WAN:
            return f"{number(yuan / WAN)}万元"
        return f"{number(yuan)}元"
    if yuan >= MILLION:  # never "billion": one notation for every sum on the page
        return f"CNY {number(yuan / MILLION)} million"
    return f"CNY {number(yuan)}"


def mu(value):
    """Land area: ``320亩``; in English ``320 mu (21.33 ha, 52.72 acres)``."""
    if value is None:
        return ""
    if chinese():
        return f"{number(value)}亩"
    area = Decimal(str(value)) * M2_PER_MU
    return (f"{number(value)} mu ({number(area / M2_PER_HA)} ha, "
            f"{number(area / M2_PER_ACRE)} acres)")


def m2(value):
    """Floor area, in square metres only (a building is never measured in mu)."""
    if value is None:
        return ""
    return f"{number(value)}㎡" if chinese() else f"{number(value)} m²"


def people(value):
    """A head count: ``650人`` / ``650 people``."""
    if value is None:
        return ""
    return f"{number(value, 0)}人" if chinese() else f"{number(value, 0)} people"


def parse_phone(text):
    """The phone number in ``text`` (Chinese numbers may omit +86), or None."""
    try:
        parsed = phonenumbers.parse(text or "", "CN")
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def phone_parts(text):
    """``(e164, local)``: ``("+869158812345", "0915-8812345")``; a number outside mainland
    China is shown as dialled from abroad (``+852 2345 6789``). ``(None, text)`` if unreadable."""
    parsed = parse_phone(text)
    if parsed is None:
        return None, text
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if parsed.country_code != 86:
        return e164, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    area = phonenumbers.length_of_geographical_area_code(parsed)
    national = str(parsed.national_number)
    if area:  # a landline: 0915-8812345, as it is written in China
        return e164, f"0{national[:area]}-{national[area:]}"
    return e164, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone(text):
    """A ``tel:`` link that works from abroad (E.164), showing the number as written locally;
    on English pages the international form follows: ``0915-8812345 (+86 915 881 2345)``."""
    e164, local = phone_parts(text)
    if e164 is None:
        return escape(text or "")
    shown = escape(local)
    if not chinese() and e164.startswith("+86"):
        parsed = parse_phone(text)
        shown += Markup(" (%s)") % phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Markup('<a href="tel:%s">%s</a>') % (e164, shown)


def hours(text):
    """Office hours, with the time zone on English pages (visitors abroad read their own)."""
    if not text:
        return ""
    if chinese() or "UTC" in text:
        return text
    return _("%(hours)s, China time (UTC+8)", hours=text)


def available(value):
    """When a unit can be moved into: a date in the past or today reads "available now"."""
    if value is None:
        return ""
    if value <= china_today():
        return _("available now")
    return _("from %(date)s", date=day(value))


def day(value):
    """A date: ``2026年10月12日`` / ``12 Oct 2026``."""
    if value is None:
        return ""
    return format_date(value, format="long" if chinese() else "medium", locale=locale())


def china_date(moment):
    """The date in China of an aware datetime (a date as it is), in the page's language."""
    if moment is None:
        return ""
    if hasattr(moment, "astimezone") and hasattr(moment, "hour"):
        moment = aware(moment).astimezone(CHINA_TIME).date()
    return format_date(moment, format="medium", locale=locale())


def china_time(moment):
    """``2026-12-01 09:30`` in China time, for staff pages (the page says the zone once)."""
    return aware(moment).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M") if moment else ""


def label(value):
    """The current language's text of a ``{zh, en}`` label."""
    return value.text(lang()) if value is not None else ""


def term(vocabulary, key):
    """The current language's label of a taxonomy term (the key itself if unknown)."""
    found = getattr(get_content().taxonomy, vocabulary, {}).get(key)
    return found.text(lang()) if found else key


def region(code):
    """A lead's country or region code in the page's language: ``CN-GD`` -> ``广东`` /
    ``Guangdong``; ``OTHER`` as words; an unknown code as it is; nothing as ``""``."""
    if not code:
        return ""
    if code == regions.OTHER:
        return str(OTHER_REGION)
    return regions.label(code, "zh" if chinese() else "en") or code


def terms(keys, vocabulary):
    """Labels of several taxonomy terms, joined as the language lists them."""
    return ("、" if chinese() else ", ").join(term(vocabulary, k) for k in keys)


def applicable(item):
    """The policies that apply to a project, park or unit (none expired), for templates."""
    return applicable_policies(get_content(), item, lang())


def policy(slug):
    """The policy ``slug`` in the page's language, or None."""
    return get_content().get("policies", slug, lang())


def init_app(app):
    app.jinja_env.filters.update(
        number=number, money=money, mu=mu, m2=m2, day=day, label=label, terms=terms,
        china_date=china_date, china_time=china_time, people=people, phone=phone, hours=hours,
        available=available, wan=wan, wan_typed=wan_typed,
    )
    app.jinja_env.globals.update(Markup=Markup, term=term, china_today=china_today,
                                 phone_parts=phone_parts, applicable_policies=applicable,
                                 policy=policy)
