"""What a shared link unfurls into: a page's Open Graph and Twitter-card values and its JSON-LD.

``includes/share_meta.html`` calls ``share_card()`` once per page. The image is the item's own
share image (``portal.media.share_image``) where it has one, else the site's default
``static/img/share.png`` (drawn by ``scripts/draw_share_image.py``). JSON-LD describes the bureau
(GovernmentOrganization), parks (Place), desks (ContactPoint) and a detail page's trail
(BreadcrumbList), built from the item in the page's language; see ``structured_data``.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app, g, request
from flask_babel import gettext as _
from jinja2 import pass_context
from markupsafe import Markup
from PIL import Image
from werkzeug.exceptions import HTTPException

from ..formatting import label
from ..i18n import OG_LOCALE
from ..media import share_image
from ..urls import absolute_url
from . import bp
from .structured_data import json_ld_for

DEFAULT_IMAGE = "img/share.png"
DESCRIPTION_LIMIT = 160  # characters: what search results and chat previews show, roughly
# Pages that must not invite sharing: their addresses are private to one investor or partner.
PRIVATE_ENDPOINTS = frozenset({"inquiry.thanks"})
PRIVATE_BLUEPRINTS = frozenset({"status", "staff", "credit", "partners.credit"})
# Pages whose item may have a share image of its own: endpoint -> (section, template variable).
IMAGE_OWNERS = {
    "public.project": ("projects", "item"), "public.park": ("parks", "item"),
    "public.unit": ("parks", "park"), "public.news_item": ("news", "item"),
    "partners.poster": ("projects", "project"),
}
WIDE = 1.3  # width/height above which an image is shown large (twitter:card)
SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s)")  # the point in "3.5" ends none
CLAUSE_END = re.compile(r"[，、：；,:;]")
WORD_END = re.compile(r"\s")


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str

    @property
    def wide(self):
        return self.width >= self.height * WIDE


@dataclass(frozen=True)
class ShareCard:
    """The values of one page's share tags (``og:…``, ``twitter:…``) and its JSON-LD."""

    kind: str  # og:type
    url: str  # the canonical URL: filters kept, ``ref`` dropped
    locale: str
    alternate_locales: tuple
    image: ShareImage
    json_ld: object  # Markup for a <script type="application/ld+json"> block, or None
    published: object = None  # news: article:published_time / modified_time
    modified: object = None

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image.wide else "summary"


@bp.app_template_global()
@pass_context
def share_card(context):
    """The share values of the page being rendered, or None for a private or error page (they
    keep only their title)."""
    if (request.blueprint in PRIVATE_BLUEPRINTS or request.endpoint in PRIVATE_ENDPOINTS
            or isinstance(context.get("error"), HTTPException) or request.endpoint is None):
        return None
    lang = g.get("lang") or current_app.config["DEFAULT_LANGUAGE"]
    item = context.get("item")
    news = request.endpoint == "public.news_item" and item is not None
    url = context["alternate"](lang, external=True)
    return ShareCard(
        kind="article" if news else "website", url=url, locale=OG_LOCALE[lang],
        alternate_locales=tuple(OG_LOCALE[other] for other in current_app.config["LANGUAGES"]
                                if other != lang),
        image=image_of(context),
        json_ld=json_ld_for(request.endpoint, context, url),
        published=(item.published or item.updated) if news else None,
        modified=item.updated if news else None,
    )


def image_of(context):
    """The item's share image (a unit shares its park's), else the site's default one."""
    section, name = IMAGE_OWNERS.get(request.endpoint, (None, None))
    owner = context.get(name) if name else None
    found = share_image(section, owner.slug) if owner is not None else None
    if found:
        url, width, height = found
        return ShareImage(url, width, height, owner.title)
    width, height = default_image_size(Path(current_app.static_folder) / DEFAULT_IMAGE)
    return ShareImage(absolute_url("static", filename=DEFAULT_IMAGE), width, height,
                      label(context["site"].name))


@lru_cache(maxsize=4)
def default_image_size(path):
    with Image.open(path) as image:
        return image.size


@bp.app_template_filter()
def describe(text, limit=DESCRIPTION_LIMIT):
    """``text`` on one line and at most ``limit`` characters: cut after the last whole sentence
    that fits, else the last clause or word, and marked with an ellipsis. Markup (a translated
    sentence with its values escaped) is read as the text it shows, so it is escaped once."""
    if isinstance(text, Markup):
        text = text.unescape()
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    for pattern, mark in ((SENTENCE_END, ""), (CLAUSE_END, "…"), (WORD_END, "…")):
        ends = [m.end() for m in pattern.finditer(text) if limit // 2 < m.end() < limit]
        if ends:
            return text[:ends[-1]].rstrip("，、：；,:; ") + mark
    return text[:limit - 1].rstrip() + "…"


@bp.app_template_global()
def with_filters(text, choices):
    """``text`` led by the filters a list was narrowed to: ``choices`` are facets (their
    selected options count) or ``(title, value)`` pairs. Markup, like a translated sentence."""
    picked = []
    for choice in choices or ():
        if isinstance(choice, tuple):
            picked.append(str(choice[1]))
        else:
            picked.extend(str(o.label) for o in choice.options if o.selected)
    if not picked:
        return text
    return Markup(_("%(filters)s: %(text)s")) % {"filters": " · ".join(picked), "text": text}
