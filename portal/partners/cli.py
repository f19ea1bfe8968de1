"""``portal partners link SLUG``: issue a partner's private credit link and print its URL (for IT,
who sends it to the partner); the back office does the same at /staff/partner-links/."""

import click
from flask import current_app, url_for

from ..db import transaction
from ..staff import audit
from . import bp, partner
from .links import issue


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
    site = current_app.config.get("SITE_URL", "").rstrip("/") or "http://127.0.0.1:8000"
    with current_app.test_request_context(base_url=site):
        if partner(slug, lang) is None:
            raise click.ClickException(f"{slug} is not a partner desk (a chamber of commerce or a "
                                       "resident office) in the published content")
        with transaction() as connection:
            link_id, token = issue(connection, slug)
            audit.record("partner.link-issued", slug, connection=connection,
                         detail={"link": link_id, "via": "command line"})
        click.echo(credit_url(token, lang))
