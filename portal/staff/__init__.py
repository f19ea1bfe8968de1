"""``/staff/``: the back office, in Chinese and English, behind a login.

Modules: ``roles`` (who may do what), ``access`` (the route decorator and the checks before every
request), ``accounts``, ``passwords`` and ``sessions`` (logins), ``audit`` (the append-only log),
``auth`` (login, logout, password views), ``cli`` (``portal staff``); each area of work has its
own module of views (``inbox``, ``lead``, ``reports``, ...), registered on the one blueprint.
"""

from flask import Blueprint, current_app, g, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import generate_csrf

from .. import cookies, spool
from ..i18n import LANG_COOKIE

bp = Blueprint("staff", __name__, url_prefix="/staff")
STAFF_LANGUAGES = ("zh", "en")
login_manager = LoginManager()


@bp.before_request
def choose_language():
    """The staff member's language: ``?lang=`` once, then the cookie, then the browser. The back
    office is in Chinese and English; the traditional-Chinese site's visitors' choice reads zh."""
    languages = STAFF_LANGUAGES
    chosen = cookies.read(LANG_COOKIE)
    chosen = "zh" if chosen == "zh-hant" else chosen
    g.lang = (chosen if chosen in languages else
              request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LANGUAGE"])


@bp.after_request
def remember_cookie(response):
    return login_manager._update_remember_cookie(response)


@bp.context_processor
def signed_in_user():
    return {"current_user": current_user}


@bp.context_processor
def spooled_inquiries():
    """Inquiries received while the database was down, not yet leads: every page says so."""
    return {"spooled": spool.count(current_app.instance_path)}


@login_manager.user_loader
def load_user(token):
    from .sessions import load

    return load(token)


def init_app(app):
    from .cli import staff_cli

    # Flask-Login would read the session on every response (its remember-me hook) and put
    # ``current_user`` into every template: each public page would be marked ``Vary: Cookie``
    # and the page cache would keep none. Both are the back office's alone.
    login_manager.init_app(app, add_context_processor=False)
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
    login_manager.session_protection = None  # sessions are checked on the server (sessions.py)
    login_manager.login_view = "staff.login"
    app.cli.add_command(staff_cli)
    app.jinja_env.globals["csrf_token"] = generate_csrf  # for forms without a form class


from . import (  # noqa: E402,F401  (routes register on bp)
    access,
    audit_views,
    auth,
    dashboard,
    exports,
    freshness,
    home,
    inbox,
    lead,
    lead_forms,
    menu,
    partner_links,
    privacy,
    reports,
    status_link,
    targets,
    users,
)
