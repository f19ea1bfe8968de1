"""The back office's navigation, filtered by what the signed-in role may open."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from . import bp
from .access import permission_of
from .roles import ROLES, allows_user

MENU = [
    ("staff.inbox", _l("Leads")),
    ("staff.content_index", _l("Content")),
    ("staff.dashboard", _l("Dashboard")),
    ("staff.monthly_report", _l("Monthly report")),
    ("staff.freshness", _l("Site freshness")),
    ("staff.targets", _l("Targets")),
    ("staff.partner_links", _l("Partner links")),
    ("staff.users", _l("Users")),
    ("staff.privacy", _l("Personal data requests")),
    ("staff.audit_log", _l("Audit log")),
]


def staff_menu():
    views = current_app.view_functions
    return [(endpoint, text) for endpoint, text in MENU
            if endpoint in views and allows_user(current_user, permission_of(endpoint))]


@bp.app_context_processor
def staff_globals():
    return {"staff_menu": staff_menu, "role_label": lambda role: ROLES.get(role, role)}
