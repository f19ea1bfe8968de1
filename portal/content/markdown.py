"""Markdown to safe HTML, once per file at load time."""

import re

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

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


def render(text, media_prefix=""):
    """Return sanitized HTML for ``text`` and the bundle files it links to.

    Relative links to bundle files (``photo.jpg``) are pointed at ``media_prefix``, a URL
    relative to the page, so the HTML works under any mount path.
    """
    html = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIG)
    files = []

    def rewrite(tag, attribute, value):
        if attribute in {"src", "href"} and RELATIVE_FILE.match(value) and "." in value:
            files.append(value)
            return media_prefix + value
        return value

    clean = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
        attribute_filter=rewrite, link_rel="noopener noreferrer",
    )
    return Markup(clean), tuple(files)
