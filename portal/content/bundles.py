"""One bundle folder -> one validated item per language."""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from PIL import UnidentifiedImageError
from pydantic import ValidationError

from ..clock import china_today
from ..images import LARGEST, TooLarge, open_checked
from .checks import item_warnings, translated_policies
from .frontmatter import parse_markdown
from .hant import protect
from .markdown import render
from .models import Park
from .photos import too_large
from .problems import WARNING, ContentError, Problem, from_validation_error, unknown_field
from .types import SLUG
from .units import read_units

NEWS_FOLDER = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
# How deep each section's pages are below the site root, to reach /media/ relatively.
PAGE_DEPTH = {"pages": 2}
FILE_KEYS = {"cover", "file", "wechat_qr"}
# Images shown at their own small size, never across a page: no minimum width.
SMALL_IMAGE_KEYS = {"wechat_qr"}
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}
LARGEST_PHOTO_WIDTH = LARGEST  # the largest size pages show: narrower photos look blurred
# EXIF orientations that turn a photo on its side: its upright width is its stored height.
SIDEWAYS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Bundle:
    section: str
    slug: str
    items: dict  # lang -> item
    lines: dict = field(default_factory=dict)  # dotted field -> line in index.zh.md
    files: dict = field(default_factory=dict)  # name -> Path
    warnings: tuple = ()  # Problems with severity "warning": published all the same

    @property
    def source(self):
        return f"{self.section}/{self.slug}/index.zh.md"


def load_bundle(folder, section, model, taxonomy, root, today=None, names=None):
    """Return the Bundle in ``folder``; raise ContentError listing every problem in it.

    ``names`` (``references.folder_names``) lets it name a desk or park by its Chinese name.

    A valid bundle carries its warnings (``Bundle.warnings``); an invalid one's warnings follow
    its errors in the ContentError. ``today`` (default: the date today) dates ``updated``.
    """
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

    context = {"taxonomy": taxonomy, "names": names or {}}
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
    photos = photo_references(zh_rel, data, lines, body_files)
    warnings = future_update(zh, data.get("updated"), zh_rel, lines, today or china_today())
    warnings += item_warnings(zh, zh_rel, lines, folder / "index.zh.md")
    items = {"zh": zh}
    en_path = folder / "index.en.md"
    if en_path.exists():
        en_rel = f"{rel}/index.en.md"
        en_data, en_body, en_lines = parse_markdown(en_path, en_rel)
        problems.extend(untranslatable(model, en_data, en_lines, en_rel))
        merged = {**data, **{k: v for k, v in en_data.items() if k in model.TRANSLATABLE}}
        en, en_files, errors = validate(
            model, merged, en_body, en_lines, en_rel, extra, "en", prefix, context, only=en_data,
        )
        problems.extend(errors)
        problems.extend(missing_files(folder, en_rel, en_data, en_lines, en_files))
        problems.extend(translated_policies(zh, en, en_rel, en_lines))
        # The translation's own sections; its facts and claims are those of index.zh.md.
        warnings += [w for w in item_warnings(en, en_rel, en_lines, en_path) if w.field == "body"]
        photos += photo_references(en_rel, en_data, en_lines, en_files)
        items["en"] = en
    else:
        warnings.append(Problem(
            rel, None, None,
            "还没有英文译文（index.en.md），英文网站暂时显示中文内容",
            "no English translation yet (index.en.md): the English site shows the Chinese text",
            severity=WARNING, value="index.en.md",
        ))
        if zh is not None:
            items["en"] = zh.model_copy(update={"lang": "en", "translated": False})
    if zh is not None:
        hant, hant_problems = traditional(folder, rel, model, data, extra, prefix, context, zh)
        problems.extend(hant_problems)
        items["zh-hant"] = hant
    checked = photo_problems(folder, photos)
    problems.extend(p for p in checked if p.severity != WARNING)
    warnings.extend(p for p in checked if p.severity == WARNING)
    if problems or zh is None:
        raise ContentError(problems + warnings)
    files = {p.name: p for p in folder.iterdir() if p.is_file() and not p.name.startswith("index.")}
    return Bundle(section, slug, items, lines, files, tuple(warnings))


def traditional(folder, rel, model, data, extra, prefix, context, zh):
    """``(item, problems)``: the zh-hant item, i.e. the Chinese one, which pages convert as a
    whole (``portal.content.hant``), with the fields ``index.zh-hant.md`` overrides, marked so the
    conversion keeps them as written. The override is checked like a translation."""
    path = folder / "index.zh-hant.md"
    if not path.exists():
        return zh.model_copy(update={"lang": "zh-hant"}), []
    hant_rel = f"{rel}/index.zh-hant.md"
    hant_data, hant_body, hant_lines = parse_markdown(path, hant_rel)
    problems = untranslatable(model, hant_data, hant_lines, hant_rel)
    merged = {**data, **{k: v for k, v in hant_data.items() if k in model.TRANSLATABLE}}
    item, files, errors = validate(model, merged, hant_body, hant_lines, hant_rel, extra, "zh-hant",
                                   prefix, context, only=hant_data)
    problems += errors + missing_files(folder, hant_rel, hant_data, hant_lines, files)
    if item is None or problems:
        return None, problems
    update = {key: protected(getattr(item, key)) for key in hant_data if key in model.TRANSLATABLE}
    if hant_body.strip():
        update["body"] = protect(item.body)
    else:  # no body of its own: the Chinese body, converted with the page
        update["body"] = zh.body
    return item.model_copy(update=update), []


def protected(value):
    """``value`` (text, or text in lists, dicts and models) marked to keep as written."""
    if isinstance(value, str):
        return protect(value)
    if isinstance(value, list | tuple):
        return type(value)(protected(v) for v in value)
    if isinstance(value, dict):
        return {k: protected(v) for k, v in value.items()}
    if hasattr(value, "model_copy"):
        return value.model_copy(update={k: protected(getattr(value, k))
                                        for k in type(value).model_fields})
    return value


def untranslatable(model, en_data, en_lines, en_rel):
    """Problems for keys of a translation that are facts, or no field at all."""
    known = tuple(n for n in model.model_fields if n not in model.LOADER_FIELDS)
    problems = []
    for key in en_data.keys() - model.TRANSLATABLE:
        key = str(key)
        if key in known:
            zh, en = ("此字段不可翻译，事实数据只写在 index.zh.md 中",
                      "this field cannot be translated; facts belong in index.zh.md only")
        else:
            zh, en = unknown_field(key, tuple(n for n in known if n in model.TRANSLATABLE))
        problems.append(Problem(en_rel, en_lines.get(key), key, zh, en))
    return problems


def validate(model, data, body, lines, rel, extra, lang, prefix, context, only=None):
    """Return ``(item or None, linked_files, problems)``."""
    html, files = render(body, prefix)
    try:
        item = model.model_validate(
            {**data, **extra, "lang": lang, "body": html, "source": rel}, context=context,
        )
    except ValidationError as error:
        problems = from_validation_error(error, rel, lines, model=model)
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


def photo_references(rel, data, lines, body_files):
    """``[(rel, line, field, name)]`` for every photo the file names, front matter and body."""
    named = [(rel, lines.get(path), path, name) for path, name in file_references(data)]
    named += [(rel, None, "body", name) for name in body_files]
    return [ref for ref in named if PurePath(ref[3]).suffix.lower() in PHOTO_SUFFIXES]


def photo_problems(folder, references):
    """Errors for photos too large to publish (found from the header, before any pixel is
    decoded); warnings for photos narrower than the pages show them, or that cannot be opened."""
    found, seen = [], set()
    for rel, line, path, name in references:
        target = folder / name
        if name in seen or "/" in name or "\\" in name or not target.is_file():
            continue  # reported once; a missing or misplaced file is an error of its own
        seen.add(name)
        try:
            width = upright_width(target)
        except TooLarge as error:
            found.append(too_large(rel, line, path, name, error))
            continue
        except (OSError, UnidentifiedImageError):
            found.append(Problem(
                rel, line, path, f"照片“{name}”无法打开：文件可能已损坏，或不是 JPEG/PNG 图片",
                f"photo '{name}' cannot be opened: the file may be damaged or not a JPEG/PNG image",
                severity=WARNING, value=name,
            ))
            continue
        if width < LARGEST_PHOTO_WIDTH and path not in SMALL_IMAGE_KEYS:
            found.append(Problem(
                rel, line, path,
                f"照片“{name}”只有 {width} 像素宽，网页最大按 {LARGEST_PHOTO_WIDTH} 像素显示，"
                f"会显得模糊；请换一张至少 {LARGEST_PHOTO_WIDTH} 像素宽的照片",
                f"photo '{name}' is only {width} pixels wide and pages show photos up to "
                f"{LARGEST_PHOTO_WIDTH}, so it looks blurred; use one at least {LARGEST_PHOTO_WIDTH} wide",
                severity=WARNING, value=name,
            ))
    return found


def upright_width(path):
    """The width of the photo as shown, read from its header only (no pixels are decoded);
    TooLarge if the header claims too many pixels."""
    with open_checked(path) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112) if image.format == "JPEG" else None
    return height if orientation in SIDEWAYS else width


def future_update(item, written, rel, lines, today):
    """A warning when ``updated`` (``written`` so in the file) lies after ``today``: a typo, likely."""
    if item is None or item.updated <= today:
        return []
    return [Problem(
        rel, lines.get("updated"), "updated",
        f"更新日期“{written}”晚于今天（{today.isoformat()}），请核对",
        f"updated date '{written}' is after today ({today.isoformat()}); please check it",
        severity=WARNING, value=str(written),
    )]


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
