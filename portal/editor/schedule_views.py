"""Scheduling a publish or an unpublish, taking an item off the site now and putting it back.

``/staff/content/<section>/<slug>/schedule``, ``/unpublish`` and ``/republish`` (publishers),
and ``/staff/content/scheduled``: what is scheduled, with an "overdue" mark past 15 minutes, and
the items taken off the site, each with its "put back" button (an unpublished item has no
folder in content/, so this page is where the undo is found). Times are typed and shown in
China time and stored in UTC. ``workflow.decide`` says who may do what, as for every action.
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content.models import SECTIONS
from ..db import utcnow
from ..staff import bp
from ..staff.access import staff_route
from . import revisions, schedule, workflow
from .drafts import disk_digests, disk_files, documents, folder_of
from .editing import item_or_404
from .reviewing import comment_of, decided


def known(section, slug):
    """A real section and a folder name as slugs are made (never ``..``: folders are moved)."""
    return section in SECTIONS and schedule.SLUG.fullmatch(slug) is not None


def said(outcome):
    return outcome.said(g.lang)


def moment_or_none():
    """The China time typed in ``at``, in UTC; None (with a message) if it is not one."""
    try:
        return schedule.china_moment(request.form.get("at", ""))
    except ValueError:
        flash(_("Type the date and time as 2026-12-08 09:00 (China time)."), "error")
        return None


@staff_route("/content/<section>/<slug>/schedule", "content.publish", methods=("POST",))
def schedule_item(section, slug):
    """Schedule the approved revision's publish (``what=publish``) or the item's unpublish."""
    item = item_or_404(section, slug)
    what = request.form.get("what")
    if what not in ("publish", "unpublish"):
        abort(400)
    at = moment_or_none()
    if at is None:
        return redirect(url_for("staff.edit", section=section, slug=slug))
    if what == "publish":
        decision = decided("schedule_publish", item)
        revisions.record(section, slug, "schedule", decision.next_state, item.files, item.base, current_user,
                         comment=comment_of(), step=decision.next_step, publish_at=at)
    else:
        decision = decided("schedule_unpublish", item)
        revisions.record(section, slug, "schedule", decision.next_state, disk_files(section, slug),
                         disk_digests(section, slug), current_user, comment=comment_of(), unpublish_at=at)
    when = schedule.local_input(at).replace("T", " ")
    if at <= utcnow():
        flash(_("The time has passed: it will be done at the next run, within 5 minutes."))
    flash(_("Scheduled for %(when)s (China time).", when=when))
    return redirect(url_for("staff.edit", section=section, slug=slug))


@staff_route("/content/<section>/<slug>/unpublish", "content.publish", methods=("POST",))
def unpublish(section, slug):
    """Take the item off the site now; its folder is kept, and "put back" undoes this."""
    if not known(section, slug):
        abort(404)
    item = item_or_404(section, slug)
    decided("unpublish", item)
    if not folder_of(section, slug).is_dir():
        abort(409)
    outcome = schedule.unpublish_now(section, slug, current_user, comment_of())
    flash(_("Taken off the site. It can be put back from this page."))
    if outcome.problems:
        flash(said(outcome), "error")
    return redirect(url_for("staff.scheduled"))


@staff_route("/content/<section>/<slug>/republish", "content.publish", methods=("POST",))
def republish(section, slug):
    """Put an unpublished item back on the site (its parked folder back into content/)."""
    if not known(section, slug):
        abort(404)
    if not (schedule.is_parked(section, slug) or folder_of(section, slug).is_dir()):
        abort(404)
    history = revisions.history(section, slug)
    decision = workflow.decide("republish", current_user, history, workflow.steps_for(section),
                               on_site_now=not schedule.is_parked(section, slug))
    if not decision.allowed:
        abort(403, description=decision.reason_zh if g.lang == "zh" else decision.reason_en)
    try:
        outcome = schedule.republish_now(section, slug, current_user, comment_of())
    except schedule.Occupied:
        flash(_("Not put back: a folder of that name is in the content folder again."), "error")
        return redirect(url_for("staff.scheduled"))
    flash(said(outcome), None if outcome.live else "error")
    return redirect(url_for("staff.edit", section=section, slug=slug))


@staff_route("/content/scheduled", "content.read")
def scheduled():
    """What is scheduled (overdue marked), what failed lately, and what is off the site."""
    now = utcnow()
    return render_template("staff/editor/scheduled.html", pending=schedule.pending(now),
                           parked=schedule.parked_items(), failures=schedule.recent_failures(now),
                           overdue_after=int(schedule.OVERDUE_AFTER.total_seconds() // 60))


@bp.record_once
def register_helpers(state):
    """A global, not a context processor: the panel is a macro, imported without the context."""
    state.app.jinja_env.globals["schedule_facts"] = schedule_facts


def schedule_facts(item):
    """What the item page's schedule panel shows: the pending actions of the item, whether it is
    parked, and the unpublish time to offer (a policy's: the day after its end)."""
    docs, _broken = documents(disk_files(item.section, item.slug))
    zh = docs.get("zh")
    default = schedule.default_unpublish(item.section, zh.data if zh else None)
    return {"pending": schedule.pending_for_item(item.section, item.slug),
            "parked": schedule.is_parked(item.section, item.slug),
            "unpublish_default": schedule.local_input(default)}
