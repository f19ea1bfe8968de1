"""What the editor checks about a bundle's files besides their bytes (``uploads``): the alt texts
a photo is given, and where each file is used (front matter, bodies, ``units.csv``), so that a
file in use is never deleted."""

import csv
import io
import re
import unicodedata

from ..content.bundles import file_references
from ..content.markdown import render
from ..content.units import LIST_SEPARATORS, map_header
from .uploads import base_name

GENERIC_ALT = {"图片", "照片", "图像", "相片", "图", "配图", "封面", "封面图", "图片说明", "无", "暂无",
               "image", "photo", "picture", "img", "pic", "cover", "untitled", "none", "na", "alt"}
CAMERA_NAME = re.compile(r"^(img|dsc[nf]?|pxl|mmexport|wx_camera|screenshot|微信图片|屏幕截图|截图)"
                         r"[\s_-]*\d", re.IGNORECASE)
FILE_SUFFIX = re.compile(r"\.(jpe?g|png|webp|gif|heic|pdf|bmp|tiff?)$", re.IGNORECASE)
HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def check_alt(alt_zh, alt_en, filename):
    """Problems ``[(zh, en)]`` of a photo's alternative text, which screen readers speak and
    which shows when the photo does not load: required in Chinese and English, and refused when
    it is the file name or a word that says nothing ("图片", "image")."""
    return alt_problems(alt_zh, "zh", filename) + alt_problems(alt_en, "en", filename)


def alt_problems(text, lang, filename):
    """The problems of one language's alternative text ``text`` (``lang`` "zh" or "en")."""
    side_zh, side_en = ("中文", "Chinese") if lang == "zh" else ("英文", "English")
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return [(f"请填写照片的{side_zh}说明：看不到照片的人（读屏软件）靠它了解照片内容",
                 f"write the photo's {side_en} description: people who cannot see the photo "
                 "(screen readers) rely on it")]
    key = squeeze(text)
    name = unicodedata.normalize("NFKC", base_name(filename))
    names = {squeeze(name), squeeze(name.rsplit(".", 1)[0])} - {""}
    if key in names or FILE_SUFFIX.search(text) or CAMERA_NAME.match(text):
        return [(f"{side_zh}说明不能是文件名“{text}”：请写出照片里是什么，如“一号厂房外景”",
                 f"the {side_en} description cannot be the file name '{text}': say what the photo "
                 "shows, e.g. 'Exterior of factory building 1'")]
    if re.sub(r"\d+", "", key) in GENERIC_ALT:
        return [(f"{side_zh}说明“{text}”没有说出照片内容：请写出照片里是什么，如“一号厂房外景”",
                 f"the {side_en} description '{text}' says nothing about the photo: say what it "
                 "shows, e.g. 'Exterior of factory building 1'")]
    if lang == "zh" and len(HAN_CHAR.findall(text)) < 2:
        return [("中文说明至少要有 2 个汉字", "the Chinese description needs at least 2 Chinese characters")]
    if lang == "en" and len(re.findall(r"[A-Za-z]", text)) < 3:
        return [("英文说明太短或不是英文：至少要有 3 个英文字母",
                 "the English description is too short or not in English: it needs at least 3 letters")]
    return []


def squeeze(text):
    """``text`` compared as a name: any case, without spaces, ``_``, ``-``, ``.`` and punctuation."""
    return re.sub(r"[\W_]+", "", text).casefold()


def in_use(name, docs_data, bodies, units_csv_text):
    """Where bundle file ``name`` is used, so it is not deleted: front matter fields as dotted
    paths (``cover``, ``photos.0``, ``attachments.1.file``, as ``Problem.field`` names them) of
    any language's ``docs_data``, ``body`` for a Markdown link or image in any of ``bodies`` (as
    the site's Markdown finds them), ``units.csv:<line>`` for a row of the photo column."""
    places = [path for data in docs_data for path, value in file_references(data or {}) if value == name]
    if any(name in render(body)[1] for body in bodies):
        places.append("body")
    places += units_using(name, units_csv_text or "")
    return list(dict.fromkeys(places))


def units_using(name, text):
    """``units.csv:<line>`` for each row of ``text`` whose photo column names ``name``."""
    rows = list(csv_rows(text))
    if not rows:
        return []
    columns, _ = map_header(rows[0], "units.csv")
    photo_columns = [i for i, key in columns.items() if key == "photos"]
    return [f"units.csv:{line}" for line, row in enumerate(rows[1:], start=2)
            if any(i < len(row) and name in (p.strip() for p in LIST_SEPARATORS.split(row[i]))
                   for i in photo_columns)]


def csv_rows(text):
    return csv.reader(io.StringIO(text.lstrip("\ufeff")))
