"""One bundle folder -> one validated item per language."""

import re
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from .frontmatter import parse_markdown
from .markdown import render
from .models import Park
from .problems import ContentError, Problem, from_validation_error
from .types import SLUG
from .units import read_units

NEWS_FOLDER = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
# How deep each section's pages are below the site root, to reach /media/ relatively.
PAGE_DEPTH = {"pages": 2}
FILE_KEYS = {"cover", "file"}


@dataclass(frozen=True)
class Bundle:
    section: str
    slug: str
    items: dict  # lang -> item
    lines: dict = field(default_factory=dict)  # dotted field -> line in index.zh.md
    files: dict = field(default_factory=dict)  # name -> Path

    @property
    def source(self):
        return f"{self.section}/{self.slug}/index.zh.md"


def load_bundle(folder, section, model, taxonomy, root):
    """Return the Bundle in ``folder``; raise ContentError listing every problem in it."""
    slug = folder.name
    rel = f"{section}/{slug}"
    problems = []
    if not SLUG.match(slug):
        problems.append(Problem(
            rel, None, None,
            f"文件夹名“{slug}”不能用作网址：只能用小写字母、数字和连字符",
            f"folder name '{slug}' cannot be a slug: use lowercase letters, digits and hyphens",
        ))
    extra = {"slug": slug}
    if section == "news":
        extra["published"] = news_date(slug, rel, problems)
    if not (folder / "index.zh.md").exists():
        problems.append(Problem(rel, None, None, "缺少 index.zh.md", "index.zh.md is missing"))
        raise ContentError(problems)

    context = {"taxonomy": taxonomy}
    depth = PAGE_DEPTH.get(section, 3)
    prefix = "../" * depth + f"media/{section}/{slug}/"
    zh_rel = f"{rel}/index.zh.md"
    data, body, lines = parse_markdown(folder / "index.zh.md", zh_rel)
    if model is Park and (folder / "units.csv").exists():
        try:
            extra["units"] = read_units(folder / "units.csv", f"{rel}/units.csv", slug, taxonomy)
        except ContentError as error:
            problems.extend(error.problems)

    zh, body_files, errors = validate(model, data, body, lines, zh_rel, extra, "zh", prefix, context)
    problems.extend(errors)
    problems.extend(missing_files(folder, zh_rel, data, lines, body_files))
    items = {"zh": zh}
    en_path = folder / "index.en.md"
    if en_path.exists():
        en_rel = f"{rel}/index.en.md"
        en_data, en_body, en_lines = parse_markdown(en_path, en_rel)
        for key in en_data.keys() - model.TRANSLATABLE:
            problems.append(Problem(
                en_rel, en_lines.get(str(key)), str(key),
                "此字段不可翻译，事实数据只写在 index.zh.md 中",
                "this field cannot be translated; facts belong in index.zh.md only",
            ))
        merged = {**data, **{k: v for k, v in en_data.items() if k in model.TRANSLATABLE}}
        en, en_files, errors = validate(
            model, merged, en_body, en_lines, en_rel, extra, "en", prefix, context, only=en_data,
        )
        problems.extend(errors)
        problems.extend(missing_files(folder, en_rel, en_data, en_lines, en_files))
        items["en"] = en
    elif zh is not None:
        items["en"] = zh.model_copy(update={"lang": "en", "translated": False})
    if problems or zh is None:
        raise ContentError(problems)
    files = {p.name: p for p in folder.iterdir() if p.is_file() and not p.name.startswith("index.")}
    return Bundle(section, slug, items, lines, files)


def validate(model, data, body, lines, rel, extra, lang, prefix, context, only=None):
    """Return ``(item or None, linked_files, problems)``."""
    html, files = render(body, prefix)
    try:
        item = model.model_validate(
            {**data, **extra, "lang": lang, "body": html, "source": rel}, context=context,
        )
    except ValidationError as error:
        problems = from_validation_error(error, rel, lines)
        if only is not None:  # the translation reports only the fields it sets
            problems = [p for p in problems if p.field and p.field.split(".")[0] in only]
        return None, files, problems
    return item, files, []


def missing_files(folder, rel, data, lines, body_files):
    """Problems for photos and attachments that the file names but the folder lacks."""
    problems = []
    for path, name in file_references(data):
        if "/" in name or "\\" in name or name.startswith("."):
            problems.append(Problem(
                rel, lines.get(path), path, f"“{name}”应为本文件夹中的文件名",
                f"'{name}' must be the name of a file in this folder",
            ))
        elif not (folder / name).is_file():
            problems.append(Problem(
                rel, lines.get(path), path, f"找不到文件“{name}”", f"file '{name}' not found",
            ))
    for name in body_files:
        if not (folder / name).is_file():
            problems.append(Problem(
                rel, None, "body", f"正文引用的文件“{name}”不存在", f"file '{name}' in the body not found",
            ))
    return problems


def file_references(data, prefix=()):
    """Yield ``(dotted_path, name)`` for every file name in front matter."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        path = prefix + (str(key),)
        if isinstance(value, str) and (key in FILE_KEYS or path[0] == "photos"):
            yield ".".join(path), value
        elif isinstance(value, dict | list):
            yield from file_references(value, path)


def news_date(slug, rel, problems):
    match = NEWS_FOLDER.match(slug)
    try:
        return date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        pass
    problems.append(Problem(
        rel, None, None, "新闻文件夹名应以日期开头，如 2026-03-18-roadshow",
        "news folder names start with a date, e.g. 2026-03-18-roadshow",
    ))
    return None
