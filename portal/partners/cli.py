"""``portal partners link SLUG``: issue a partner's private credit link and print its URL (for IT,
who sends it to the partner); the back office does the same at /staff/partner-links/."""

import click
from flask import current_app, url_for

from .. import audit
from ..content.partners import partner
from ..db import transaction
from . import bp
from .links import issue

WILDCARDS = {"", "0.0.0.0", "::", "[::]"}


def site_root(config):
    """``(root, configured)``: ``PORTAL_SITE_URL`` (the public root, its path prefix included)
    and True; without it, the address ``portal serve`` listens on (``PORTAL_HOST``,
    ``PORTAL_PORT``) and False."""
    site = (config.get("SITE_URL") or "").rstrip("/")
    if site:
        return site, True
    host = str(config.get("HOST") or "127.0.0.1")
    host = "127.0.0.1" if host in WILDCARDS else host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{config.get('PORT') or 8000}", False


def credit_url(token, lang):
    """The absolute address of a credit link (``PORTAL_SITE_URL``, else this request's root)."""
    return url_for("partners.credit.page", lang=lang, token=token, _external=True)


@bp.cli.command("link")
@click.argument("slug")
@click.option("--lang", default=None, help="Language of the page the link opens (default: the site's).")
def link(slug, lang):
    """Issue a new private credit link for partner SLUG and print its URL (shown only this once)."""
    lang = lang or current_app.config["DEFAULT_LANGUAGE"]
    if lang not in current_app.config["LANGUAGES"]:
        raise click.BadParameter(f"one of {', '.join(current_app.config['LANGUAGES'])}", param_hint="--lang")
    site, configured = site_root(current_app.config)
    with current_app.test_request_context(base_url=site):
        if partner(slug, lang) is None:
            raise click.ClickException(f"{slug} is not a partner desk (a chamber of commerce or a "
                                       "resident office) in the published content")
        with transaction() as connection:
            link_id, token = issue(connection, slug)
            audit.record("partner.link-issued", slug, connection=connection,
                         detail={"link": link_id, "via": "command line"})
        click.echo(credit_url(token, lang))
    if not configured:
        click.echo(f"Warning: PORTAL_SITE_URL is not set, so this link starts with {site}, where "
                   "`portal serve` listens on this machine; a partner elsewhere cannot open it. Set "
                   "PORTAL_SITE_URL to the site's public address, with its path prefix (e.g. "
                   "https://www.qinglan.gov.cn/zsj), issue a new link, and revoke this one at "
                   "/staff/partner-links/.", err=True)
