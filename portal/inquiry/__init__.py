"""The inquiry form and the partner credit (``?ref=``) that leads carry.

Any URL may carry ``?ref=<partner>``: the partner is remembered in a cookie for 30 days and
stored on the lead. The cookie is added per response after the view, so it never enters the
page cache, which keeps bodies only.
"""

import re

from flask import Blueprint, request

from .. import cookies
from ..i18n import language_prefixed
from ..leads.cli import leads_cli
from .spool_import import import_spool, import_spool_command
from .spooling import SPOOL_MAX

bp = Blueprint("inquiry", __name__, url_prefix="/<lang>/inquiry")
language_prefixed(bp)
REF_COOKIE = cookies.REF
REF_DAYS = 30
REF_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def valid_ref(value):
    return value if isinstance(value, str) and REF_PATTERN.fullmatch(value) else None


def partner_ref(value=None):
    """The partner to credit: ``value`` (the form's), else this URL's ``?ref=``, else the cookie."""
    return valid_ref(value) or valid_ref(request.args.get("ref")) or valid_ref(cookies.read(REF_COOKIE))


@bp.after_app_request
def remember_partner(response):
    ref = valid_ref(request.args.get("ref"))
    if ref and response.status_code < 400:
        cookies.remember(response, REF_COOKIE, ref, days=REF_DAYS)
        response.cache_control.public = False  # a shared cache must not hand this cookie out
        response.cache_control.private = True
    return response


def init_app(app):
    from .guard import limits_backend

    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 24 * 3600)  # the form may stay open a while
    app.extensions["inquiry_limits"] = limits_backend(app)
    app.config.setdefault("INQUIRY_SPOOL_MAX", SPOOL_MAX)  # inquiries kept while the database is down
    leads_cli.add_command(import_spool_command)  # portal leads import-spool
    app.extensions.setdefault("outbox_rounds", []).append(import_spool)  # each round imports the spool


from . import views  # noqa: E402,F401  (routes register on bp)
