"""Content problems: what is wrong, where, in words bureau staff understand."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in one content file, in Chinese and English."""

    path: str
    line: int | None
    field: str | None
    zh: str
    en: str

    def __str__(self):
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field} {self.zh} / {self.en}"


class ContentError(Exception):
    """Raised with every problem found in one file."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(map(str, self.problems)))


# Pydantic error types, as a bureau editor would want to read them.
MESSAGES = {
    "missing": ("缺少必填字段", "required field is missing"),
    "extra_forbidden": ("未知字段（是否拼写有误？）", "unknown field (a typo?)"),
    "int_parsing": ("应为整数", "must be a whole number"),
    "int_type": ("应为整数", "must be a whole number"),
    "int_from_float": ("应为整数", "must be a whole number"),
    "float_parsing": ("应为数字", "must be a number"),
    "float_type": ("应为数字", "must be a number"),
    "decimal_parsing": ("应为数字", "must be a number"),
    "decimal_type": ("应为数字", "must be a number"),
    "date_parsing": ("应为日期，格式 YYYY-MM-DD", "must be a date, YYYY-MM-DD"),
    "date_type": ("应为日期，格式 YYYY-MM-DD", "must be a date, YYYY-MM-DD"),
    "date_from_datetime_parsing": ("应为日期，格式 YYYY-MM-DD", "must be a date, YYYY-MM-DD"),
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
    "greater_than_equal": ("不能为负数", "must not be negative"),
    "greater_than": ("必须大于零", "must be greater than zero"),
}


def from_validation_error(error, path, lines, prefix=()):
    """Turn a pydantic ``ValidationError`` into problems with line numbers.

    ``lines`` maps dotted field paths (``benefits.jobs``) to line numbers in the file.
    """
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(str(p) for p in prefix + tuple(item["loc"]))
        field = ".".join(loc) or None
        ctx = item.get("ctx") or {}
        if "zh" in ctx and "en" in ctx:
            zh, en = ctx["zh"], ctx["en"]
        elif item["type"] in MESSAGES:
            zh, en = MESSAGES[item["type"]]
        else:
            zh, en = "取值无效", f"invalid value: {item['msg']}"
        problems.append(Problem(path, find_line(lines, loc), field, zh, en))
    return problems


def find_line(lines, loc):
    """Return the line of the deepest known part of ``loc``."""
    for end in range(len(loc), 0, -1):
        line = lines.get(".".join(loc[:end]))
        if line is not None:
            return line
    return None
