"""``/staff/``: each role starts where its work is."""

from flask import redirect, url_for
from flask_login import current_user

from .access import staff_route
from .roles import SIGNED_IN, START, VIEWER, allows_user


@staff_route("/", SIGNED_IN)
def home():
    if current_user.role == VIEWER and allows_user(current_user, "content.read"):
        return redirect(url_for("staff.content_index"))  # an editor first: their work is content
    return redirect(url_for(START[current_user.role]))
