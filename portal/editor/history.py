"""An item's revisions: the list, what changed between two, restoring an old one as a new draft
(newer history is never deleted), and the printable review sheet (审核表) of a published one."""

import difflib

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..staff.access import staff_route
from . import revisions, workflow
from .conflicts import differences
from .editing import item_or_404


def revision_or_404(section, slug, number):
    found = next((r for r in revisions.history(section, slug) if r.number == number), None)
    if found is None:
        abort(404)
    return found


@staff_route("/content/<section>/<slug>/history", "content.read")
def history(section, slug):
    item = item_or_404(section, slug)
    return render_template("staff/editor/history.html", item=item,
                           history=list(reversed(revisions.history(section, slug))))


def body_diff(old, new):
    """The body's changed lines, as ``[(mark, line)]`` with mark ``+``, ``-`` or `` ``."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    return [(line[:1], line[1:]) for line in list(lines)[2:] if not line.startswith("@@")]


@staff_route("/content/<section>/<slug>/compare", "content.read")
def compare(section, slug):
    item = item_or_404(section, slug)
    try:
        a, b = int(request.args.get("a", "")), int(request.args.get("b", ""))
    except ValueError:
        abort(400)
    old, new = revision_or_404(section, slug, a), revision_or_404(section, slug, b)
    rows = differences(old.files, new.files)
    return render_template("staff/editor/compare.html", item=item, old=old, new=new,
                           fields=[r for r in rows if r[1] != "body"],
                           bodies=[(lang, body_diff(x or "", y or "")) for lang, f, x, y in rows
                                   if f == "body"])


@staff_route("/content/<section>/<slug>/restore/<int:number>", "content.write", methods=("POST",))
def restore(section, slug, number):
    item = item_or_404(section, slug)
    old = revision_or_404(section, slug, number)
    decision = workflow.decide("restore", current_user, revisions.history(section, slug),
                               workflow.steps_for(section))
    if not decision.allowed:
        abort(403)
    new = revisions.record(section, slug, "restore", "draft", dict(old.files), item.base, current_user,
                           comment=_("Restored from revision %(num)d", num=number))
    flash(_("Revision %(old)d opened as a new draft (revision %(new)d). Nothing newer was deleted.",
            old=number, new=new))
    return redirect(url_for("staff.edit", section=section, slug=slug))


@staff_route("/content/<section>/<slug>/sheet/<int:number>", "content.read")
def review_sheet(section, slug, number):
    """审核表: who wrote the published revision, who approved each step with their opinion and
    when, and when it was published; printable."""
    item = item_or_404(section, slug)
    published = revision_or_404(section, slug, number)
    chain = revisions.chain(section, slug, number)
    return render_template("staff/editor/sheet.html", item=item, published=published, chain=chain,
                           steps=workflow.step_names(workflow.steps_for(section)))
