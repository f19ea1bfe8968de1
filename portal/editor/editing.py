"""Opening, saving and previewing an item: ``/staff/content/<section>/<slug>/``.

"Save draft" always succeeds and never loses typing, errors and all: the draft is a revision in
the database, and the files in ``content/`` are not touched until a publisher publishes. A save
over files that changed on disk since the form was opened (another editor's publish, a hand
edit, a ``git pull``) is refused with 409 and both versions, field by field; keeping one's own is
a second, recorded click.
"""

import json

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content import get_content
from ..content.models import SECTIONS
from ..staff.access import staff_route
from . import candidate, forms, presence, revisions, workflow
from .conflicts import conflicts_with, differences
from .documents import bundle_files
from .drafts import TEXT_FILES, content_root, disk_digests, disk_files, documents, working
from .fields import fields_of, grouped, walk
from .labels import GROUP_LABELS
from .preview import previews
from .translations import stale

CHOSEN = ("select", "multiselect", "reference", "references")


def item_or_404(section, slug):
    found = working(section, slug)
    if found is None:
        abort(404)
    return found


def live_content():
    try:
        return get_content()
    except RuntimeError:  # nothing published yet
        return None


def files_from_form(section, form, before):
    """The candidate files the submitted form stands for: ``{name: text or None}``. A file that
    could not be parsed comes back as the text typed for it; the fields of a file that the form
    has no input for (a mistyped name in a hand edit) are kept, so the check still names them;
    the revision's other files (a park's ``units.csv``, edited on its own page) are carried over."""
    kept = {name: text for name, text in before.items() if name not in TEXT_FILES}
    if any(key.startswith("file.") for key in form):
        return {**kept, **{name: (form.get(f"file.{name}") or None) if f"file.{name}" in form
                           else before.get(name) for name in TEXT_FILES}}
    docs = forms.documents(section, form)
    old_docs, _broken = documents(before)
    for lang, keys in forms.leftovers(section, old_docs).items():
        if lang in docs:
            docs[lang].data.update({key: old_docs[lang].data[key] for key in keys})
    order = [spec.name for spec in fields_of(SECTIONS[section])]
    written = bundle_files(docs, order, originals={n: t for n, t in before.items() if t})
    return {**kept, **{name: written.get(name) for name in TEXT_FILES if name in written or before.get(name)}}


def form_base(form, fallback):
    """The digests of the files on disk when the form was opened (its hidden ``base``)."""
    try:
        base = json.loads(form.get("base") or "null")
    except ValueError:
        abort(400)
    return base if isinstance(base, dict) else fallback


def check(item, files):
    return candidate.check(content_root(), item.section, item.slug, files, live_content())


def page(item, files, status=200, found=None, conflict=None, base=None):
    """The edit page for ``files`` of ``item``, with the checks' findings at their inputs."""
    docs, broken = documents(files)
    found = found or check(item, files)
    model = SECTIONS[item.section]
    specs = fields_of(model)
    history = revisions.history(item.section, item.slug)
    steps = workflow.steps_for(item.section)
    live = live_content()  # on the site now: the published content, not the candidate
    facts = {"has_errors": bool(found.errors), "item_desk": item_desk(docs),
             "on_site_now": live is not None and live.get(item.section, item.slug, "zh") is not None}
    published, _ = documents(disk_files(item.section, item.slug)) if item.exists else ({}, {})
    notes = {name: [*found.by_input.get(name, ()), *flags]
             for name, flags in stale(item.section, item.slug, docs, published, specs).items()}
    return render_template(
        "staff/editor/edit.html", item=item, groups=grouped(specs), group_labels=GROUP_LABELS,
        values=forms.inputs(item.section, docs), broken=broken, files=files, found=found,
        by_input={**found.by_input, **notes},
        choices={spec.path: forms.choices_for(spec, found.content) for spec in walk(specs)
                 if spec.kind in CHOSEN},
        conflict=conflict, conflict_rows=differences(conflict.theirs, files) if conflict else (),
        history=history, base=json.dumps(base if base is not None else item.base),
        actions=workflow.available(current_user, history, steps, **facts),
    ), status


def item_desk(docs):
    """The desk the item belongs to (its ``desk`` field), for desk-limited authors."""
    zh = docs.get("zh")
    return zh.data.get("desk") if zh is not None else None


@staff_route("/content/<section>/<slug>/", "content.read")
def edit(section, slug):
    item = item_or_404(section, slug)
    g.others_editing = presence.opened(section, slug, current_user.name)
    return page(item, item.files)


@staff_route("/content/<section>/<slug>/save", "content.write", methods=("POST",))
def save(section, slug):
    item = item_or_404(section, slug)
    files = files_from_form(section, request.form, item.files)
    decision = workflow.decide("save", current_user, revisions.history(section, slug),
                               workflow.steps_for(section), item_desk=item_desk(documents(files)[0]))
    if not decision.allowed:
        abort(403)
    base = form_base(request.form, item.base)
    clash = conflicts_with(item, base, disk_digests(section, slug), request.form.get("revision"))
    if clash and request.form.get("keep") != "mine":
        return page(item, files, 409, conflict=clash, base=base)
    kind = "save"
    comment = _("Kept my version over the files changed on disk") if clash else None
    number = revisions.record(section, slug, kind, "draft", files, disk_digests(section, slug)
                              if clash else base, current_user, comment=comment)
    found = check(item, files)
    if found.errors:
        flash(_("Draft saved (revision %(num)d). It has problems to fix before it can be submitted.",
                num=number), "error")
    else:
        flash(_("Draft saved (revision %(num)d).", num=number))
    return redirect(url_for("staff.edit", section=section, slug=slug))


@staff_route("/content/<section>/<slug>/preview", "content.read", methods=("POST",))
def preview(section, slug):
    item = item_or_404(section, slug)
    files = files_from_form(section, request.form, item.files)
    found = check(item, files)
    shown = previews(found.content, section, slug) if found.content.get(section, slug, "zh") else []
    return render_template("staff/editor/preview.html", item=item, found=found, shown=shown,
                           lang=g.lang)
