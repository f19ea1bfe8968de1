"""Content problems: what is wrong, where, in words bureau staff understand."""

import difflib
from dataclasses import dataclass, field
from datetime import date
from typing import get_args, get_origin

from pydantic import BaseModel

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One mistake in one content file, in Chinese and English.

    A warning (``severity="warning"``) is worth fixing but does not keep the file from being
    published; ``value`` is the text the file has where the problem is, when there is one.
    """

    path: str
    line: int | None
    field: str | None
    zh: str
    en: str
    severity: str = field(default=ERROR, kw_only=True)
    value: str | None = field(default=None, kw_only=True)
    cause: str | None = field(default=None, kw_only=True)  # "parks/x": the folder whose own
    # problems are the real reason (a knock-on problem is shown under that folder's)

    def __str__(self):
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        mark = "警告/warning: " if self.severity == WARNING else ""
        return f"{mark}{where}{field} {self.zh} / {self.en}"


class ContentError(Exception):
    """Raised with every problem found in one file (errors, and any warnings beside them)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(map(str, self.problems)))


# Pydantic error types, as a bureau editor would want to read them; the value is put in front.
MESSAGES = {
    "missing": ("缺少必填字段", "required field is missing"),
    "int_parsing": ("应为整数", "must be a whole number"),
    "int_type": ("应为整数", "must be a whole number"),
    "int_from_float": ("应为整数", "must be a whole number"),
    "float_parsing": ("应为数字", "must be a number"),
    "float_type": ("应为数字", "must be a number"),
    "decimal_parsing": ("应为数字", "must be a number"),
    "decimal_type": ("应为数字", "must be a number"),
    "bool_parsing": ("应为 true 或 false", "must be true or false"),
    "bool_type": ("应为 true 或 false", "must be true or false"),
    "string_type": ("应为文本", "must be text"),
    "list_type": ("应为列表", "must be a list"),
    "tuple_type": ("应为列表", "must be a list"),
    "dict_type": ("应为键值对", "must be a mapping of keys to values"),
    "model_type": ("应为键值对", "must be a mapping of keys to values"),
    "model_attributes_type": ("应为键值对", "must be a mapping of keys to values"),
    "string_too_short": ("不能为空", "must not be empty"),
    "too_short": ("不能为空", "must not be empty"),
    "greater_than_equal": ("不能小于 {ge}", "must not be less than {ge}"),
    "greater_than": ("必须大于 {gt}", "must be greater than {gt}"),
    "less_than_equal": ("不能大于 {le}", "must not be greater than {le}"),
    "less_than": ("必须小于 {lt}", "must be less than {lt}"),
}
# Text fields with a pattern, by field name: what the pattern asks for.
PATTERNS = {
    "phone": ("电话号码只能包含数字、+、括号、空格和连字符", "a phone number has only digits, +, brackets, "
              "spaces and hyphens"),
    "email": ("不是有效的电子邮箱地址", "is not an e-mail address"),
    "link": ("应为以 http:// 或 https:// 开头的网址", "must be a web address starting with http:// or https://"),
    "id": ("编号只能用字母、数字和连字符，最多 32 个字符", "an id has only letters, digits and hyphens, "
           "at most 32"),
}
SCALARS = (str, int, float, date)


def from_validation_error(error, path, lines, prefix=(), model=None):
    """Turn a pydantic ``ValidationError`` into problems with line numbers.

    ``lines`` maps dotted field paths (``benefits.jobs``) to line numbers in the file; ``model``,
    the model that was validated, lets an unknown field suggest the one meant.
    """
    problems, missing, meant = [], {}, set()
    for item in error.errors(include_url=False):
        loc = tuple(str(p) for p in prefix + tuple(item["loc"]))
        field = ".".join(loc) or None
        value = item.get("input")
        value = str(value) if isinstance(value, SCALARS) and value != "" else None
        zh, en = message(item, loc, value, model)
        problem = Problem(path, find_line(lines, loc), field, zh, en, value=value)
        if item["type"] == "missing":
            missing[loc] = problem
        elif item["type"] == "extra_forbidden" and model:
            known = fields_at(model, loc[len(loc) - len(item["loc"]):-1])
            nearest = suggest(loc[-1], known)
            if nearest:
                meant.add((*loc[:-1], nearest))
        problems.append(problem)
    # A mistyped name (stauts for status) is one mistake: its did-you-mean says which field is
    # missing, so "status is missing" would only say it twice.
    dropped = {id(missing[loc]) for loc in meant if loc in missing}
    return [p for p in problems if id(p) not in dropped]


def message(item, loc, value, model):
    ctx = item.get("ctx") or {}
    kind = item["type"]
    if "zh" in ctx and "en" in ctx:
        return ctx["zh"], ctx["en"]
    if kind == "extra_forbidden":
        known = fields_at(model, loc[len(loc) - len(item["loc"]):-1]) if model else ()
        return unknown_field(loc[-1], known)
    if kind == "string_pattern_mismatch" and loc and loc[-1] in PATTERNS:
        zh, en = PATTERNS[loc[-1]]
    elif kind in ("greater_than_equal", "greater_than") and 0 in ctx.values():
        negative = ("不能为负数", "must not be negative")
        zh, en = negative if "ge" in ctx else ("必须大于零", "must be more than zero")
    elif kind in MESSAGES:
        zh, en = (text.format(**ctx) for text in MESSAGES[kind])
    else:
        zh, en = "取值无效", f"invalid value: {item['msg']}"
    if value is None or kind == "missing":
        return zh, en
    return f"“{value}”{zh}", f"'{value}' {en}"


def unknown_field(name, known, what=("字段", "field"), key=str.lower):
    """Chinese and English for an unknown field ``name``, suggesting the nearest of ``known``.

    ``key`` makes names comparable (by default, any case).
    """
    nearest = suggest(name, known, key)
    if nearest:
        return (f"未知{what[0]}“{name}”，是否应为 {nearest}？",
                f"unknown {what[1]} '{name}': did you mean {nearest}?")
    if not known:
        return f"未知{what[0]}“{name}”", f"unknown {what[1]} '{name}'"
    more = len(known) > 12
    return (f"未知{what[0]}“{name}”，可用的{what[0]}有：{'、'.join(known[:12])}{'……' if more else ''}",
            f"unknown {what[1]} '{name}'; known {what[1]}s: {', '.join(known[:12])}{', …' if more else ''}")


def suggest(name, known, key=str.lower):
    """The known name ``name`` was most likely meant to be, or None."""
    keyed = {key(k): k for k in known}
    name = key(name)
    nearest = difflib.get_close_matches(name, keyed, n=1, cutoff=0.6)
    if nearest:
        return keyed[nearest[0]]
    # A name cut short or run on (面积 for 面积㎡), when only one known name fits.
    fits = {k for c, k in keyed.items() if name and (c.startswith(name) or name.startswith(c))}
    return fits.pop() if len(fits) == 1 else None


def fields_at(model, loc):
    """Names a file may set at ``loc`` (keys and list indexes) inside ``model``, in model order."""
    for part in loc:
        if part.isdigit():
            continue
        info = model.model_fields.get(part)
        model = submodel(info.annotation) if info else None
        if model is None:
            return ()
    hidden = getattr(model, "LOADER_FIELDS", frozenset())
    return tuple(name for name in model.model_fields if name not in hidden)


def submodel(annotation):
    """The model class inside an annotation such as ``tuple[Person, ...] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is dict:  # a mapping of free keys: no fields to suggest
        return None
    for arg in get_args(annotation):
        found = submodel(arg)
        if found is not None:
            return found
    return None


def find_line(lines, loc):
    """Return the line of the deepest known part of ``loc``."""
    for end in range(len(loc), 0, -1):
        line = lines.get(".".join(loc[:end]))
        if line is not None:
            return line
    return None
