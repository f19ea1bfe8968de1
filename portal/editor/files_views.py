"""An item's photos and attachments in the browser: ``/staff/content/<section>/<slug>/files``.

Why uploads go straight into the bundle folder, unlike text: a revision is a snapshot of text
files in the database, and a photo's bytes have no place there. So an upload accepted by
``uploads.accept`` (sniffed type, limits before decoding, upright, every metadata field stripped,
a safe and unused name) is written into ``content/<section>/<slug>/`` at once, with the same
atomic ``writes.write_bundle`` as a publish, refusing to replace any file. That is safe: a new
file that no text names is published by nothing and shown nowhere (``portal check`` warns only
about files of unknown type, and the editor lets none in); it appears on the site once a
reviewed and published text names it. Each upload and deletion is one audit row
(``content.upload``, ``content.file-delete``).

An item not yet on disk (a new draft, never published) has no folder: an upload is refused until
its text is published, because a folder holding only a photo is a bundle without
``index.zh.md``, which ``portal check`` reports as an error for the whole site.

A file is deleted only while nothing names it: neither the files on disk (front matter, Markdown
body, ``units.csv``) nor the revision in progress (409 with the places otherwise).

Alternative texts: the content models have no alt field, so a photo's alt texts (required in
Chinese and English, checked by ``file_uses.check_alt``) are given back after the upload as the
Markdown to paste into each language's body, ``![说明](name.jpg)``; a photo used as ``cover`` or
in ``photos`` is described on the site by the item's title, which the page says. They are not
stored anywhere else.
"""

import re

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..content.attachments import attachment_type
from ..images import is_photo
from ..media import derived_photo
from ..staff.access import staff_route
from . import file_uses, revisions, uploads, workflow, writes
from .drafts import TEXT_FILES, disk_files, documents, folder_of
from .editing import item_desk, item_or_404
from .publishing import journal_dir

UNITS = "units.csv"
KINDS = ("photo", "attachment")
# The largest upload (an attachment) in a multipart body. The app refuses bodies larger than
# MAX_CONTENT_LENGTH before any view runs; this view's own limit is this attribute (see the
# editor's report: portal/security.py is to honour it, and nginx's client_max_body_size).
UPLOAD_MAX_BODY = max(uploads.MAX_BYTES.values()) + uploads.MB
JUST_UPLOADED = "editor_uploaded"  # session key: what the page after an upload shows once


def kind_of(name):
    if is_photo(name):
        return "photo"
    return "attachment" if attachment_type(name) else "other"


def size_text(size):
    if size >= uploads.MB:
        return f"{size / uploads.MB:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def own_files(section, slug):
    """The bundle's files other than its text (index files, ``units.csv``), by name."""
    folder = folder_of(section, slug)
    if not folder.is_dir():
        return {}
    return {path.name: path for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.startswith(".")
            and path.name not in TEXT_FILES and path.name != UNITS}


def units_text(files, folder):
    if UNITS in files:
        return files[UNITS] or ""
    path = folder / UNITS
    return path.read_bytes().decode("utf-8-sig", "replace") if path.is_file() else ""


def uses(name, files, folder):
    """Where ``name`` is used in the text ``files`` (and the table): ``file_uses.in_use``'s places,
    plus the name of a text file that cannot be parsed and merely mentions it (it may use it)."""
    docs, broken = documents(files)
    places = file_uses.in_use(name, [doc.data for doc in docs.values()],
                            [doc.body for doc in docs.values()], units_text(files, folder))
    return places + [file for file in broken if name in (files.get(file) or "")]


def where_used(item, name):
    """``[(where, place)]``: "site" for the files on disk, "draft" for the revision in progress."""
    folder = folder_of(item.section, item.slug)
    found = [("site", place) for place in uses(name, disk_files(item.section, item.slug), folder)]
    if item.revision is not None:
        found += [("draft", place) for place in uses(name, item.files, folder)]
    return found


def thumbnail(section, slug, name):
    """The published photo's small version, or None (not published, or nothing published yet)."""
    try:
        return derived_photo(section, slug, name)
    except RuntimeError:
        return None


def listing(item):
    rows = []
    for name, path in own_files(item.section, item.slug).items():
        kind = kind_of(name)
        rows.append({"name": name, "size": size_text(path.stat().st_size), "kind": kind,
                     "thumbnail": thumbnail(item.section, item.slug, name) if kind == "photo" else None,
                     "used": where_used(item, name)})
    return rows


def title_of(item):
    zh = documents(item.files)[0].get("zh")
    found = (zh.data.get("title") or zh.data.get("name")) if zh is not None else None
    return str(found) if found else item.slug


def markdown_text(text):
    """``text`` safe inside ``![...]``: brackets and backslashes escaped."""
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def page(item, status=200, refusals=(), typed=None, delete_refused=None):
    uploaded = session.pop(JUST_UPLOADED, None)
    if uploaded and (uploaded.get("section"), uploaded.get("slug")) != (item.section, item.slug):
        uploaded = None
    if uploaded and uploaded["kind"] == "photo":
        uploaded["snippets"] = [("zh", f"![{markdown_text(uploaded['alt_zh'])}]({uploaded['name']})"),
                                ("en", f"![{markdown_text(uploaded['alt_en'])}]({uploaded['name']})")]
    elif uploaded:
        uploaded["snippets"] = [("zh", f"[{uploaded['name']}]({uploaded['name']})")]
    return render_template(
        "staff/editor/files.html", item=item, title=title_of(item), files=listing(item),
        on_disk=folder_of(item.section, item.slug).is_dir(), uploaded=uploaded,
        refusals=refusals, typed=typed or {"kind": "photo"}, delete_refused=delete_refused,
        may_change=change_decision(item).allowed,
        limits={kind: limit // uploads.MB for kind, limit in uploads.MAX_BYTES.items()},
        lang=g.lang,
    ), status


def change_decision(item):
    """Uploads and deletions follow the rule of a save (content.write, desk limits)."""
    return workflow.decide("save", current_user, revisions.history(item.section, item.slug),
                           workflow.steps_for(item.section), item_desk=item_desk(documents(item.files)[0]))


def allowed_or_403(item):
    decision = change_decision(item)
    if not decision.allowed:
        abort(403, description=decision.reason_zh if g.lang == "zh" else decision.reason_en)


@staff_route("/content/<section>/<slug>/files", "content.read")
def files_page(section, slug):
    return page(item_or_404(section, slug))


@staff_route("/content/<section>/<slug>/files", "content.write", methods=("POST",))
def files_upload(section, slug):
    item = item_or_404(section, slug)
    allowed_or_403(item)
    sent = request.files.get("file")
    kind = request.form.get("kind", "photo")
    if kind not in KINDS:
        abort(400)
    typed = {"kind": kind, "alt_zh": (request.form.get("alt_zh") or "").strip(),
             "alt_en": (request.form.get("alt_en") or "").strip()}
    filename = sent.filename if sent is not None else ""
    refusals = [] if filename else [("请选择要上传的文件", "choose a file to upload")]
    if kind == "photo":
        refusals += file_uses.check_alt(typed["alt_zh"], typed["alt_en"], filename)
    if refusals:
        return page(item, 422, refusals, typed)
    folder = folder_of(section, slug)
    if not folder.is_dir():
        return page(item, 409, [(
            "这项内容还没有发布过，服务器上还没有它的文件夹：请先发布文字，再上传照片和附件",
            "this item was never published, so it has no folder on the server yet: publish its text "
            "first, then upload photos and attachments")], typed)
    data = sent.read(uploads.MAX_BYTES[kind] + 1)  # one byte past the limit is enough to refuse
    existing = {path.name for path in folder.iterdir()} | set(item.files)
    try:
        accepted = uploads.accept(data, filename, kind, existing)
        writes.write_bundle(folder, {accepted.name: accepted.data}, expected={accepted.name: None},
                            journal_dir=journal_dir())
    except uploads.Refused as refused:
        return page(item, refused.status, [(refused.zh, refused.en)], typed)
    except writes.Conflict:  # a file of that name appeared meanwhile: nothing was written
        return page(item, 409, [("同名文件刚刚被他人上传，请重新上传", "a file of that name was just added; "
                                 "upload again")], typed)
    audit.record("content.upload", f"{section}/{slug}/{accepted.name}", "ok", {
        "kind": kind, "sent_as": uploads.base_name(filename)[:100], "bytes": len(accepted.data),
        "width": accepted.width, "height": accepted.height})
    session[JUST_UPLOADED] = {"section": section, "slug": slug, "name": accepted.name, "kind": kind,
                              "alt_zh": typed["alt_zh"], "alt_en": typed["alt_en"]}
    return redirect(url_for("staff.files_page", section=section, slug=slug))


files_upload.max_content_length = UPLOAD_MAX_BODY


@staff_route("/content/<section>/<slug>/files/delete", "content.write", methods=("POST",))
def files_delete(section, slug):
    item = item_or_404(section, slug)
    allowed_or_403(item)
    name = request.form.get("name") or ""
    path = own_files(section, slug).get(name)
    if path is None:
        abort(404)
    used = where_used(item, name)
    if used:
        return page(item, 409, delete_refused={"name": name, "used": used})
    try:
        writes.write_bundle(path.parent, {name: None}, expected={name: writes.digest(path)},
                            journal_dir=journal_dir())
    except writes.Conflict:
        abort(409)
    audit.record("content.file-delete", f"{section}/{slug}/{name}", "ok")
    flash(_("%(name)s deleted.", name=name))
    return redirect(url_for("staff.files_page", section=section, slug=slug))
