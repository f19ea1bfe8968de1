"""Photo fields: a cover's focal point, a QR code image's name, and a photo too large to
publish (an error of the file that names it, found from its header)."""

from typing import Annotated

from pydantic import BeforeValidator, Field

from ..images import MAX_PIXELS, MAX_SIDE, PHOTO_SUFFIXES, TooLarge, open_checked
from .problems import Problem
from .types import problem


def too_large(rel, line, field, name, error):
    """The problem for photo ``name`` (named at ``rel``:``line`` in ``field``) that raised
    ``error`` (an ``images.TooLarge``)."""
    size = f"（{error.size[0]}×{error.size[1]} 像素）" if error.size else ""
    size_en = f" ({error.size[0]}×{error.size[1]} pixels)" if error.size else ""
    limit = MAX_PIXELS // 1_000_000
    return Problem(
        rel, line, field,
        f"照片“{name}”太大{size}：最多 {limit} 百万像素、每边不超过 {MAX_SIDE} 像素；"
        f"请缩小后另存（网页用不到这么大的照片）",
        f"photo '{name}' is too large{size_en}: at most {limit} megapixels and {MAX_SIDE} pixels "
        f"a side; save a smaller copy (pages never show one this large)",
        value=name,
    )


def oversized(path, rel, line, field, name):
    """``[problem]`` if the photo at ``path`` is too large, else ``[]`` (an unreadable photo is
    reported where it is published)."""
    try:
        open_checked(path).close()
    except TooLarge as error:
        return [too_large(rel, line, field, name, error)]
    except OSError:
        pass
    return []


def qr_image_name(value):
    """The file name of a QR code image: a PNG or JPEG, as WeChat saves one (and as publishing
    reads photos)."""
    if isinstance(value, str) and not value.lower().endswith(tuple(PHOTO_SUFFIXES)):
        raise problem(f"“{value}”应为 PNG 或 JPG 图片（在微信中保存的二维码图片）",
                      f"'{value}' must be a PNG or JPG image (the QR code image saved from WeChat)")
    return value


QrImage = Annotated[str, Field(min_length=1), BeforeValidator(qr_image_name)]


def focal_point(value):
    """Where the subject of a cover photo is: ``[across, down]``, each from 0 (left, top) to 1
    (right, bottom). Crops (card thumbnails, the share image) keep that point in view."""
    if value is None:
        return None
    parts = value.replace("，", ",").split(",") if isinstance(value, str) else value
    try:
        pair = tuple(float(str(p).strip()) for p in parts) if isinstance(parts, list | tuple) else ()
    except ValueError:
        pair = ()
    if len(pair) != 2 or not all(0 <= p <= 1 for p in pair):
        raise problem(f"“{value}”应为两个 0 到 1 之间的数：[横向, 纵向]，左上角为 0，如 [0.5, 0.3]",
                      f"'{value}' must be two numbers from 0 to 1: [across, down], 0 being the "
                      "top left corner, e.g. [0.5, 0.3]")
    return pair


FocalPoint = Annotated[tuple[float, float] | None, BeforeValidator(focal_point)]
