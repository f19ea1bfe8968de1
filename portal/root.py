"""Routes outside the language prefixes: the language redirect, health, reading modes.

The sitemap and robots.txt live with the feeds and open data in ``portal.syndication``.

Reading modes for older eyes (the MIIT 2021 ageing-friendly spec): large text and high contrast.
Public pages are cached as pure functions of URL and content, so a mode never changes a page's
HTML. Every page links one more stylesheet, ``/display.css``; ``/display?text=large&next=…``
keeps the visitor's choice in a cookie and goes back, and ``/display.css`` answers from that
cookie with the rules of ``static/css/large.css`` and/or ``static/css/contrast.css`` (empty when
no mode is on). That response is private, varies on the cookie and is revalidated on every use
(``no-cache`` with an ETag, so a page view costs a 304), so a browser or CDN never keeps one
visitor's mode for another and a change shows on the next page. No JavaScript, no inline style:
CSP ``style-src 'self'`` holds. The header's switch shows both choices of each mode; the mode
stylesheets hide the one already in force, so the switch reads "Standard text" once text is large.
"""

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, make_response, redirect, request, url_for

from . import cookies, spool
from .content import get_content
from .db import engine
from .i18n import LANG_COOKIE, preferred_language

bp = Blueprint("root", __name__)
SECTIONS_WITH_PAGES = {  # section folder -> the endpoint of an item's page
    "projects": "public.project", "parks": "public.park", "policies": "public.policy",
    "desks": "public.desk", "news": "public.news_item", "pages": "public.page",
}


@bp.get("/")
def index():
    response = redirect(url_for("public.home", lang=preferred_language(current_app)))
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


@bp.get("/language/<lang>")
def choose_language(lang):
    """Remember an explicit choice, then go to ``next`` (a path on this site) in that language."""
    if lang not in current_app.config["LANGUAGES"]:
        return redirect(url_for("root.index"))
    target = request.args.get("next", "")
    parts = urlsplit(target)
    root = request.script_root + "/"
    unsafe = any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target)
    if unsafe or parts.scheme or parts.netloc or not target.startswith(root) or target.startswith("//"):
        target = url_for("public.home", lang=lang)
    response = redirect(target, 303)
    cookies.remember(response, LANG_COOKIE, lang, days=365)
    return response


@bp.get("/healthz")
def healthz():
    """``status`` ok, or degraded when the database is unreachable or inquiries wait in the spool
    (``spooled``; ``spool_rejected``: files an operator must look at).

    Degraded still answers 200, on purpose: the public pages are served from memory and inquiries
    go to the spool, so this server is doing all it can; a 503 would make a load balancer take it
    out, and with the only server (or every server: they share the database) out, visitors would
    get nothing at all instead of the site. Monitoring alerts on ``status``, not on the code."""
    content = get_content()
    database = database_state()
    waiting = spool.count(current_app.instance_path)
    degraded = database != "ok" or bool(waiting)
    return {"status": "degraded" if degraded else "ok", "content_version": content.version,
            "items": len(content.bundles), "database": database, "spooled": waiting.waiting,
            "spool_rejected": waiting.rejected}


def database_state():
    """``ok``, or ``unreachable`` (any other database error is a bug and raises)."""
    try:
        with engine().connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as error:
        if not spool.unreachable(error):
            raise
        return "unreachable"
    return "ok"


DISPLAY_COOKIE = cookies.DISPLAY
DISPLAY_MODES = {  # query argument -> {value: the mode it turns on, or None to turn it off}
    "text": {"large": "large", "normal": None},
    "contrast": {"high": "contrast", "normal": None},
}


def display_modes(value):
    """The modes in force from the cookie's value ("large", "contrast" or "large.contrast")."""
    chosen = set((value or "").split("."))
    return [mode for mode in ("large", "contrast") if mode in chosen]


def local_path(target):
    """``target`` when it is a path on this site (under the mount), else None."""
    parts = urlsplit(target)
    unsafe = any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target)
    if (unsafe or parts.scheme or parts.netloc or target.startswith("//")
            or not target.startswith(request.script_root + "/")):
        return None
    return target


@bp.get("/display")
def choose_display():
    """Turn reading modes on or off (``text=large|normal``, ``contrast=high|normal``), then
    go back to ``next`` (a path on this site). Unknown values change nothing."""
    modes = set(display_modes(cookies.read(DISPLAY_COOKIE)))
    for name, choices in DISPLAY_MODES.items():
        value = request.args.get(name)
        if value in choices:
            modes -= {m for m in choices.values() if m}
            if choices[value]:
                modes.add(choices[value])
    target = local_path(request.args.get("next", "")) or url_for(
        "public.home", lang=preferred_language(current_app))
    response = redirect(target, 303)
    response.headers["Cache-Control"] = "no-store"
    if modes:
        cookies.remember(response, DISPLAY_COOKIE, ".".join(display_modes(".".join(modes))), days=365)
    else:
        cookies.forget(response, DISPLAY_COOKIE)
    return response


@lru_cache(maxsize=8)
def mode_rules(static_folder, modes):
    return "".join((Path(static_folder) / "css" / f"{mode}.css").read_text("utf-8") for mode in modes)


@bp.get("/display.css")
def display_css():
    """The visitor's reading-mode rules: private, per cookie, revalidated each time."""
    modes = tuple(display_modes(cookies.read(DISPLAY_COOKIE)))
    body = mode_rules(current_app.static_folder, modes) or "/* standard display */\n"
    response = make_response(body)
    response.mimetype = "text/css"
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    response.add_etag()
    return response.make_conditional(request)
