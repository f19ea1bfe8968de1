"""The portal's small cookies besides the session (language, reading modes, partner credit): names
of the portal's own and ``Path`` the mount, as the session cookie's (``portal_session``, see
``security``), so that another application on the county's host, at ``/`` or ``/oa/``, neither
reads nor overwrites them. HttpOnly and SameSite=Lax; Secure as the site's address says."""

from flask import current_app, request

LANG, DISPLAY, REF = "portal_lang", "portal_display", "portal_ref"
# Their names before issue 20. Still read at the host's root, so that a visitor's language and
# large text survive the rename; never under a prefix, where that name may be another application's.
FORMER = {LANG: "lang", DISPLAY: "display", REF: "ref"}


def read(name):
    """The value of the portal's cookie ``name`` in this request, or None."""
    value = request.cookies.get(name)
    if value is None and not request.script_root:
        value = request.cookies.get(FORMER[name])
    return value


def options():
    return {"path": request.script_root or "/", "samesite": "Lax", "httponly": True,
            "secure": current_app.config["SESSION_COOKIE_SECURE"]}


def remember(response, name, value, days):
    response.set_cookie(name, value, max_age=days * 86400, **options())


def forget(response, name):
    response.delete_cookie(name, **options())
    if not request.script_root:
        response.delete_cookie(FORMER[name], **options())
