"""The content types: one immutable model each, with the fields a bundle may set.

``TRANSLATABLE`` names the fields that ``index.en.md`` may override; every other field is a
language-independent fact that lives once, in ``index.zh.md``.
"""

from typing import Annotated, ClassVar

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .photos import FocalPoint, QrImage
from .types import (
    AmountField,
    Basis,
    DateField,
    Number,
    Phone,
    Slug,
    as_tuple,
    reference,
    term,
)

# A desk or park named by its folder or its Chinese name (read as the folder).
DeskRef = reference("desks")
ParkRef = reference("parks")

Text = Annotated[str, Field(min_length=1)]
# Numbers may be typed as text too: "1,200" or full-width "１２００" read as 1200.
Count = Annotated[float, Number, Field(ge=0)]
Whole = Annotated[int, Number]




class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)
    # Fields the loader fills in, never the file: not offered when a field name is mistyped.
    LOADER_FIELDS: ClassVar[frozenset] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def lists_to_tuples(cls, value):
        return as_tuple(value)


class Attachment(Strict):
    file: Text
    title: Text


class Item(Strict):
    """Fields every content type has, plus what the loader adds."""

    TRANSLATABLE: ClassVar[frozenset] = frozenset({"summary"})
    LOADER_FIELDS: ClassVar[frozenset] = frozenset({"slug", "lang", "translated", "body", "source"})
    SECTION_LABELS: ClassVar[dict] = {}  # field -> headings the page shows it under
    summary: Text
    updated: DateField
    desk: DeskRef
    weight: Whole = 100
    # Filled in by the loader, never by the file.
    slug: str = ""
    lang: str = "zh"
    translated: bool = True
    body: Markup = Markup("")
    source: str = ""

    @property
    def files(self):
        """Names of bundle files this item refers to (photos, attachments)."""
        return ()


class Incentive(Strict):
    """One incentive a project claims, and the published policy (folder name) behind it."""

    text: Text
    policy: Slug | None = None


class Benefits(Strict):
    annual_output: AmountField | None = None
    annual_tax: AmountField | None = None
    jobs: Annotated[int, Number, Field(ge=0)] | None = None
    payback_years: Count | None = None


class Project(Item):
    TRANSLATABLE: ClassVar[frozenset] = frozenset({
        "title", "summary", "location", "construction_content", "construction_conditions",
        "market_outlook", "department", "attachments", "incentives", "figures_basis",
    })
    # Labels of the fields a project page shows as sections or facts: a body heading with one
    # of them repeats the field (see ``problems.repeated_headings``).
    SECTION_LABELS: ClassVar[dict] = {
        "construction_content": ("建设内容", "Construction content"),
        "construction_conditions": ("建设条件", "Construction conditions"),
        "market_outlook": ("市场前景", "Market outlook"),
        "benefits": ("效益分析", "Economic benefit analysis"),
        "cooperation_modes": ("合作方式", "Cooperation mode", "Cooperation modes"),
        "incentives": ("支持政策", "优惠政策", "Incentives", "Support"),
    }

    title: Text
    industry: term("industries")
    park: ParkRef | None = None
    location: Text
    total_investment: AmountField
    land_mu: Count | None = None
    building_area_m2: Count | None = None
    cooperation_modes: tuple[term("cooperation_modes"), ...] = Field(min_length=1)
    status: term("project_statuses")
    maturity: term("maturities")
    construction_content: Text
    construction_conditions: Text
    market_outlook: Text
    benefits: Benefits
    figures_basis: Basis | None = None  # 可研估算 2025: where the benefit figures come from
    policies: tuple[Slug, ...] = ()  # folders under content/policies/ that apply
    incentives: tuple[Incentive, ...] = ()
    department: Text
    cover: Text | None = None
    cover_focus: FocalPoint = None
    attachments: tuple[Attachment, ...] = ()
    featured: bool = False

    @property
    def files(self):
        return ((self.cover,) if self.cover else ()) + tuple(a.file for a in self.attachments)


class Transport(Strict):
    to: Text
    km: Count


class Utilities(Strict):
    power: str | None = None
    water: str | None = None
    gas: str | None = None
    wastewater: str | None = None


class Location(Strict):
    lat: Annotated[float, Number, Field(ge=-90, le=90)]
    lon: Annotated[float, Number, Field(ge=-180, le=180)]


class Park(Item):
    TRANSLATABLE: ClassVar[frozenset] = frozenset({
        "name", "summary", "encouraged", "prohibited", "transport", "utilities", "land_price",
        "rent", "rent_free",
    })
    LOADER_FIELDS: ClassVar[frozenset] = Item.LOADER_FIELDS | {"units"}

    name: Text
    level: term("park_levels")
    area_total_mu: Count
    area_available_mu: Count
    industries: tuple[term("industries"), ...] = Field(min_length=1)
    encouraged: tuple[Text, ...] = ()
    prohibited: tuple[Text, ...] = ()
    min_investment_intensity: AmountField | None = None
    transport: tuple[Transport, ...] = ()
    utilities: Utilities = Utilities()
    land_price: str | None = None
    rent: str | None = None
    rent_free: str | None = None
    location: Location | None = None
    photos: tuple[Text, ...] = ()
    cover_focus: FocalPoint = None  # of the first photo, the cover
    policies: tuple[Slug, ...] = ()  # folders under content/policies/ that apply
    units: tuple = ()
    SECTION_LABELS: ClassVar[dict] = {
        "encouraged": ("入园条件", "入园标准", "Park entry criteria", "Entry criteria"),
        "utilities": ("配套设施", "Utilities"),
        "transport": ("交通", "Transport"),
        "units": ("标准化厂房", "Standard factory buildings"),
    }

    @property
    def title(self):
        return self.name

    @property
    def files(self):
        return self.photos

    @property
    def cover(self):
        return self.photos[0] if self.photos else None


class Policy(Item):
    TRANSLATABLE: ClassVar[frozenset] = frozenset({
        "title", "summary", "authority", "eligibility", "attachments",
    })

    title: Text
    authority: Text
    document_number: Text
    issued: DateField
    effective_from: DateField
    effective_to: DateField | None = None
    categories: tuple[term("policy_categories"), ...] = Field(min_length=1)
    industries: tuple[term("industries"), ...] = ()
    parks: tuple[ParkRef, ...] = ()  # applies to projects and units in these parks only
    eligibility: Text
    link: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    attachments: tuple[Attachment, ...] = ()

    @property
    def files(self):
        return tuple(a.file for a in self.attachments)

    def in_force(self, today):
        """True while the policy applies on ``today``."""
        return self.effective_from <= today and (
            self.effective_to is None or today <= self.effective_to
        )

    def expired(self, today):
        """True once the period of validity has ended (``today``: the date in China)."""
        return self.effective_to is not None and self.effective_to < today


class Person(Strict):
    name: Text
    title: Text


class Desk(Item):
    TRANSLATABLE: ClassVar[frozenset] = frozenset({
        "name", "summary", "regions", "address", "hours", "languages", "people",
    })

    desk: DeskRef | None = None
    name: Text
    kind: term("desk_kinds")
    regions: tuple[Text, ...] = ()
    industries: tuple[term("industries"), ...] = ()
    address: Text
    phone: Phone
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    wechat: str | None = None
    # The desk's own QR code, saved from WeChat (我 → 二维码名片 → 保存图片): a PNG or JPEG in
    # the folder. Shown as an image that WeChat's long-press recognises; without it, the ID.
    wechat_qr: QrImage | None = None
    hours: str | None = None
    languages: tuple[Text, ...] = ()
    people: tuple[Person, ...] = ()
    location: Location | None = None

    @property
    def title(self):
        return self.name

    @property
    def files(self):
        return (self.wechat_qr,) if self.wechat_qr else ()


class News(Item):
    TRANSLATABLE: ClassVar[frozenset] = frozenset({"title", "summary"})
    LOADER_FIELDS: ClassVar[frozenset] = Item.LOADER_FIELDS | {"published"}  # from the folder name

    title: Text
    cover: Text | None = None
    cover_focus: FocalPoint = None
    published: DateField | None = None

    @property
    def files(self):
        return (self.cover,) if self.cover else ()


class Page(Item):
    TRANSLATABLE: ClassVar[frozenset] = frozenset({"title", "summary"})

    title: Text


# Folder under content/ -> model. One line per content type.
SECTIONS = {
    "projects": Project,
    "parks": Park,
    "policies": Policy,
    "desks": Desk,
    "news": News,
    "pages": Page,
}
