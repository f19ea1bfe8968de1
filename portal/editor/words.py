"""The editor's words for states and steps, and the template helpers of its pages."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..staff import bp
from ..staff.roles import allows_user

STATES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted for review"),
    "approved": _l("Approved"),
    "rejected": _l("Sent back to the author"),
    "published": _l("Published"),
    "unpublished": _l("Taken off the site"),
    "not-online": _l("Not on the site"),
}
KINDS = {
    "save": _l("Saved"),
    "submit": _l("Submitted"),
    "withdraw": _l("Taken back"),
    "approve": _l("Approved"),
    "reject": _l("Sent back"),
    "publish": _l("Published"),
    "emergency": _l("Emergency publish"),
    "restore": _l("Restored"),
    "schedule": _l("Scheduled"),
    "unpublish": _l("Taken off the site"),
    "republish": _l("Put back on the site"),
}


WAITING = {"edit": _l("to edit"), "approve": _l("to review"), "publish": _l("to publish")}


def state_label(state, step=0):
    if state == "approved" and step:
        return _l("Approved (%(num)d step(s))", num=step)
    return STATES.get(state, state)


def kind_label(kind):
    return KINDS.get(kind, kind)


def is_allowed(permission):
    """``{% if "content.write" is allowed %}``: whether the signed-in staff member may."""
    return current_user.is_authenticated and allows_user(current_user, permission)


@bp.app_context_processor
def editor_words():
    return {"state_label": state_label, "kind_label": kind_label, "waiting_label": WAITING.get}


@bp.record_once
def register_test(state):
    state.app.jinja_env.tests["allowed"] = is_allowed
