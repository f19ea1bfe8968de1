"""Warnings about what a page would tell an investor: claims without a source, figures without
a basis, sections said twice. None keeps an item from being published."""

import html
import re

from .problems import WARNING, Problem

HEADING = re.compile(r"<h([2-6])[^>]*>(.*?)</h\1>", re.S)
MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
TAG = re.compile(r"<[^>]+>")


def item_warnings(item, rel, lines, path):
    """Warnings for one language of an item read from ``path`` (``rel`` as staff see it)."""
    if item is None:
        return []
    return (unsourced_incentives(item, rel, lines) + missing_basis(item, rel, lines)
            + repeated_headings(item, rel, path))


def unsourced_incentives(item, rel, lines):
    """An incentive the project claims with no published policy named behind it."""
    warnings = []
    for index, claim in enumerate(getattr(item, "incentives", ())):
        if claim.policy:
            continue
        field = f"incentives.{index}"
        warnings.append(Problem(
            rel, lines.get(field), field,
            f"支持政策“{claim.text}”没有对应的已发布政策：请写明 policy（content/policies/ 下的文件夹名），"
            "或先发布这项政策",
            f"the incentive '{claim.text}' names no published policy: add its policy (a folder "
            "name under content/policies/), or publish that policy first",
            severity=WARNING, value=claim.text,
        ))
    return warnings


def missing_basis(item, rel, lines):
    """Benefit figures without ``figures_basis``: an investor cannot tell estimate from fact."""
    benefits = getattr(item, "benefits", None)
    if benefits is None or getattr(item, "figures_basis", None):
        return []
    if all(getattr(benefits, name) is None for name in type(benefits).model_fields):
        return []
    return [Problem(
        rel, lines.get("benefits"), "figures_basis",
        "效益数字没有写明依据和年份：请加上 figures_basis，如“可研估算 2025”",
        "the benefit figures give no basis and year: add figures_basis, e.g. "
        "'feasibility study estimate, 2025'",
        severity=WARNING,
    )]


def repeated_headings(item, rel, path):
    """A body heading with the label of a field the page already shows: the section repeats."""
    labels = {}
    for name, names in type(item).SECTION_LABELS.items():
        if getattr(item, name, None):
            labels.update({label.casefold(): name for label in names})
    warnings = []
    for _level, inner in HEADING.findall(str(item.body)):
        text = html.unescape(TAG.sub("", inner)).strip()
        name = labels.get(text.casefold())
        if name is None:
            continue
        hint_zh, hint_en = ("请把各条写入 incentives 并注明 policy", "move the items into incentives, each "
                            "with its policy") if name == "incentives" else (
            "请删去正文中的这一节，或改用不同的标题", "remove this section from the body or give it "
            "another heading")
        warnings.append(Problem(
            rel, heading_line(path, text), "body",
            f"正文标题“{text}”重复了字段 {name} 的内容（页面上已显示为“{text}”）：{hint_zh}",
            f"the body heading '{text}' repeats the field {name}, which the page already shows: "
            f"{hint_en}",
            severity=WARNING, value=text,
        ))
    return warnings


def heading_line(path, text):
    """The line of ``path`` with the Markdown heading ``text``, or None."""
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(source.splitlines(), start=1):
        match = MARKDOWN_HEADING.match(line)
        if match and match.group(1).strip() == text:
            return number
    return None


def translated_policies(zh, en, en_rel, en_lines):
    """The translation must name the same policies for its incentives as the Chinese file."""
    if zh is None or en is None or not hasattr(zh, "incentives"):
        return []
    ours = [claim.policy for claim in zh.incentives]
    theirs = [claim.policy for claim in en.incentives]
    if ours == theirs:
        return []
    return [Problem(
        en_rel, en_lines.get("incentives"), "incentives",
        f"英文译文的 incentives 应与 index.zh.md 逐条对应、引用相同的政策（中文：{ours}）",
        f"the translation's incentives must match index.zh.md item by item, naming the same "
        f"policies (Chinese: {ours}, here: {theirs})",
        value=", ".join(str(p) for p in theirs),
    )]
