"""The app factory: ``create_app()`` reads top to bottom, one step per floor of the house."""

from pathlib import Path

from flask import Flask

from . import (
    db,
    doctor,
    editor,  # noqa: F401  (its views register on the back office's blueprint)
    errors,
    formatting,
    i18n,
    inquiry,
    media,
    outbox,
    pagecache,
    proxies,
    publish,
    search,
    security,
    staff,
)
from .config import (
    DEFAULTS,
    ROOT,
    check_production,
    from_environment,
    load_secret_key,
    secure_cookies,
)
from .editor import cli as editor_commands
from .inquiry import bp as inquiry_bp
from .leads import cli as lead_commands
from .partners import bp as partners_bp
from .public import bp as public_bp
from .root import bp as root_bp
from .search.views import bp as search_bp
from .staff import bp as staff_bp
from .status import bp as status_bp
from .syndication import bp as syndication_bp
from .syndication import crawlers as crawlers_bp


def create_app(test_config=None):
    """Build the app: defaults, ``PORTAL_*`` environment, then ``test_config`` on top."""
    overrides = {**from_environment(), **(test_config or {})}
    instance = overrides.get("INSTANCE_DIR")
    app = Flask(
        __name__,
        instance_path=str(Path(instance or ROOT / "instance").resolve()),
        static_folder=str(ROOT / "static"),
        template_folder="templates",
    )
    # Configuration: embedded defaults < environment < test overlay.
    app.config.from_mapping(DEFAULTS)
    app.config.update(overrides)
    check_production(app.config)
    app.config["CONTENT_DIR"] = str(Path(app.config["CONTENT_DIR"]).resolve())
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    # Cookies: Secure as the site's address says; a name of the portal's own, so that another
    # application on the county's host does not overwrite it (its Path is the mount: security).
    app.config["SESSION_COOKIE_SECURE"] = overrides.get("SESSION_COOKIE_SECURE", secure_cookies(app.config))
    app.config.update(SESSION_COOKIE_NAME="portal_session", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")

    # Extensions and cross-cutting behaviour.
    security.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    errors.init_app(app)
    pagecache.init_app(app)  # a WSGI layer that serves kept pages without entering Flask

    # Search (jieba's dictionary cache set up before anything is published and indexed).
    search.init_app(app)

    # Content: the live published generation, read once, served from memory.
    publish.init_app(app)
    media.init_app(app)

    # Leads: the database (migrated on first use), the form's rate limits, the mail outbox.
    db.init_app(app)
    inquiry.init_app(app)
    outbox.init_app(app)
    lead_commands.init_app(app)  # portal leads purge
    editor_commands.init_app(app)  # portal publish-due
    staff.init_app(app)  # the back office: logins, roles, audit log
    doctor.init_app(app)  # portal doctor: is this deployment ready?

    # Blueprints.
    app.register_blueprint(root_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(inquiry_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(status_bp)
    app.register_blueprint(crawlers_bp)  # sitemap.xml, robots.txt
    app.register_blueprint(syndication_bp)  # /<lang>/feed.xml, /<lang>/data/
    app.register_blueprint(partners_bp)

    # Behind nginx: trust exactly PROXY_COUNT proxies for client address, scheme and host; the
    # prefix is the site URL's. Outermost, so that the page cache and Flask see the rewritten environ.
    proxies.init_app(app)
    return app
