"""Roles and what each may do (least privilege; admin, auditor and desk roles kept apart).

A view declares the one permission it needs (see ``access.staff_route``); reading may need less
than changing. Desk staff's lead permissions are limited to their own desk's leads by the lead
views themselves (``scope``).

Besides the one main role, an account may hold any set of content roles (the editor's, issue 19):
a desk officer who also writes for the site is desk staff and an author. Keeping them separate
from the main role is what lets 三审 work in a small bureau: whoever writes, reviews or publishes
is named per person, and the workflow (``portal.editor.workflow``) keeps one person from holding
two steps of the same text.
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
    # Of the content, an administrator holds what no content role does: publishing in an emergency
    # (with a written reason), purging an unpublished item, renaming a published folder. Writing,
    # reviewing and publishing need the content roles below, even for an administrator.
    ADMIN: {SIGNED_IN, "users.manage", "settings.edit", "privacy.requests", "partners.manage",
            "content.read", "content.emergency", "content.purge", "content.rename"},
    DESK: {SIGNED_IN, "leads.read", "leads.work", "leads.export", "contacts.own-desk", "reports.read"},
    LEADER: {SIGNED_IN, "leads.read", "leads.read-all", "leads.assign", "leads.export",
             "contacts.all", "reports.read"},
    AUDITOR: {SIGNED_IN, "audit.read"},
    VIEWER: {SIGNED_IN, "reports.read"},
}
# Where each role starts after login (an endpoint it may open).
START = {ADMIN: "staff.users", DESK: "staff.inbox", LEADER: "staff.inbox", AUDITOR: "staff.audit_log",
         VIEWER: "staff.dashboard"}


AUTHOR, REVIEWER, PUBLISHER = "author", "reviewer", "publisher"
CONTENT_ROLES = {
    AUTHOR: _l("Author (drafts and edits content)"),
    REVIEWER: _l("Reviewer (reviews content before it is published)"),
    PUBLISHER: _l("Publisher (publishes reviewed content)"),
}
CONTENT_PERMISSIONS = {
    AUTHOR: {"content.read", "content.write"},
    REVIEWER: {"content.read", "content.review"},
    PUBLISHER: {"content.read", "content.publish"},
}


def allows(role, permission):
    return permission in PERMISSIONS.get(role, ())


def allows_user(user, permission):
    """True if ``user``'s main role or any of its content roles grants ``permission``."""
    return allows(user.role, permission) or any(
        permission in CONTENT_PERMISSIONS.get(role, ()) for role in user.content_roles)


def may_edit(user, item_desk):
    """True if ``user`` may write the item: an author, and one with a desk (desk staff) only
    their own desk's items (``item_desk``: the desk an item belongs to, None if none)."""
    return allows_user(user, "content.write") and (not user.desk or user.desk == item_desk)
