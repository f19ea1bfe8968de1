"""The open datasets: for each, its rows and its columns, each with a stable ASCII key, what it
means, its unit and its type. The data dictionary page and every download are built from these
tables, so a column cannot be served without being documented.

Values are typed Python values (numbers, dates, lists, None); ``portal.syndication.formats``
writes them as CSV cells or JSON. Numbers are plain, their unit in the key (``land_mu``); text
is in the URL's language; ``*_code`` columns hold the taxonomy's language-independent keys.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..urls import absolute_url

# Type key -> how the dictionary names it.
TYPES = {
    "text": _l("text"), "code": _l("code (ASCII key)"), "url": _l("URL"),
    "number": _l("number"), "integer": _l("integer"), "date": _l("date (YYYY-MM-DD)"),
    "boolean": _l("true or false"), "list": _l("list of text"), "codes": _l("list of codes"),
}
WAN = _l("10,000 yuan (万元)")


@dataclass(frozen=True)
class Column:
    key: str
    meaning: object  # a lazy message: the dictionary shows it in the page's language
    type: str
    value: object  # (row, context) -> the value
    unit: object = ""


@dataclass(frozen=True)
class Context:
    """What a column reads besides its row: the content, the language, the date in China."""

    content: object
    lang: str
    today: date

    def term(self, vocabulary, key):
        found = getattr(self.content.taxonomy, vocabulary).get(key)
        return found.text(self.lang) if found else key

    def terms(self, vocabulary, keys):
        return [self.term(vocabulary, key) for key in keys]

    def url(self, endpoint, **values):
        return absolute_url(endpoint, lang=self.lang, **values)


def plain(number):
    """A number as a reader wants it: ``5800`` rather than ``5800.0``; None stays None."""
    if number is None:
        return None
    if isinstance(number, Decimal | float) and number == int(number):
        return int(number)
    return float(number)


def wan(amount):
    return plain(amount.wan) if amount is not None else None


def col(key, meaning, type_, value, unit=""):
    return Column(key, meaning, type_, value, unit)


def common(endpoint):
    """The first columns of every item dataset: its folder name and its page."""
    return (
        col("slug", _l("Identifier: the item's folder name, stable forever"), "code",
            lambda i, r: i.slug),
        col("url", _l("The item's page in this language"), "url",
            lambda i, r: r.url(endpoint, slug=i.slug)),
        col("translated", _l("False where the text is not yet translated and the Chinese is given"),
            "boolean", lambda i, r: i.translated),
    )


def closing(desk=True):
    return ((col("desk", _l("Desk that answers about it (identifier of a contact desk)"), "code",
                 lambda i, r: i.desk),) if desk else ()) + (
        col("updated", _l("Date its figures were last checked"), "date", lambda i, r: i.updated),
    )


PROJECTS = common("public.project") + (
    col("title", _l("Project name"), "text", lambda i, r: i.title),
    col("summary", _l("Short description"), "text", lambda i, r: i.summary),
    col("industry", _l("Industry"), "text", lambda i, r: r.term("industries", i.industry)),
    col("industry_code", _l("Industry (code)"), "code", lambda i, r: i.industry),
    col("status", _l("Status"), "text", lambda i, r: r.term("project_statuses", i.status)),
    col("status_code", _l("Status (code)"), "code", lambda i, r: i.status),
    col("maturity", _l("Maturity of the project documents"), "text",
        lambda i, r: r.term("maturities", i.maturity)),
    col("maturity_code", _l("Maturity (code)"), "code", lambda i, r: i.maturity),
    col("cooperation_modes", _l("Cooperation modes"), "list",
        lambda i, r: r.terms("cooperation_modes", i.cooperation_modes)),
    col("cooperation_mode_codes", _l("Cooperation modes (codes)"), "codes",
        lambda i, r: list(i.cooperation_modes)),
    col("park", _l("Park it is in (identifier in the parks data), empty if none"), "code",
        lambda i, r: i.park),
    col("location", _l("Location"), "text", lambda i, r: i.location),
    col("total_investment_wan_yuan", _l("Total investment"), "number",
        lambda i, r: wan(i.total_investment), WAN),
    col("land_mu", _l("Land area"), "number", lambda i, r: plain(i.land_mu), _l("mu")),
    col("building_area_m2", _l("Building floor area"), "number",
        lambda i, r: plain(i.building_area_m2), _l("m²")),
    col("construction_content", _l("Construction content"), "text",
        lambda i, r: i.construction_content),
    col("construction_conditions", _l("Construction conditions"), "text",
        lambda i, r: i.construction_conditions),
    col("market_outlook", _l("Market outlook"), "text", lambda i, r: i.market_outlook),
    col("annual_output_wan_yuan", _l("Annual output value (estimate)"), "number",
        lambda i, r: wan(i.benefits.annual_output), WAN),
    col("annual_tax_wan_yuan", _l("Annual tax revenue (estimate)"), "number",
        lambda i, r: wan(i.benefits.annual_tax), WAN),
    col("jobs", _l("Jobs created (estimate)"), "integer", lambda i, r: i.benefits.jobs),
    col("payback_years", _l("Payback period (estimate)"), "number",
        lambda i, r: plain(i.benefits.payback_years), _l("years")),
    col("figures_basis", _l("Basis and year of the estimates"), "text",
        lambda i, r: i.figures_basis),
    col("policies", _l("Incentives that apply (identifiers in the policies data)"), "codes",
        lambda i, r: list(i.policies)),
    col("department", _l("Responsible department"), "text", lambda i, r: i.department),
) + closing()

PARKS = common("public.park") + (
    col("name", _l("Park name"), "text", lambda i, r: i.name),
    col("summary", _l("Short description"), "text", lambda i, r: i.summary),
    col("level", _l("Level"), "text", lambda i, r: r.term("park_levels", i.level)),
    col("level_code", _l("Level (code)"), "code", lambda i, r: i.level),
    col("industries", _l("Leading industries"), "list",
        lambda i, r: r.terms("industries", i.industries)),
    col("industry_codes", _l("Leading industries (codes)"), "codes", lambda i, r: list(i.industries)),
    col("area_total_mu", _l("Planned area"), "number", lambda i, r: plain(i.area_total_mu), _l("mu")),
    col("area_available_mu", _l("Land still available"), "number",
        lambda i, r: plain(i.area_available_mu), _l("mu")),
    col("min_investment_intensity_wan_yuan_per_mu", _l("Minimum investment intensity"), "number",
        lambda i, r: wan(i.min_investment_intensity), _l("10,000 yuan per mu")),
    col("encouraged", _l("Encouraged sectors"), "list", lambda i, r: list(i.encouraged)),
    col("prohibited", _l("Prohibited sectors"), "list", lambda i, r: list(i.prohibited)),
    col("transport", _l("Distances to transport hubs, as “place: km”"), "list",
        lambda i, r: [f"{t.to}: {plain(t.km)} km" for t in i.transport]),
    col("power", _l("Power supply"), "text", lambda i, r: i.utilities.power),
    col("water", _l("Water supply"), "text", lambda i, r: i.utilities.water),
    col("gas", _l("Gas supply"), "text", lambda i, r: i.utilities.gas),
    col("wastewater", _l("Wastewater treatment"), "text", lambda i, r: i.utilities.wastewater),
    col("land_price", _l("Land price, as the park states it"), "text", lambda i, r: i.land_price),
    col("rent", _l("Rent, as the park states it"), "text", lambda i, r: i.rent),
    col("rent_free", _l("Rent-free period"), "text", lambda i, r: i.rent_free),
    col("lat", _l("Latitude, WGS-84 (as GPS gives it; not the GCJ-02 of Chinese map apps)"),
        "number", lambda i, r: i.location.lat if i.location else None, _l("degrees")),
    col("lon", _l("Longitude, WGS-84 (as GPS gives it; not the GCJ-02 of Chinese map apps)"),
        "number", lambda i, r: i.location.lon if i.location else None, _l("degrees")),
    col("units", _l("Standard factory units listed"), "integer", lambda i, r: len(i.units)),
    col("units_vacant", _l("Of which vacant"), "integer",
        lambda i, r: sum(1 for u in i.units if u.status == "vacant")),
    col("policies", _l("Incentives that apply (identifiers in the policies data)"), "codes",
        lambda i, r: list(i.policies)),
) + closing()

# A unit's row is ``(park, unit)``: it is dated by its park's ``updated``.
UNITS = (
    col("park", _l("Park (identifier in the parks data)"), "code", lambda pu, r: pu[0].slug),
    col("park_name", _l("Park name"), "text", lambda pu, r: pu[0].name),
    col("unit_id", _l("Unit number, unique in its park"), "code", lambda pu, r: pu[1].id),
    col("url", _l("The unit's page in this language"), "url",
        lambda pu, r: r.url("public.unit", slug=pu[0].slug, unit_id=pu[1].id)),
    col("building", _l("Building"), "text", lambda pu, r: pu[1].building_in(r.lang)),
    col("floor", _l("Floor"), "integer", lambda pu, r: pu[1].floor),
    col("area_m2", _l("Floor area"), "number", lambda pu, r: plain(pu[1].area_m2), _l("m²")),
    col("height_m", _l("Floor height"), "number", lambda pu, r: plain(pu[1].height_m), _l("m")),
    col("load_kn_m2", _l("Floor load"), "number", lambda pu, r: plain(pu[1].load_kn_m2),
        _l("kN/m²")),
    col("crane_t", _l("Overhead crane capacity, 0 if none"), "number",
        lambda pu, r: plain(pu[1].crane_t), _l("tonnes")),
    col("power_kva", _l("Power (transformer capacity)"), "number",
        lambda pu, r: plain(pu[1].power_kva), _l("kVA")),
    col("rent_yuan_per_m2_month", _l("Rent"), "number", lambda pu, r: plain(pu[1].rent),
        _l("yuan/m²/month")),
    col("sale_price_yuan_per_m2", _l("Sale price"), "number",
        lambda pu, r: plain(pu[1].sale_price), _l("yuan/m²")),
    col("status", _l("Status"), "text", lambda pu, r: r.term("unit_statuses", pu[1].status)),
    col("status_code", _l("Status (code)"), "code", lambda pu, r: pu[1].status),
    col("available_from", _l("Date it can be moved into, empty if now or not given"), "date",
        lambda pu, r: pu[1].available_from),
    col("policies", _l("Incentives that apply (identifiers in the policies data)"), "codes",
        lambda pu, r: list(pu[1].policies)),
    col("updated", _l("Date its park's figures were last checked"), "date",
        lambda pu, r: pu[0].updated),
)

POLICIES = common("public.policy") + (
    col("title", _l("Title"), "text", lambda i, r: i.title),
    col("summary", _l("Short description"), "text", lambda i, r: i.summary),
    col("authority", _l("Issuing authority"), "text", lambda i, r: i.authority),
    col("document_number", _l("Document number"), "text", lambda i, r: i.document_number),
    col("issued", _l("Date of issue"), "date", lambda i, r: i.issued),
    col("effective_from", _l("In force from"), "date", lambda i, r: i.effective_from),
    col("effective_to", _l("In force until, empty if open-ended"), "date",
        lambda i, r: i.effective_to),
    col("expired", _l("Whether its period of validity has ended (on the file's date)"), "boolean",
        lambda i, r: i.expired(r.today)),
    col("categories", _l("Categories"), "list",
        lambda i, r: r.terms("policy_categories", i.categories)),
    col("category_codes", _l("Categories (codes)"), "codes", lambda i, r: list(i.categories)),
    col("industries", _l("Industries it applies to, empty for every industry"), "list",
        lambda i, r: r.terms("industries", i.industries)),
    col("industry_codes", _l("Industries it applies to (codes)"), "codes",
        lambda i, r: list(i.industries)),
    col("parks", _l("Parks it is limited to (identifiers), empty for everywhere"), "codes",
        lambda i, r: list(i.parks)),
    col("eligibility", _l("Eligibility"), "text", lambda i, r: i.eligibility),
    col("link", _l("Official document online"), "url", lambda i, r: i.link),
) + closing()


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    columns: tuple
    rows: object  # (content, lang) -> the rows, in display order
    sections: tuple  # content sections it is made of (its date is their newest)


DATASETS = {d.name: d for d in (
    Dataset("projects", _l("Investment projects"), PROJECTS,
            lambda c, lang: c.items("projects", lang), ("projects",)),
    Dataset("parks", _l("Industrial parks"), PARKS, lambda c, lang: c.items("parks", lang),
            ("parks",)),
    Dataset("units", _l("Standard factory units"), UNITS, lambda c, lang: [
        (park, unit) for park in c.items("parks", lang) for unit in park.units], ("parks",)),
    Dataset("policies", _l("Incentives"), POLICIES, lambda c, lang: c.items("policies", lang),
            ("policies",)),
)}
