"""The preview of an unsaved form: the real public page, rendered by the site's own views,
templates and Markdown pipeline from the candidate content, with a banner saying it is a draft.

The page is rendered in a request of its own inside the staff member's request, with the
candidate ``Content`` pinned to it as the page cache pins a generation to a public request: the
same code path as a visitor's page, and nothing is cached or written.
"""

import re

from flask import current_app, render_template, request, url_for
from markupsafe import Markup

from ..content import PINNED
from ..root import SECTIONS_WITH_PAGES

BODY_TAG = re.compile(r"<body[^>]*>")
LANGUAGES = ("zh", "zh-hant", "en")


def page_path(section, slug, lang):
    """The item's public path in ``lang`` (without the site's path prefix)."""
    return url_for(SECTIONS_WITH_PAGES[section], lang=lang, slug=slug)[len(request.script_root):]


def render_page(content, section, slug, lang):
    """``(status, html)`` of the item's public page in ``lang`` as ``content`` would show it."""
    app = current_app._get_current_object()
    path = page_path(section, slug, lang)
    environ = {PINNED: content, "REMOTE_ADDR": request.remote_addr or "127.0.0.1"}
    # An application context of its own: the page's request must not change the staff page's
    # ``g`` (its language, its content), which the same application's context would share.
    with app.app_context(), app.test_request_context(path, base_url=request.url_root,
                                                     environ_overrides=environ):
        response = app.full_dispatch_request()
        html = response.get_data(as_text=True)
    return response.status_code, html


def with_banner(html, banner):
    """``html`` with ``banner`` (markup) right after its ``<body>`` tag."""
    banner = str(banner)  # plain text: the template escapes the page once, into ``srcdoc``
    match = BODY_TAG.search(html)
    if not match:
        return banner + html
    return html[:match.end()] + banner + html[match.end():]


def previews(content, section, slug, languages=LANGUAGES):
    """``[(lang, status, html with the draft banner)]`` for each language."""
    banner = Markup(render_template("staff/editor/preview_banner.html"))
    shown = []
    for lang in languages:
        status, html = render_page(content, section, slug, lang)
        shown.append((lang, status, with_banner(html, banner)))
    return shown
