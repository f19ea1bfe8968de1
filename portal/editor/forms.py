"""A bundle's files as form inputs and back: ``inputs`` gives the values to show by input name,
``parse`` turns what the browser sent into the front matter and body of each language file, as
a hand-written file would have them.

Nothing is corrected on the way: a value is kept as typed (only its leading and trailing spaces
go), so that ``portal check`` reports a mistake with the value the staff member typed, in the same
words as for a file. Empty inputs are left out, so a missing required field is reported as
missing. Input names are ``<lang>.<dotted path>`` (list items ``.N``), the paths of
``portal.content.problems.Problem.field``; an amount's unit is ``<name>:unit``.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ..content.models import SECTIONS
from .documents import Document
from .fields import fields_of, walk

LANGS = ("zh", "en", "zh-hant")
UNITS = ("万元", "亿元")  # offered beside an amount; others (元, 亿, 万) stay in the text
SPLIT_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)(万元|亿元)$", re.ASCII)  # only what joins back the same
HAS_UNIT = re.compile(r"(亿元|万元|元|亿|万)$")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)  # full-width digits stay as typed
MISSING = object()


class Choice(NamedTuple):
    """One option of a select: the value sent, the words shown, and the other ways a file may
    name it (a taxonomy term's Chinese label, a park's Chinese name), which select it too."""

    value: str
    label: str
    aliases: tuple = ()


def model_of(section):
    """The content model of ``section`` (a section name, or a model itself)."""
    return SECTIONS[section] if isinstance(section, str) else section


# ---- files -> inputs


def number_text(value):
    """A number as staff would type it: ``1200``, ``2.5``, never ``1e-05``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    return str(value)


def scalar_text(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def listed(value):
    """A list value as a list (one value written without brackets is a list of one)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def show(spec, value, name):
    """``{input name: value}`` of field ``spec`` holding ``value``, at input ``name``."""
    kind = spec.kind
    if kind == "amount":
        match = SPLIT_AMOUNT.match(value) if isinstance(value, str) else None
        if match:
            return {name: match.group(1), f"{name}:unit": match.group(2)}
        # Typed in full-width digits (２.８亿元): the number as typed and its unit, joined back the same.
        plain = isinstance(value, str) and SPLIT_AMOUNT.match(unicodedata.normalize("NFKC", value).strip())
        if plain:
            unit = plain.group(2)
            return {name: value.strip()[:-len(unit)], f"{name}:unit": unit}
        return {name: scalar_text(value), f"{name}:unit": ""}
    if kind == "bool":
        return {name: "true" if value is True else ""}
    if kind in ("multiselect", "references"):
        return {name: [scalar_text(v) for v in listed(value)]}
    if kind == "lines":
        return {name: "\n".join(scalar_text(v) for v in listed(value))}
    if kind == "focus":
        parts = value.replace("，", ",").split(",") if isinstance(value, str) else listed(value)
        if len(parts) != 2:  # not a pair: shown as written, for the check to name
            return {name: scalar_text(value)}
        return {f"{name}.{i}": scalar_text(p).strip() for i, p in enumerate(parts)}
    if kind == "group":
        if not isinstance(value, dict):
            return {name: scalar_text(value)}
        shown = {}
        for child in spec.children:
            if child.name in value:
                shown.update(show(child, value[child.name], f"{name}.{child.name}"))
        return shown
    if kind == "rows":
        if not isinstance(value, list | tuple):
            return {name: scalar_text(value)}
        shown = {}
        for index, row in enumerate(value):
            if not isinstance(row, dict):
                shown[f"{name}.{index}"] = scalar_text(row)
                continue
            for child in spec.children:
                if child.name in row:
                    shown.update(show(child, row[child.name], f"{name}.{index}.{child.name}"))
        return shown
    return {name: scalar_text(value)}


def inputs(section, docs):
    """The values to show in the form, by input name, from ``docs`` ({lang: Document}).

    Lists of choices are lists; everything else is text. The en and zh-hant inputs hold only
    what those files set (an empty one falls back to the Chinese).
    """
    values = {}
    for lang, doc in docs.items():
        for spec in fields_of(model_of(section)):
            if lang != "zh" and not spec.translated:
                continue
            if spec.kind == "body":
                values[f"{lang}.body"] = doc.body or ""
            elif spec.name in doc.data:
                values.update(show(spec, doc.data[spec.name], f"{lang}.{spec.name}"))
    return values


def leftovers(section, docs):
    """``{lang: [key]}``: keys of the files that the form has no input for (a mistyped field, a
    fact written in index.en.md). The form cannot carry them, so saving it would drop them: the
    editor says so, or offers the file as text, rather than lose them quietly."""
    found = {}
    for lang, doc in docs.items():
        known = {s.name for s in fields_of(model_of(section))
                 if s.kind != "body" and (lang == "zh" or s.translated)}
        extra = sorted(str(key) for key in doc.data if key not in known)
        if extra:
            found[lang] = extra
    return found


# ---- inputs -> files


def typed(form, name):
    """The text of input ``name`` as typed: line ends as in a file, outer spaces gone."""
    return (form.get(name) or "").replace("\r\n", "\n").strip()


def number(text):
    """A plain number as int or float; any other text as typed, for the check to report."""
    if not PLAIN_NUMBER.match(text):
        return text
    return float(text) if "." in text else int(text)


def indexes(form, name):
    """The row numbers that inputs ``<name>.N...`` were sent for, in order."""
    prefix = f"{name}."
    found = set()
    for key in form.keys():
        if key.startswith(prefix):
            head = key[len(prefix):].split(".", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)


def read_amount(spec, form, name):
    """Number and unit joined (``3.5`` and 亿元: ``3.5亿元``); a number that has its unit
    already (``2.8亿``), or no unit chosen, as typed."""
    text, unit = typed(form, name), typed(form, f"{name}:unit")
    if not text:
        return MISSING
    if not unit:
        return number(text)
    return text if HAS_UNIT.search(text) else text + unit


def read_number(spec, form, name):
    text = typed(form, name)
    return number(text) if text else MISSING  # 0 is a value


def read_bool(spec, form, name):
    if typed(form, name) not in ("", "false"):
        return True
    return False if spec.default is True else MISSING  # unticked: the default, unless it is true


def read_group(spec, form, name):
    found = {}
    for child in spec.children:
        value = read(child, form, f"{name}.{child.name}")
        if value is not MISSING:
            found[child.name] = value
    return found or MISSING


def read_rows(spec, form, name):
    """The rows in order; a row with every input empty (a blank row of the form) is left out."""
    rows = []
    for index in indexes(form, name):
        row = read_group(spec, form, f"{name}.{index}")
        whole = typed(form, f"{name}.{index}")  # a row the file wrote as one value
        if row is not MISSING or whole:
            rows.append(number(whole) if row is MISSING else row)
    return rows or MISSING


def read_focus(spec, form, name):
    parts = [number(typed(form, f"{name}.{i}")) for i in (0, 1)]
    return [p for p in parts if p != ""] or MISSING


READERS = {
    "amount": read_amount, "bool": read_bool, "group": read_group, "rows": read_rows,
    "focus": read_focus,
    "number": read_number, "integer": read_number,
    "multiselect": lambda spec, form, name: [v.strip() for v in form.getlist(name) if v.strip()] or MISSING,
    "references": lambda spec, form, name: [v.strip() for v in form.getlist(name) if v.strip()] or MISSING,
    "lines": lambda spec, form, name: [
        line.strip() for line in typed(form, name).splitlines() if line.strip()] or MISSING,
}
WHOLE = frozenset({"group", "rows", "focus"})  # may be written as one value by hand


def read(spec, form, name):
    """The value of field ``spec`` from the inputs at ``name``, or MISSING if they are empty."""
    if spec.kind in WHOLE and typed(form, name):  # shown as written: sent back as written
        return number(typed(form, name))
    reader = READERS.get(spec.kind)
    return reader(spec, form, name) if reader else (typed(form, name) or MISSING)


def parse(section, form):
    """``{lang: (data, body)}`` from the submitted ``form`` (a werkzeug MultiDict).

    zh always; en and zh-hant when any of their inputs is filled in, holding only the fields
    they may translate. The body keeps its text as typed (line ends made ``\\n``).
    """
    specs = fields_of(model_of(section))
    found = {}
    for lang in LANGS:
        data, body = {}, ""
        for spec in specs:
            if lang != "zh" and not spec.translated:
                continue
            name = f"{lang}.{spec.name}"
            if spec.kind == "body":
                body = (form.get(name) or "").replace("\r\n", "\n")
                continue
            value = read(spec, form, name)
            if value is not MISSING:
                data[spec.name] = value
        if lang == "zh" or data or body.strip():
            found[lang] = (data, body)
    return found


def documents(section, form):
    """``{lang: Document}`` of the submitted ``form``: ``parse`` as the editor's documents."""
    return {lang: Document(data, body) for lang, (data, body) in parse(section, form).items()}


# ---- choices


def choices_for(spec, content, lang="zh"):
    """The options of a select or a list of checkboxes: taxonomy terms for ``select`` and
    ``multiselect`` (their Chinese label; in English, both), the items of the section for
    ``reference`` and ``references`` (their Chinese title). Other kinds have none."""
    if spec.kind in ("select", "multiselect"):
        terms = getattr(content.taxonomy, spec.vocabulary, None) or {}
        return [Choice(key, term.zh if lang != "en" else f"{term.en} · {term.zh}", (term.zh,))
                for key, term in terms.items()]
    if spec.kind in ("reference", "references"):
        return [Choice(item.slug, item.title, (item.title,))
                for item in content.items(spec.section, "zh")]
    return []


def all_choices(specs, content, lang="zh"):
    """``{spec path: [Choice]}`` for every field of ``specs`` that has choices, children too:
    what the form macros take as ``choices``."""
    if content is None:
        return {}
    return {spec.path: choices_for(spec, content, lang) for spec in walk(specs)
            if spec.kind in ("select", "multiselect", "reference", "references")}
