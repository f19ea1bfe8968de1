"""Roles and what each may do (least privilege; admin, auditor and desk roles kept apart).

A view declares the one permission it needs (see ``access.staff_route``); reading may need less
than changing. Desk staff's lead permissions are limited to their own desk's leads by the lead
views themselves (``scope``).
"""

from flask_babel import lazy_gettext as _l

ADMIN, DESK, LEADER, AUDITOR, VIEWER = "admin", "desk", "leader", "auditor", "viewer"
ROLES = {
    ADMIN: _l("Administrator (users and settings)"),
    DESK: _l("Desk staff (their desk's leads)"),
    LEADER: _l("Leader (all leads, read and assign)"),
    AUDITOR: _l("Auditor (the audit log only)"),
    VIEWER: _l("Viewer (reports only)"),
}

# Permissions. "leads.read"/"leads.work" are scoped to the user's desk for desk staff.
SIGNED_IN = "signed-in"  # any active account: its own password, logout
PERMISSIONS = {
    ADMIN: {SIGNED_IN, "users.manage", "settings.edit", "privacy.requests", "partners.manage"},
    DESK: {SIGNED_IN, "leads.read", "leads.work", "leads.export", "contacts.own-desk", "reports.read"},
    LEADER: {SIGNED_IN, "leads.read", "leads.read-all", "leads.assign", "leads.export",
             "contacts.all", "reports.read"},
    AUDITOR: {SIGNED_IN, "audit.read"},
    VIEWER: {SIGNED_IN, "reports.read"},
}
# Where each role starts after login (an endpoint it may open).
START = {ADMIN: "staff.users", DESK: "staff.inbox", LEADER: "staff.inbox", AUDITOR: "staff.audit_log",
         VIEWER: "staff.dashboard"}


def allows(role, permission):
    return permission in PERMISSIONS.get(role, ())
