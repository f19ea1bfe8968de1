"""The fields of a content type's form, read from the same pydantic model ``portal check``
validates with: one ``FieldSpec`` per field, its widget (``kind``) found from its annotation.

No form is written per type. A field added to a model appears in the form with a widget chosen
from its type (an annotation this module does not know is a text input) and its name as label
until ``labels.py`` gives it words; ``tests/editor/test_forms.py`` fails until it does.
"""

import inspect
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from types import NoneType, UnionType
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..content.bundles import FILE_KEYS
from ..content.photos import focal_point, qr_image_name
from ..content.types import Amount, check_slug, parse_amount, parse_date
from .labels import label_for

# Groups of the form, in the order a form shows them.
GROUPS = ("basic", "figures", "descriptions", "relations", "media", "publishing")
# Where a field goes when its kind does not say (below): by field name.
GROUP_OF = {
    "summary": "basic",
    "total_investment": "figures", "land_mu": "figures", "building_area_m2": "figures",
    "benefits": "figures", "figures_basis": "figures", "area_total_mu": "figures",
    "area_available_mu": "figures", "min_investment_intensity": "figures",
    "land_price": "figures", "rent": "figures", "rent_free": "figures",
    "construction_content": "descriptions", "construction_conditions": "descriptions",
    "market_outlook": "descriptions", "eligibility": "descriptions", "encouraged": "descriptions",
    "prohibited": "descriptions", "transport": "descriptions", "utilities": "descriptions",
    "incentives": "relations", "desk": "relations", "park": "relations", "parks": "relations",
    "policies": "relations",
    "cover": "media", "cover_focus": "media", "photos": "media", "attachments": "media",
    "wechat_qr": "media",
    "updated": "publishing", "weight": "publishing", "featured": "publishing",
}
GROUP_OF_KIND = {
    "amount": "figures", "number": "figures", "integer": "figures", "textarea": "descriptions",
    "body": "descriptions", "reference": "relations", "references": "relations",
    "file": "media", "focus": "media",
}
FIRST = ("title", "name", "summary")  # model order puts Item's fields first; a form starts here
# Text typed in several sentences: a textarea, by dotted path.
TEXTAREAS = frozenset({
    "summary", "construction_content", "construction_conditions", "market_outlook",
    "eligibility", "rent_free", "incentives.text", "utilities.power", "utilities.water",
    "utilities.gas", "utilities.wastewater",
})
# Folder names (``Slug``) that name an item of a section: by field name.
SLUG_SECTIONS = {"policies": "policies", "policy": "policies"}
# One value -> a list of them.
PLURAL = {"select": "multiselect", "reference": "references", "group": "rows"}
MULTIPLE = frozenset({"multiselect", "references", "lines", "rows"})


@dataclass(frozen=True)
class FieldSpec:
    """One input of the form (or a group of them), and what the editor shows around it."""

    name: str
    path: str  # dotted, without list indexes: "benefits.jobs", "incentives.text"
    kind: str
    label_zh: str
    label_en: str
    help_zh: str = ""
    help_en: str = ""
    group: str = "basic"
    translated: bool = False  # in the model's TRANSLATABLE: index.en.md may set it
    required: bool = False
    vocabulary: str = ""  # taxonomy.yaml key, for select and multiselect
    section: str = ""  # content section, for reference and references
    multiple: bool = False
    children: tuple = ()  # FieldSpecs of a group, or of one row of rows
    default: object = None

    def label(self, lang):
        return self.label_en if lang == "en" else self.label_zh

    def help(self, lang):
        return self.help_en if lang == "en" else self.help_zh


def unwrap(annotation):
    """``(type, metadata)``: the type inside ``Annotated`` and ``X | None``, with the metadata
    (validators, constraints) gathered on the way."""
    metadata = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            metadata.extend(annotation.__metadata__)
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            args = [a for a in get_args(annotation) if a is not NoneType]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


def validators(metadata):
    """The functions of the validators in ``metadata`` (also those inside a ``Field()``)."""
    found = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            found += validators(item.metadata)
        elif callable(getattr(item, "func", None)):
            found.append(item.func)
    return found


def closure_value(func, name):
    """The variable ``name`` that ``term()`` or ``reference()`` closed ``func`` over."""
    return inspect.getclosurevars(func).nonlocals.get(name, "")


def widget(name, path, annotation, metadata=()):
    """``(kind, vocabulary, section, model)`` for a field of type ``annotation``; ``model`` is
    the submodel of a group or of rows."""
    base, found = unwrap(annotation)
    funcs = validators(list(metadata) + found)
    for func in funcs:
        if func is focal_point:
            return "focus", "", "", None
        if func is parse_amount:
            return "amount", "", "", None
        if func is parse_date:
            return "date", "", "", None
        if func is qr_image_name:
            return "file", "", "", None
        if func.__qualname__.startswith("term."):
            return "select", closure_value(func, "vocabulary"), "", None
        if func.__qualname__.startswith("reference."):
            return "reference", "", closure_value(func, "section"), None
        if func is check_slug and name in SLUG_SECTIONS:
            return "reference", "", SLUG_SECTIONS[name], None
    if get_origin(base) is tuple:
        args = get_args(base)
        if len(args) == 2 and args[1] is Ellipsis:
            kind, vocabulary, section, model = widget(name, path, args[0])
            return PLURAL.get(kind, "lines"), vocabulary, section, model
        return "text", "", "", None
    if inspect.isclass(base) and issubclass(base, BaseModel):
        return "group", "", "", base
    simple = {bool: "bool", int: "integer", float: "number", date: "date", Amount: "amount"}
    if base in simple:
        return simple[base], "", "", None
    if base is str and name in FILE_KEYS:
        return "file", "", "", None
    return ("textarea" if path in TEXTAREAS else "text"), "", "", None


def spec_of(model, name, info, prefix="", translated=False):
    """The FieldSpec of ``model``'s field ``name`` (``info``: its pydantic FieldInfo)."""
    path = f"{prefix}{name}"
    kind, vocabulary, section, submodel = widget(name, path, info.annotation, info.metadata)
    translated = translated or name in getattr(model, "TRANSLATABLE", ())
    group = GROUP_OF.get(name) or GROUP_OF_KIND.get(kind, "basic")
    children = ()
    if submodel is not None:
        children = tuple(replace(spec_of(submodel, n, i, f"{path}.", translated), group=group)
                         for n, i in submodel.model_fields.items()
                         if n not in submodel.LOADER_FIELDS)
    words = label_for(path, model)
    default = None if info.is_required() else info.get_default(call_default_factory=False)
    return FieldSpec(
        name=name, path=path, kind=kind, label_zh=words[0], label_en=words[1], help_zh=words[2],
        help_en=words[3], group=group,
        translated=translated, required=info.is_required(), vocabulary=vocabulary,
        section=section, multiple=kind in MULTIPLE, children=children, default=default,
    )


def body_spec(model):
    words = label_for("body", model)
    return FieldSpec(name="body", path="body", kind="body", label_zh=words[0], label_en=words[1],
                     help_zh=words[2], help_en=words[3], group="descriptions", translated=True)


@cache
def fields_of(model):
    """Every field of content model ``model`` a file may set, as FieldSpecs in form order:
    by group (``GROUPS``), title or name and summary first, then in the model's order; the
    Markdown body last among the descriptions."""
    specs = [spec_of(model, n, info) for n, info in model.model_fields.items()
             if n not in model.LOADER_FIELDS]
    specs.append(body_spec(model))

    def order(pair):
        position, spec = pair
        first = FIRST.index(spec.name) if spec.name in FIRST else len(FIRST)
        last = spec.kind == "body"
        return GROUPS.index(spec.group), last, first, position

    return tuple(spec for _, spec in sorted(enumerate(specs), key=order))


def grouped(specs):
    """``[(group, [specs])]`` in form order, leaving out empty groups."""
    return [(g, [s for s in specs if s.group == g]) for g in GROUPS
            if any(s.group == g for s in specs)]


def walk(specs):
    """Every FieldSpec of ``specs`` and of their children, depth first."""
    for spec in specs:
        yield spec
        yield from walk(spec.children)
