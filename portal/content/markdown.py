"""Markdown to safe HTML, once per file at load time."""

import re
import threading

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

from ..images import LARGEST, is_photo

EXTENSIONS = ["extra", "sane_lists", "toc"]
CONFIG = {"toc": {"slugify": slugify_unicode, "permalink": False}}

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "dl", "dt", "dd", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
    "abbr", "figure", "figcaption", "h2", "h3", "h4", "h5", "h6",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "abbr": {"title"},
    **{h: {"id"} for h in HEADINGS},
}
SCHEMES = {"http", "https", "mailto", "tel"}
RELATIVE_FILE = re.compile(r"^[^/:?#]+$")
local = threading.local()


def to_html(text):
    """Python-Markdown's HTML for ``text``; one converter per thread, reset between documents.

    Building a converter loads every extension, which costs more than converting a page.
    """
    converter = getattr(local, "converter", None)
    if converter is None:
        converter = local.converter = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=CONFIG,
        )
    try:
        return converter.convert(text)
    finally:
        converter.reset()


def render(text, media_prefix=""):
    """Return sanitized HTML for ``text`` and the bundle files it links to.

    Relative links to bundle files (``photo.jpg``) are pointed at ``media_prefix``, a URL
    relative to the page, so the HTML works under any mount path; photos at their largest
    published size (their original is never served).
    """
    html = to_html(text)
    files = []

    def rewrite(tag, attribute, value):
        if attribute in {"src", "href"} and RELATIVE_FILE.match(value) and "." in value:
            files.append(value)
            return media_prefix + (f"{LARGEST}/{value}" if is_photo(value) else value)
        return value

    clean = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
        attribute_filter=rewrite, link_rel="noopener noreferrer",
    )
    return Markup(clean), tuple(files)
