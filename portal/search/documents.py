"""Content -> search documents: one per item and language, one per factory unit and language.

Each document has a ``title`` and a ``text`` made of the summary, the facts as a visitor reads
them (industry, park, cooperation modes… as labels in the document's language; a park's land
price, utilities, rent and distances under the names its page gives them, so 土地价格 or "land
price" finds the figure; sums of money and areas as that language's pages write them) and the
body as plain text. Parts are separated by line breaks, which break phrases. An untranslated
item is indexed once, in Chinese: its English page shows the same Chinese text.

Beside the text: the item's ``status`` (a project's or a unit's, as a key) and the day an
incentive ``expires``, for ranking and badges; and for Chinese documents the ``pinyin`` of
their words (see ``pinyin.py``).
"""

import html
import re

from ..formatting import m2, money, number, written_in
from .analysis import Lexicon
from .lexicon import build_lexicon
from .pinyin import pinyin_fields

BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|dt|dd|blockquote|pre|figcaption)>|<br\s*/?>|</t[dh]>")
TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"[ \t\r\f\v]+")


def plain(markup):
    """Rendered HTML as text, one line per block."""
    text = html.unescape(TAG.sub("", BLOCK_END.sub("\n", str(markup))))
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def join(*parts):
    """Non-empty parts, one per line; lists become comma-separated lines."""
    lines = []
    for part in parts:
        if isinstance(part, list | tuple):
            part = ", ".join(str(p) for p in part if p)
        if part:
            lines.append(str(part))
    return "\n".join(lines)


class Labels:
    """Taxonomy labels in one language."""

    def __init__(self, taxonomy, lang):
        self.taxonomy, self.lang = taxonomy, lang

    def __call__(self, vocabulary, keys):
        terms = getattr(self.taxonomy, vocabulary)
        keys = (keys,) if isinstance(keys, str) else keys
        return [getattr(terms[k], self.lang) if k in terms else k for k in keys]


# The names the park and project pages give these facts (their templates, the catalog's Chinese).
FACT_NAMES = {
    "zh": {"total_investment": "总投资", "land_price": "工业用地价格", "rent": "厂房租金",
           "rent_free": "免租期", "power": "供电", "water": "供水", "gas": "供气",
           "wastewater": "污水处理", "transport": "交通区位"},
    "en": {"total_investment": "Total investment", "land_price": "Industrial land price",
           "rent": "Factory rent", "rent_free": "Rent-free period", "power": "Power",
           "water": "Water", "gas": "Gas", "wastewater": "Wastewater", "transport": "Transport"},
}
COLON = {"zh": "：", "en": ": "}


def fact(lang, name, value):
    """``供电：…`` / ``Power: …``, or "" without a value."""
    return f"{FACT_NAMES[lang][name]}{COLON[lang]}{value}" if value else ""


def project(item, label, parks):
    park = parks.get(item.park)
    # Chinese as the editor wrote it (9.6亿元, 8000万元: searchable as typed), English as its
    # pages read (CNY 960 million).
    investment = item.total_investment.written if label.lang == "zh" else money(item.total_investment)
    return item.title, join(
        item.summary, label("industries", item.industry), park and park.name, item.location,
        label("cooperation_modes", item.cooperation_modes), label("project_statuses", item.status),
        label("maturities", item.maturity), fact(label.lang, "total_investment", investment),
        item.department,
        item.construction_content, item.construction_conditions, item.market_outlook,
        *(claim.text for claim in item.incentives), plain(item.body))  # incentives as shown


def park(item, label, parks):
    lang = label.lang
    utilities = [fact(lang, name, value) for name, value in item.utilities.model_dump().items()]
    distances = ", ".join(f"{t.to} {number(t.km, 1)} km" for t in item.transport)  # as the page
    return item.name, join(
        item.summary, label("park_levels", item.level), label("industries", item.industries),
        item.encouraged, item.prohibited, fact(lang, "land_price", item.land_price),
        *utilities, fact(lang, "rent", item.rent), fact(lang, "rent_free", item.rent_free),
        fact(lang, "transport", distances), plain(item.body))


def policy(item, label, parks):
    return item.title, join(
        item.summary, item.authority, item.document_number,
        label("policy_categories", item.categories), label("industries", item.industries),
        item.eligibility, plain(item.body))


def desk(item, label, parks):
    people = [f"{p.name} {p.title}" for p in item.people]
    return item.name, join(
        item.summary, label("desk_kinds", item.kind), item.regions,
        label("industries", item.industries), item.address, item.phone, item.email,
        item.languages, people, plain(item.body))


def text_page(item, label, parks):
    return item.title, join(item.summary, plain(item.body))


DOCUMENTS = {"projects": project, "parks": park, "policies": policy, "desks": desk,
             "news": text_page, "pages": text_page}
# The traditional-Chinese site searches the Chinese documents: queries are folded to simplified
# characters (analysis.converter), and its result pages are converted back as a whole.
INDEXED_LANGS = ("zh", "en")
UNIT_WORDS = {"zh": "标准化厂房", "en": "standard factory building"}
UNIT_BOOST = 0.5


def unit_document(unit, park, label, lang):
    building = unit.building_en if lang == "en" and unit.building_en else unit.building
    # Chinese figures ungrouped (5800 ㎡: found as typed), English ones as its pages show them.
    facts = [f"{unit.area_m2:g} ㎡" if lang == "zh" else m2(unit.area_m2)]
    if unit.height_m:
        facts.append(f"{unit.height_m:g} m")
    if unit.crane_t:
        facts.append(f"{unit.crane_t:g} t")
    if lang == "zh":
        title = f"{park.name} {building} {unit.id}"
    else:
        title = f"{park.name}, {building}, unit {unit.id}"
    return title, join(UNIT_WORDS[lang], label("unit_statuses", unit.status), facts, park.name)


def documents(content, with_pinyin=True):
    """Every search document of ``content``, as keyword arguments for the index writer."""
    parks = {lang: {p.slug: p for p in content.items("parks", lang)} for lang in INDEXED_LANGS}
    lexicon = Lexicon(build_lexicon(content)) if with_pinyin else None
    for (section, slug), bundle in sorted(content.bundles.items()):
        for lang, item in bundle.items.items():
            if lang not in INDEXED_LANGS or (lang != "zh" and not item.translated):
                continue
            label = Labels(content.taxonomy, lang)
            with written_in(lang):  # not around a yield: the language would leak to the caller
                title, text = DOCUMENTS[section](item, label, parks[lang])
                units = [unit_document(unit, item, label, lang) for unit in getattr(item, "units", ())]
            doc = record(f"{section}/{slug}", section, lang, title, text, item)
            doc["status"] = getattr(item, "status", "") if section == "projects" else ""
            if section == "policies" and item.effective_to:
                doc["expires"] = item.effective_to.isoformat()
            yield with_words(doc, lexicon)
            for unit, (title, text) in zip(getattr(item, "units", ()), units, strict=True):
                # A unit's short text would outrank the pages about its park: weigh it less.
                doc = record(f"units/{slug}/{unit.id}", "units", lang, title, text, item,
                             anchor=f"unit-{unit.id}")
                yield with_words({**doc, "status": unit.status, "_boost": UNIT_BOOST}, lexicon)


def with_words(doc, lexicon):
    if lexicon is not None and doc["lang"] == "zh":
        doc.update(pinyin_fields(doc["title"], doc["text"], lexicon))
    return doc


def record(key, kind, lang, title, text, item, anchor=""):
    section = "parks" if kind == "units" else kind
    return {"key": key, "type": kind, "lang": lang, "title": title, "text": text,
            "section": section, "slug": item.slug, "anchor": anchor,
            "translated": item.translated, "updated": item.updated.isoformat()}
