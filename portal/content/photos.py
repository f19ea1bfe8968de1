"""A photo too large to publish is an error of the file that names it, found from its header."""

from ..images import MAX_PIXELS, MAX_SIDE, TooLarge, open_checked
from .problems import Problem


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
