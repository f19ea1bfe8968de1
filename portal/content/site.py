"""``site.yaml`` and ``taxonomy.yaml``: the site's facts and controlled vocabularies."""

from typing import Annotated

from pydantic import Field, ValidationError

from .format import CONTENT_FORMAT
from .frontmatter import parse_yaml, read_text
from .models import Strict
from .problems import ContentError, Problem, from_validation_error
from .types import Number

Text = Annotated[str, Field(min_length=1)]
VOCABULARIES = (
    "industries", "cooperation_modes", "investment_bands", "project_statuses", "maturities",
    "park_levels", "policy_categories", "unit_statuses", "desk_kinds",
)


class Label(Strict):
    zh: Text
    en: Text

    def text(self, lang):
        """The label in the site language ``lang``: zh-hant reads the Chinese, which its pages
        convert to traditional characters as a whole (``portal.content.hant``)."""
        return self.en if lang == "en" else self.zh


class Term(Label):
    min: Annotated[float, Number] | None = None  # investment bands only, in 万元
    max: Annotated[float, Number] | None = None


class Figure(Strict):
    value: Label
    label: Label


class ReplyPromise(Label):
    working_days: Annotated[int, Number, Field(ge=1)]


class Licence(Label):
    """The terms on which anyone may reuse the open data (``/<lang>/data/``)."""

    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None


class Footer(Strict):
    owner: Label
    address: Label
    phone: Text
    icp: Text
    psb: Text
    site_id: Text


class Site(Strict):
    name: Label
    county: Label
    tagline: Label
    key_figures: tuple[Figure, ...] = ()
    reply_promise: ReplyPromise
    privacy_notice_version: Text  # recorded with every consent on the inquiry form
    footer: Footer
    data_licence: Licence  # the open data's terms of reuse, on the data dictionary page
    # The content format this content is written in; a newer one than the code reads is refused
    # before anything is published (portal.content.format).
    content_format: Annotated[int, Number, Field(ge=1)] = CONTENT_FORMAT


class Taxonomy(Strict):
    industries: dict[str, Term]
    cooperation_modes: dict[str, Term]
    investment_bands: dict[str, Term]
    project_statuses: dict[str, Term]
    maturities: dict[str, Term]
    park_levels: dict[str, Term]
    policy_categories: dict[str, Term]
    unit_statuses: dict[str, Term]
    desk_kinds: dict[str, Term]

    def as_context(self):
        """The vocabularies as plain dicts, for validating content fields."""
        return {name: {k: t.model_dump() for k, t in getattr(self, name).items()}
                for name in VOCABULARIES}


def load_yaml_model(root, name, model):
    """Validate ``root/name`` against ``model``; raise ContentError with every problem."""
    path = root / name
    if not path.exists():
        raise ContentError([Problem(name, None, None, "文件不存在", "file is missing")])
    data, lines = parse_yaml(read_text(path, name), name)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(from_validation_error(error, name, lines, model=model)) from None


def placeholder_site():
    """Used only while site.yaml is broken and no good version was loaded before."""
    text = Label(zh="投资促进局", en="Investment Promotion Bureau")
    return Site(
        name=text, county=text, tagline=text,
        reply_promise=ReplyPromise(working_days=2, zh="-", en="-"),
        privacy_notice_version="-",
        footer=Footer(owner=text, address=text, phone="-", icp="-", psb="-", site_id="-"),
        data_licence=Licence(zh="-", en="-"),
    )


def empty_taxonomy():
    """Used only while taxonomy.yaml is broken and no good version was loaded before."""
    return Taxonomy(**{name: {} for name in VOCABULARIES})
