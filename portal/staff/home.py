"""``/staff/``: each role starts where its work is."""

from flask import redirect, url_for
from flask_login import current_user

from .access import staff_route
from .roles import SIGNED_IN, START


@staff_route("/", SIGNED_IN)
def home():
    return redirect(url_for(START[current_user.role]))
