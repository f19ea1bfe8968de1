"""Field types shared by the content models: amounts, taxonomy terms, slugs."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, PlainValidator
from pydantic_core import PydanticCustomError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNITS = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}
AMOUNT = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|万元|元)\s*$")


def problem(zh, en):
    """A validation error whose message reaches staff in both languages."""
    return PydanticCustomError("portal", "{en}", {"zh": zh, "en": en})


@dataclass(frozen=True, order=True)
class Amount:
    """A sum of money in yuan, remembered with the unit it was written in."""

    yuan: Decimal
    written: str = ""

    @property
    def wan(self):
        return self.yuan / 10_000


def parse_amount(value):
    if isinstance(value, Amount):
        return value
    match = AMOUNT.match(str(value)) if isinstance(value, str) else None
    if not match:
        raise problem(
            f"金额“{value}”必须带单位，如 3.5亿元、8000万元",
            f"amount '{value}' needs a unit, e.g. 3.5亿元 or 8000万元",
        )
    try:
        number = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise problem(f"金额“{value}”无法识别", f"amount '{value}' is not a number") from None
    return Amount(number * UNITS[match.group(2)], value.strip())


def check_slug(value):
    if not SLUG.match(value):
        raise problem(
            f"“{value}”不能用作网址名：只能用小写字母、数字和连字符",
            f"'{value}' cannot be a slug: use lowercase letters, digits and hyphens only",
        )
    return value


def term(vocabulary):
    """A value from ``taxonomy.yaml[vocabulary]``, given as its key or its Chinese label."""

    def to_key(value, info):
        terms = info.context["taxonomy"][vocabulary]
        if value in terms:
            return value
        for key, labels in terms.items():
            if value == labels["zh"]:
                return key
        allowed = "、".join(labels["zh"] for labels in terms.values())
        raise problem(f"“{value}”不是允许的取值：{allowed}", f"'{value}' is not one of: {allowed}")

    return Annotated[str, AfterValidator(to_key)]


def as_tuple(value):
    """YAML lists become tuples so that loaded content cannot be changed by accident."""
    return tuple(value) if isinstance(value, list) else value


AmountField = Annotated[Amount, PlainValidator(parse_amount)]
Slug = Annotated[str, AfterValidator(check_slug)]
