"""The status page (GET) and the rating it asks for once the desk has answered (POST → 303)."""

from flask import abort, g, redirect, render_template, url_for

from ..content import get_content
from ..db import engine, transaction
from . import bp
from .feedback import QUESTIONS, SCALE, FeedbackForm, save
from .progress import asked_about, find


def live(connection, token):
    progress = find(connection, token)
    if progress is None:
        abort(404)  # unknown, malformed, revoked or erased: one answer for all
    return progress


def page(progress, form=None, status=200):
    content = get_content()
    desk = content.get("desks", progress.desk, g.lang)
    if form is None and progress.answered and not progress.rated:
        form = FeedbackForm()
    return render_template("status/progress.html", progress=progress, desk=desk, form=form,
                           asked=asked_about(content, progress.item, g.lang),
                           questions=QUESTIONS, scale=SCALE), status


@bp.get("/<token>/")
def progress(token):
    with engine().connect() as connection:
        found = live(connection, token)
    return page(found)


@bp.post("/<token>/")
def rate(token):
    form = FeedbackForm()
    with transaction() as connection:
        found = live(connection, token)
        if not found.answered:
            abort(404)  # nothing to rate yet: the form is not offered
        if found.rated:
            return redirect(url_for("status.progress", token=token), 303)
        if not form.validate_on_submit():
            return page(found, form, 400)
        save(connection, found, form)
    return redirect(url_for("status.progress", token=token), 303)
