"""Submit, withdraw, approve, reject and publish a revision (三审三校, every step on record).

Each action is its own route with the permission it needs, and ``workflow.decide`` says whether
this user may take it now; a refused action is 403 with the reason. Submit and approval are
refused (422) while the revision has errors. Publishing writes the revision's files (refused
with 409 if a file changed on disk since) and runs the site's publisher, whose outcome is shown.
"""

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..staff.access import staff_route
from . import revisions, workflow
from .conflicts import Conflict
from .drafts import disk_files, documents
from .editing import check, files_from_form, form_base, item_desk, item_or_404, page
from .publishing import run_publisher, write
from .writes import Conflict as DiskConflict


def decided(action, item, comment=None, found=None):
    """The workflow's decision for ``action`` on ``item`` now; 403 with its reason if refused.
    ``found``: the checks of the text the action is about (default: the item's text now)."""
    history = revisions.history(item.section, item.slug)
    found = found or check(item, item.files)
    docs, _broken = documents(item.files)
    decision = workflow.decide(action, current_user, history, workflow.steps_for(item.section),
                               comment=comment, has_errors=bool(found.errors), item_desk=item_desk(docs),
                               on_site_now=item.exists)
    if not decision.allowed:
        abort(403, description=decision.reason_zh if g.lang == "zh" else decision.reason_en)
    return decision


def comment_of():
    return " ".join((request.form.get("comment") or "").split()) or None


def back(item):
    return redirect(url_for("staff.edit", section=item.section, slug=item.slug))


@staff_route("/content/<section>/<slug>/submit", "content.write", methods=("POST",))
def submit(section, slug):
    item = item_or_404(section, slug)
    files = files_from_form(section, request.form, item.files)
    found = check(item, files)
    if found.errors:
        flash(_("Not submitted: fix the problems marked below first. Your typing is kept in the form."),
              "error")
        return page(item, files, 422, found=found, base=form_base(request.form, item.base))
    base = form_base(request.form, item.base)
    if item.revision is None or item.revision.files != files:  # what was typed is saved first
        if not workflow.decide("save", current_user, revisions.history(section, slug),
                               workflow.steps_for(section), item_desk=item_desk(documents(files)[0])).allowed:
            abort(403)
        revisions.record(section, slug, "save", "draft", files, base, current_user)
        item = item_or_404(section, slug)
    decision = decided("submit", item, found=found)
    revisions.record(section, slug, "submit", decision.next_state, files, base, current_user,
                     comment=comment_of(), step=decision.next_step)
    flash(_("Submitted for review."))
    return back(item)


@staff_route("/content/<section>/<slug>/withdraw", "content.write", methods=("POST",))
def withdraw(section, slug):
    item = item_or_404(section, slug)
    decision = decided("withdraw", item)
    revisions.record(section, slug, "withdraw", decision.next_state, item.files, item.base,
                     current_user, comment=comment_of())
    flash(_("Taken back from review: it is a draft again."))
    return back(item)


@staff_route("/content/<section>/<slug>/review", "content.review", methods=("POST",))
def review(section, slug):
    item = item_or_404(section, slug)
    action = request.form.get("action")
    if action not in ("approve", "reject"):
        abort(400)
    comment = comment_of()
    if action == "reject" and not comment:
        flash(_("Say what to change: a rejection needs a comment for the author."), "error")
        return page(item, item.files, 422)
    found = check(item, item.files)
    if action == "approve" and found.errors:
        flash(_("Not approved: this revision has errors."), "error")
        return page(item, item.files, 422, found=found)
    decision = decided(action, item, comment, found=found)
    revisions.record(section, slug, action, decision.next_state, item.files, item.base, current_user,
                     comment=comment, step=decision.next_step)
    flash(_("Approved.") if action == "approve" else _("Sent back to the author."))
    return back(item)


def publish_item(item, kind, decision, comment=None):
    """Write the item's revision into content/ and publish it; the page to show next."""
    try:
        write(item.section, item.slug, item.files, item.base)
    except DiskConflict:
        clash = Conflict("disk", disk_files(item.section, item.slug))
        return page(item, item.files, 409, conflict=clash)
    outcome = run_publisher(item.section, item.slug)
    revisions.record(item.section, item.slug, kind, "published" if outcome.live else "approved",
                     item.files, item.base, current_user, comment=comment or outcome.said("zh"),
                     step=decision.next_step)
    flash(outcome.said(g.lang), None if outcome.live else "error")
    return back(item)


def checked_or_422(item):
    """The checks of the item's revision, or the page that says it has errors (422)."""
    found = check(item, item.files)
    if found.errors:
        flash(_("Not published: this revision has errors."), "error")
        return found, page(item, item.files, 422, found=found)
    return found, None


@staff_route("/content/<section>/<slug>/publish", "content.publish", methods=("POST",))
def publish(section, slug):
    item = item_or_404(section, slug)
    found, refused = checked_or_422(item)
    if refused:
        return refused
    return publish_item(item, "publish", decided("publish", item, found=found), comment_of())


@staff_route("/content/<section>/<slug>/emergency", "content.emergency", methods=("POST",))
def emergency(section, slug):
    item = item_or_404(section, slug)
    reason = comment_of()
    if not reason:
        flash(_("An emergency publish needs a written reason."), "error")
        return page(item, item.files, 422)
    found, refused = checked_or_422(item)
    if refused:
        return refused
    return publish_item(item, "emergency", decided("emergency_publish", item, reason, found=found), reason)
