"""Field types shared by the content models: amounts, numbers, dates, taxonomy terms, slugs,
phone numbers and the basis of figures.

Staff type values in Chinese input methods, paste them from Word or save them from Excel, so every
reader here first makes the text plain: full-width digits and punctuation become ASCII (NFKC:
``２．８亿元`` → ``2.8亿元``, ``，`` → ``,``) and stray spaces go.
"""

import calendar
import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator
from pydantic_core import PydanticCustomError

YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNITS = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}
SHORT_UNITS = {"亿": "亿元", "万": "万元"}  # 2.8亿 is how many write 2.8亿元
AMOUNT = re.compile(r"^(.*?)(亿元|万元|元|亿|万)$")
NUMBER = re.compile(r"^([+-]?)(\d[\d,]*(?:\.\d+)?)$")
THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# 2027-01-15, 2027-1-15, 2027/1/15, 2027.1.15 (one separator throughout), 2027年1月15日; Excel
# may add a midnight time to a date cell.
DATE = re.compile(r"^(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?:\s+0?0:00(?::00)?)?$")
DATE_ZH = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?$")
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # not calendar.month_name: the locale's
# Letters typed for the digits they look like: 18O0 for 1800, l200 for 1200.
LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
LOOKALIKE_LETTERS = frozenset("OolI")
DATE_FORMS = "2027-01-15、2027-1-15、2027/1/15、2027.1.15 或 2027年1月15日"
DATE_FORMS_EN = "2027-01-15, 2027-1-15, 2027/1/15, 2027.1.15 or 2027年1月15日"


def problem(zh, en):
    """A validation error whose message reaches staff in both languages."""
    return PydanticCustomError("portal", "{en}", {"zh": zh, "en": en})


def plain(text):
    """``text`` as typed or pasted, made plain: NFKC, no spaces except between two digits."""
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"(?<=\D)\s+|\s+(?=\D)", "", text)


def read_number(text, value, example="4,200", decimal="4.2", signed=True):
    """The plain number ``text`` as ``(sign, digits)`` without thousands separators.

    Raise a problem that quotes ``value`` (what the file says) and why it is refused.
    """
    match = NUMBER.match(text)
    if match and (signed or not match.group(1)):
        sign, digits = match.groups()
        if "," in digits and not THOUSANDS.match(digits):
            raise problem(
                f"“{value}”中的逗号位置不对：逗号只能用作千位分隔符（每三位一组），如 {example}；"
                f"小数请用小数点：{decimal}",
                f"the comma in '{value}' is misplaced: a comma only separates thousands "
                f"(groups of three digits), e.g. {example}; write decimals with a point: {decimal}",
            )
        return sign, digits.replace(",", "")
    if re.search(r"\d\s+\d", text):
        raise problem(
            f"“{value}”的数字中间有空格，请删去空格",
            f"'{value}' has a space between digits; remove it",
        )
    meant = text.translate(LOOKALIKES)
    if meant != text and NUMBER.match(meant):  # 18O0: the letter O typed for the digit 0
        letters = " ".join(sorted({c for c in text if c in LOOKALIKE_LETTERS}))
        raise problem(
            f"“{value}”不是数字：其中有字母 {letters}，是否应为 {meant}？",
            f"'{value}' is not a number: it has the letter {letters}; did you mean {meant}?",
        )
    raise problem(
        f"“{value}”不是数字，请只写阿拉伯数字，如 {decimal}",
        f"'{value}' is not a number; write it in digits, e.g. {decimal}",
    )


def number_text(value):
    """Before a number field: text such as ``"1,200"`` or ``"１２００"`` becomes ``"1200"``."""
    if not isinstance(value, str):
        return value
    sign, digits = read_number(plain(value), value)
    return sign + digits


@dataclass(frozen=True, order=True)
class Amount:
    """A sum of money in yuan, and how it reads written plainly (``2.8亿元``)."""

    yuan: Decimal
    written: str = ""

    @property
    def wan(self):
        return self.yuan / 10_000


def parse_amount(value):
    if isinstance(value, Amount):
        return value
    text = plain(value) if isinstance(value, str) else str(value)
    match = AMOUNT.match(text) if isinstance(value, str) else None
    if not match or not match.group(1):
        if isinstance(value, int | float) or NUMBER.match(text):
            raise problem(
                f"金额“{value}”必须带单位，如 3.5亿元、8000万元",
                f"amount '{value}' needs a unit, e.g. 3.5亿元 or 8000万元",
            )
        raise problem(
            f"“{value}”不是金额，请写成数字加单位，如 3.5亿元、8000万元、120元",
            f"'{value}' is not an amount: write a number and its unit, e.g. 3.5亿元, 8000万元 or 120元",
        )
    if match.group(1).startswith("-"):
        raise problem(f"金额“{value}”不能为负数", f"amount '{value}' must not be negative")
    unit = SHORT_UNITS.get(match.group(2), match.group(2))
    _, digits = read_number(match.group(1), value, "12,000万元", "2.8亿元", signed=False)
    return Amount(Decimal(digits) * UNITS[unit], f"{digits}{unit}")


def parse_date(value):
    """A date as Excel and WPS write it, or a problem saying why it is not one."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = plain(value) if isinstance(value, str) else ""
    match = DATE.match(text) or DATE_ZH.match(text)
    if not match:
        raise problem(
            f"“{value}”不是日期，请写成 {DATE_FORMS}",
            f"'{value}' is not a date; write it as {DATE_FORMS_EN}",
        )
    year, month, day = (int(match.group(part)) for part in "ymd")
    if not 1 <= month <= 12:
        raise problem(
            f"日期“{value}”不存在：一年只有 12 个月，没有{month}月",
            f"date '{value}' does not exist: there is no month {month}",
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise problem(
            f"日期“{value}”不存在：{year}年{month}月没有{day}日（只有 {days} 天）",
            f"date '{value}' does not exist: {MONTHS[month]} {year} has {days} days",
        )
    return date(year, month, day)


def check_slug(value):
    if not SLUG.match(value):
        raise problem(
            f"“{value}”不能用作文件夹名：只能用小写字母、数字和连字符",
            f"'{value}' cannot be a folder name: use lowercase letters, digits and hyphens only",
        )
    return value


def term(vocabulary):
    """A value from ``taxonomy.yaml[vocabulary]``, given as its key or its Chinese label."""

    def to_key(value, info):
        terms = info.context["taxonomy"][vocabulary]
        if value in terms:
            return value
        plain_value = plain(value)
        for key, labels in terms.items():
            if plain_value in (key, labels["zh"]):
                return key
        allowed = "、".join(labels["zh"] for labels in terms.values())
        raise problem(f"“{value}”不是允许的取值：{allowed}", f"'{value}' is not one of: {allowed}")

    return Annotated[str, AfterValidator(to_key)]


SECTION_WORDS = {"desks": ("招商窗口", "desk"), "parks": ("园区", "park")}


def reference(section):
    """A folder under ``content/<section>/``, given as its folder name or, like a taxonomy label,
    as its Chinese name (``park: 青岚县富硒农业产业园``), which is read as the folder's name.

    The names come from the validation context (``names``: section -> {folder: Chinese name}).
    Whether a folder name exists is checked later, against what will be published.
    """

    def to_slug(value, info):
        if SLUG.match(value):
            return value
        names = ((info.context or {}).get("names") or {}).get(section, {})
        text = plain(value)
        found = sorted(slug for slug, name in names.items() if plain(name) == text)
        if len(found) == 1:
            return found[0]
        zh, en = SECTION_WORDS[section]
        if found:
            choices = "、".join(f"{slug}（{names[slug]}）" for slug in found)
            raise problem(
                f"“{value}”是 {len(found)} 个{zh}的名称：{choices}；请写所指的那个的文件夹名",
                f"'{value}' is the name of {len(found)} {en}s: {choices}; write the folder name of "
                "the one meant",
            )
        by_name = {plain(name): slug for slug, name in names.items()}
        close = difflib.get_close_matches(text, list(by_name), n=1, cutoff=0.6)
        choices = "、".join(f"{slug}（{name}）" for slug, name in sorted(names.items())) or "（无 / none）"
        if close:
            slug = by_name[close[0]]
            raise problem(
                f"没有名为“{value}”的{zh}，是否应为 {slug}（{names[slug]}）？可以写文件夹名或中文名称。"
                f"现有的{zh}：{choices}",
                f"no {en} is named '{value}': did you mean {slug} ({names[slug]})? Write its folder "
                f"name or its Chinese name. Existing {en}s: {choices}",
            )
        raise problem(
            f"没有名为“{value}”的{zh}：请写 content/{section}/ 下的文件夹名或{zh}的中文名称。"
            f"现有的{zh}：{choices}",
            f"no {en} is named '{value}': write a folder name under content/{section}/ or the "
            f"{en}'s Chinese name. Existing {en}s: {choices}",
        )

    return Annotated[str, AfterValidator(to_slug)]


def as_tuple(value):
    """YAML lists become tuples so that loaded content cannot be changed by accident."""
    return tuple(value) if isinstance(value, list) else value


AmountField = Annotated[Amount, PlainValidator(parse_amount)]
DateField = Annotated[date, PlainValidator(parse_date)]
Number = BeforeValidator(number_text)  # put in an Annotated number type: Annotated[float, Number]
Slug = Annotated[str, AfterValidator(check_slug)]


def with_year(value):
    """A basis for figures must say when: ``可研估算 2025``, ``feasibility study, 2025``."""
    if value is not None and not YEAR.search(value):
        raise problem(
            f"“{value}”没有写明年份：请写成依据加年份，如“可研估算 2025”",
            f"'{value}' names no year: write the basis and its year, e.g. "
            "'feasibility study estimate, 2025'",
        )
    return value


Basis = Annotated[str, Field(min_length=1), AfterValidator(with_year)]


def dialable(value):
    """A phone number that can be dialled from abroad once +86 is put in front (or has its own
    country code): 0915-8812345, 13800138000, +852 2345 6789."""
    import phonenumbers

    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(value, "CN"))
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise problem(
            f"“{value}”不是有效的电话号码：固定电话请带区号，如 0915-8812345；手机如 13800138000；"
            "境外号码请带国家或地区代码，如 +852 2345 6789",
            f"'{value}' is not a valid phone number: give a landline with its area code "
            "(0915-8812345), a mobile as 13800138000, a number outside mainland China with its "
            "country code (+852 2345 6789)",
        )
    return value


Phone = Annotated[str, Field(pattern=r"^[0-9+() -]{5,30}$"), AfterValidator(dialable)]
