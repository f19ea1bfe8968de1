"""Routes outside the language prefixes: the language redirect, health, robots, sitemap."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from .content import get_content
from .i18n import LANG_COOKIE, preferred_language
from .pagecache import cached
from .urls import absolute_url

bp = Blueprint("root", __name__)
SECTIONS_WITH_PAGES = {
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
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="Lax", httponly=True,
                        path=request.script_root or "/",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.get("/healthz")
def healthz():
    content = get_content()
    return {"status": "ok", "content_version": content.version, "items": len(content.bundles)}


@bp.get("/robots.txt")
@cached
def robots():
    sitemap = absolute_url("root.sitemap")
    body = f"User-agent: *\nDisallow: /staff/\nAllow: /\nSitemap: {sitemap}\n"
    return current_app.response_class(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
@cached
def sitemap():
    content = get_content()
    urls = []
    for lang in current_app.config["LANGUAGES"]:
        urls.append(("public.home", {"lang": lang}, None))
        for endpoint in ("projects", "parks", "spaces", "policies", "desks", "news"):
            urls.append((f"public.{endpoint}", {"lang": lang}, None))
        for (section, slug), bundle in content.bundles.items():
            urls.append((SECTIONS_WITH_PAGES[section], {"lang": lang, "slug": slug},
                         bundle.items["zh"].updated))
    body = render_template("sitemap.xml", urls=urls, languages=current_app.config["LANGUAGES"])
    return current_app.response_class(body, mimetype="application/xml")
