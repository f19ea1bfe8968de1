"""A photo or attachment uploaded through the editor, made fit for a bundle or refused.

A bundle's files are served from the site's own origin and published by ``portal.images``, so
what the editor lets in must be what publishing can read and nothing that could run in a browser:
the type is read from the first bytes (a page saved as ``.jpg`` is still a page), limits on bytes
and on the pixels the header claims come before any pixel is decoded, and a photo is stored as
its pixels alone, turned upright, with its colour profile and nothing else of the original file
(a phone's GPS position, camera, XMP, IPTC and comments never reach ``content/``). A PDF is kept
as sent once it looks whole and carries no script, launch action or embedded file.

A WebP upload is stored as JPEG (PNG when it has transparency): publishing, ``units.csv`` and
``portal check`` read ``.jpg``/``.jpeg``/``.png`` photos only (``images.PHOTO_SUFFIXES``). Photos
are stored at most ``images.MASTER_MAX`` pixels a side, the largest master pages are made from;
a JPEG is decoded at a reduced scale when that suffices, which spares a web worker the memory
and time of a full 50-megapixel decode.

Refusals and problems carry Chinese and English, as ``portal check`` words its problems.
"""

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from pypinyin import lazy_pinyin

from ..content.attachments import ATTACHMENT_TYPES
from ..images import MASTER_MAX, MAX_PIXELS, MAX_SIDE, TooLarge, open_checked

MB = 1024 * 1024
MAX_BYTES = {"photo": 20 * MB, "attachment": 30 * MB}  # a phone photo is 3-12 MB, a scan 1-20 MB
ACCEPTED = {"photo": ("JPEG", "PNG", "WEBP"), "attachment": ("PDF",)}
# What each accepted type is stored as, with its suffix and media type.
STORED_AS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "JPEG", "PDF": "PDF"}
SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "PDF": ".pdf"}
MIMETYPE = {"JPEG": "image/jpeg", "PNG": "image/png", "PDF": ATTACHMENT_TYPES[".pdf"]}
ENCODE = {"JPEG": {"quality": 90, "progressive": True, "optimize": True}, "PNG": {"optimize": True}}
KEEP_MODES = {"JPEG": {"L", "RGB", "CMYK"}, "PNG": {"1", "L", "LA", "RGB", "RGBA", "I;16"}}
# A JPEG with a second picture (a depth map, a preview: some Android phones and cameras save
# them) opens in Pillow as MPO; the photo is its first picture.
READ_AS = {"MPO": "JPEG"}
STEM_MAX = 60
RESERVED_STEMS = {"index", "units"}  # index.* are the bundle's text; units.csv a park's table
EOF_TAIL = 1024  # where readers look for %%EOF, as Acrobat tolerates trailing bytes
INFLATE_MAX = 16 * MB  # an object stream holds dictionaries: kilobytes, not megabytes


class Refused(Exception):
    """An upload that may not enter a bundle: ``zh`` and ``en`` say why; ``status`` is the HTTP
    status a view answers with (413 too large, 415 not an accepted type, 422 otherwise)."""

    def __init__(self, zh, en, status=422):
        super().__init__(en)
        self.zh, self.en, self.status = zh, en, status


@dataclass(frozen=True)
class Accepted:
    """What to write into the bundle: ``data`` under ``name``; ``width``/``height`` (upright) for
    a photo, None for a PDF."""

    name: str
    data: bytes
    width: int | None
    height: int | None
    mimetype: str


# First bytes -> (type, Chinese, English). Types not in ACCEPTED are named in the refusal.
MAGIC = (
    (b"\xff\xd8\xff", "JPEG", "JPEG 照片", "a JPEG photo"),
    (b"\x89PNG\r\n\x1a\n", "PNG", "PNG 图片", "a PNG image"),
    (b"%PDF-", "PDF", "PDF 文档", "a PDF document"),
    (b"GIF87a", "GIF", "GIF 动图", "a GIF image"),
    (b"GIF89a", "GIF", "GIF 动图", "a GIF image"),
    (b"II*\x00", "TIFF", "TIFF 图片", "a TIFF image"),
    (b"MM\x00*", "TIFF", "TIFF 图片", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE", "旧版 Office 或 WPS 文档（.doc/.xls/.ppt）",
     "an old Office or WPS document (.doc/.xls/.ppt)"),
    (b"MZ", "EXE", "Windows 程序（.exe）", "a Windows program (.exe)"),
    (b"\x7fELF", "EXE", "程序文件", "a program"),
    (b"Rar!\x1a\x07", "RAR", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7Z", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "GZIP", "gzip 压缩包", "a gzip archive"),
)
ZIP_KINDS = (("word/", "Word 文档（.docx）", "a Word document (.docx)"),
             ("xl/", "Excel 表格（.xlsx）", "an Excel workbook (.xlsx)"),
             ("ppt/", "PowerPoint 演示文稿（.pptx）", "a PowerPoint file (.pptx)"))
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}
MARKUP = ((("<svg",), "SVG", "SVG 矢量图（可含脚本）", "an SVG image (which can carry scripts)"),
          (("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta"),
           "HTML", "网页（HTML）文件", "a web page (HTML)"))
HINTS = {
    ("photo", "PDF"): ("；PDF 请作为附件上传", "; upload a PDF as an attachment"),
    ("attachment", "JPEG"): ("；照片请用“上传照片”", "; upload photos as photos"),
    ("attachment", "PNG"): ("；照片请用“上传照片”", "; upload photos as photos"),
    ("attachment", "WEBP"): ("；照片请用“上传照片”", "; upload photos as photos"),
    ("photo", "HEIF"): ("；请在手机“设置 > 相机 > 格式”中选“兼容性最佳”，或把照片另存为 JPEG",
                        "; set the phone's camera to 'Most Compatible', or save the photo as JPEG"),
}


def accept(data, filename, kind, existing):
    """The upload ``data`` sent as ``filename`` made fit for a bundle as a ``kind`` ("photo" or
    "attachment"), named uniquely among ``existing`` (the bundle's file names); raise Refused."""
    if kind not in ACCEPTED:
        raise ValueError(f"unknown upload kind {kind!r}")
    shown = base_name(filename)
    if not data:
        raise Refused(f"“{shown}”是空文件，请重新选择文件上传", f"'{shown}' is empty: choose the file again")
    limit = MAX_BYTES[kind]
    if len(data) > limit:
        raise Refused(
            f"“{shown}”有 {len(data) / MB:.1f} MB，超过上限 {limit // MB} MB",
            f"'{shown}' is {len(data) / MB:.1f} MB, over the limit of {limit // MB} MB", 413)
    kind_of, what_zh, what_en = sniff(data)
    if kind_of not in ACCEPTED[kind]:
        hint_zh, hint_en = HINTS.get((kind, kind_of), ("", ""))
        allowed_zh, allowed_en = (("只能上传 JPEG、PNG 或 WebP 照片", "only JPEG, PNG or WebP photos")
                                  if kind == "photo" else ("附件只能是 PDF", "attachments must be PDF"))
        raise Refused(f"“{shown}”实际上是{what_zh}，不能上传：{allowed_zh}{hint_zh}",
                      f"'{shown}' is {what_en}, which cannot be uploaded: {allowed_en}{hint_en}", 415)
    if kind_of == "PDF":
        check_pdf(data, shown)
        name = safe_name(filename, SUFFIX["PDF"], existing, kind)
        return Accepted(name, data, None, None, MIMETYPE["PDF"])
    image, fmt, icc = clean_photo(data, kind_of, shown)
    stored = encode(image, fmt, icc)
    return Accepted(safe_name(filename, SUFFIX[fmt], existing, kind), stored, *image.size, MIMETYPE[fmt])


def sniff(data):
    """``(type, Chinese, English)`` of ``data`` from its first bytes, never from a name."""
    head = data[:16]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP", "WebP 图片", "a WebP image"
    if head[4:8] == b"ftyp":
        if head[8:12] in HEIF_BRANDS:
            return "HEIF", "HEIC 照片（苹果手机的默认格式）", "a HEIC photo (the iPhone's default format)"
        if head[8:12] in (b"avif", b"avis"):
            return "AVIF", "AVIF 图片", "an AVIF image"
        return "VIDEO", "视频", "a video"
    if head[:2] == b"BM" and head[6:10] == b"\0\0\0\0":
        return "BMP", "BMP 位图", "a BMP bitmap"
    if head[:4] == b"PK\x03\x04":
        return zip_kind(data)
    for magic, kind, zh, en in MAGIC:
        if data.startswith(magic):
            return kind, zh, en
    text = data[:1024].decode("utf-8", "replace").lstrip("\ufeff \t\r\n").lower()
    for marks, kind, zh, en in MARKUP:
        if any(mark in text for mark in marks):
            return kind, zh, en
    return "UNKNOWN", "无法识别类型的文件", "a file of unknown type"


def zip_kind(data):
    """A ZIP archive, named as the Office document it holds if it is one (.docx is a ZIP)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        names = []
    for folder, zh, en in ZIP_KINDS:
        if any(n.startswith(folder) for n in names):
            return "ZIP", zh, en
    return "ZIP", "ZIP 压缩包", "a ZIP archive"


def clean_photo(data, kind_of, shown):
    """``(image, stored format, colour profile)``: the pixels of photo ``data`` turned upright,
    at most ``MASTER_MAX`` a side, in a mode the stored format keeps; the header checked first."""
    damaged = Refused(f"照片“{shown}”无法读取：文件可能不完整或已损坏，请重新导出后上传",
                      f"photo '{shown}' cannot be read: the file may be incomplete or damaged; "
                      "export it again and upload that")
    try:
        original = open_checked(io.BytesIO(data))
    except TooLarge as error:
        raise too_many_pixels(shown, error.size) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise damaged from None
    with original:
        if READ_AS.get(original.format, original.format) != kind_of:
            raise damaged
        if kind_of != "JPEG" and getattr(original, "is_animated", False):
            raise Refused(f"“{shown}”是动图，只能上传静态照片",
                          f"'{shown}' is animated: upload a still photo")
        icc = original.info.get("icc_profile")
        reduce_on_decode(original)
        try:
            image = ImageOps.exif_transpose(original)
        except Image.DecompressionBombError:
            raise too_many_pixels(shown, original.size) from None
        except (OSError, SyntaxError, ValueError, TypeError, struct.error):
            raise damaged from None
    fmt = STORED_AS[kind_of]
    if kind_of == "WEBP" and image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255:
        fmt = "PNG"  # a logo on a transparent ground stays transparent
    image = stored_mode(image, fmt)
    image.thumbnail((MASTER_MAX, MASTER_MAX), Image.Resampling.LANCZOS)
    return image, fmt, icc


def reduce_on_decode(image):
    """Have a JPEG decoded at 1/2, 1/4 or 1/8 scale when that still covers the stored size (a
    50-megapixel photo is then 150 MB less to hold): the box asked for has the photo's shape, so
    a panorama is reduced as far as a photo of the usual shape."""
    width, height = image.size
    ratio = MASTER_MAX / max(width, height)
    if image.format == "JPEG" and ratio < 1:
        image.draft(None, (max(1, int(width * ratio)), max(1, int(height * ratio))))


def stored_mode(image, fmt):
    """``image`` in a mode ``fmt`` stores as is. A PNG's transparency, which a palette or a
    ``tRNS`` colour keeps in ``info`` (never stored), becomes an alpha channel."""
    if fmt == "PNG" and (image.mode == "PA" or "transparency" in image.info):
        return image.convert("RGBA")
    if image.mode in KEEP_MODES[fmt]:
        return image
    return image.convert("RGB")


def encode(image, fmt, icc):
    """The bytes of ``image`` in ``fmt``: its pixels and colour profile only (as ``images.save``
    writes masters), no EXIF, GPS, XMP, IPTC or comment."""
    options = dict(ENCODE[fmt])
    if icc:
        options["icc_profile"] = icc
    image.info = {}
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def too_many_pixels(shown, size):
    pixels = f"{size[0]}×{size[1]} 像素，" if size else ""
    pixels_en = f"{size[0]}×{size[1]} pixels, " if size else ""
    limit = MAX_PIXELS // 1_000_000
    return Refused(
        f"照片“{shown}”太大（{pixels}最多 {limit} 百万像素、每边不超过 {MAX_SIDE} 像素），请缩小后再上传",
        f"photo '{shown}' is too large ({pixels_en}at most {limit} megapixels and {MAX_SIDE} pixels "
        "a side); save a smaller copy and upload that", 413)


# Names in PDF dictionaries that make a document do more than show pages, and why each is refused.
RISKY_PDF_NAMES = {
    "JavaScript": ("含有 JavaScript 脚本", "contains JavaScript"),
    "Launch": ("含有启动外部程序的动作（/Launch）", "has an action that launches a program (/Launch)"),
    "EmbeddedFile": ("内嵌了其他文件", "has files embedded in it"),
    "EmbeddedFiles": ("内嵌了其他文件", "has files embedded in it"),
    "RichMedia": ("含有 Flash 或多媒体内容", "contains Flash or rich media"),
    "XFA": ("是带脚本的 XFA 表单", "is an XFA form, which can run scripts"),
}
PDF_NAME = re.compile(rb"/([^\s()<>\[\]{}/%]*)")
PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def check_pdf(data, shown):
    """Refuse a PDF that is cut short, encrypted (its contents could not be checked), or whose
    dictionaries name a script, a launch action, an embedded file, rich media or an XFA form."""
    if b"%%EOF" not in data[-EOF_TAIL:] or b"startxref" not in data[-2 * EOF_TAIL:]:
        raise Refused(f"PDF“{shown}”不完整或已损坏（缺少文件结尾），请重新导出后上传",
                      f"PDF '{shown}' is incomplete or damaged (its end is missing); export it again")
    names = pdf_names(data, shown)
    if "Encrypt" in names:
        raise Refused(f"PDF“{shown}”已加密或设了权限密码，无法检查其内容：请另存一份不加密的 PDF",
                      f"PDF '{shown}' is encrypted or password-protected, so its contents cannot be "
                      "checked: save a copy without protection")
    for risky, (zh, en) in RISKY_PDF_NAMES.items():
        if risky in names:
            raise Refused(f"PDF“{shown}”{zh}，不能作为附件发布：请用“打印为 PDF”或“另存为 PDF”重新生成",
                          f"PDF '{shown}' {en} and cannot be published: make it again with "
                          "'Print to PDF' or 'Save as PDF'")


def pdf_names(data, shown):
    """Every name (``/Type``...) in the PDF's dictionaries, ``#xx`` escapes decoded: those in the
    file as written and those in its compressed object streams (``/ObjStm``, PDF 1.5+)."""
    names = decoded_names(data)
    for match in PDF_STREAM.finditer(data):
        dictionary = data[max(0, match.start() - 2048):match.start()].rsplit(b"obj", 1)[-1]
        if "ObjStm" not in decoded_names(dictionary):
            continue
        end = data.find(b"endstream", match.end())
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(data[match.end():end if end >= 0 else len(data)], INFLATE_MAX)
        except zlib.error:
            text = None
        if text is None or inflater.unconsumed_tail:
            raise Refused(f"PDF“{shown}”的结构无法检查，请用“另存为 PDF”重新生成后上传",
                          f"PDF '{shown}' has a structure that cannot be checked; make it again with "
                          "'Save as PDF' and upload that")
        names |= decoded_names(text)
    return names


def decoded_names(data):
    return {unescaped(n).decode("latin-1") for n in set(PDF_NAME.findall(data))}


def unescaped(name):
    """A PDF name as readers take it: ``J#61vaScript`` is ``JavaScript``."""
    if b"#" not in name:
        return name
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name)


def base_name(filename):
    """The name as the user knows it: without a folder (old browsers send ``C:\\...\\a.jpg``)."""
    return re.split(r"[/\\]", filename or "")[-1].strip()


def safe_name(filename, suffix, existing, kind="photo"):
    """A bundle file name from ``filename``: ``[a-z0-9-]`` (Chinese as pinyin, full-width forms
    folded), then ``suffix`` (of the real type); ``-2``, ``-3``... when taken in ``existing``
    (compared in any case, as Windows and macOS disks do). "IMG_0001.JPG" -> "img-0001.jpg",
    "厂房外景.jpeg" -> "chang-fang-wai-jing.jpg"."""
    name = unicodedata.normalize("NFKC", base_name(filename))
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    words = "-".join(lazy_pinyin(stem))
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_words).strip("-")
    if len(stem) > STEM_MAX:
        stem = stem[:STEM_MAX].rsplit("-", 1)[0] if "-" in stem[:STEM_MAX] else stem[:STEM_MAX]
    stem = stem or kind
    taken = {n.lower() for n in existing}
    candidate, number = stem, 1
    while f"{candidate}{suffix}" in taken or candidate in RESERVED_STEMS:
        number += 1
        candidate = f"{stem}-{number}"
    return f"{candidate}{suffix}"
