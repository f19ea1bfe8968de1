"""A park's ``units.csv`` as a grid in the browser: ``/staff/content/parks/<slug>/units``.

The grid goes through the same record as the rest of the editor: "Save draft" records a revision
(kind ``save``, state ``draft``) whose files are the item's text files in progress plus
``units.csv``, so review, history and publish treat the table like any other file of the bundle,
and ``content/`` is written only when a publisher publishes (``reviewing.publish_item`` writes
the revision's files, ``units.csv`` among them). The revision's ``base`` names the digest
``units.csv`` had on disk when the grid was opened, so a publish over a table changed on disk
meanwhile is refused like a changed ``index.zh.md``.

The grid is opened from the revision in progress if it holds ``units.csv``, else from the file on
disk. Adding, duplicating and deleting rows post the whole grid back and re-render it (no
JavaScript needed); nothing is saved until "Save draft". An import (``.xlsx``, CSV in UTF-8 or
GB18030) is a dry run: its rows are shown in the grid with their problems and what they change
(rows added, changed, removed, matched by unit id), and only a save after that replaces the table.
"""

import json
from pathlib import PurePosixPath

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content.units import decode
from ..staff.access import staff_route
from . import revisions, units_files, units_grid, workflow, writes
from .conflicts import conflicts_with
from .drafts import disk_digests, documents, folder_of
from .editing import check, form_base, item_desk, item_or_404

SECTION = "parks"
UNITS = "units.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An import is a file of up to units_files.MAX_IMPORT_BYTES in a multipart body. The app refuses
# larger bodies than MAX_CONTENT_LENGTH before any view runs; a view's own larger limit is this
# attribute (see the editor's report: portal/security.py is to honour it).
IMPORT_MAX_BODY = units_files.MAX_IMPORT_BYTES + 256 * 1024


def park_or_404(slug):
    return item_or_404(SECTION, slug)


def source(item):
    """``(csv text, raw bytes or None)`` of the table the grid opens: the revision's
    ``units.csv`` if the revision in progress holds one, else the file on disk (None: no file)."""
    if item.revision is not None and UNITS in item.files:
        text = item.files[UNITS] or ""
        return text, (text.encode("utf-8") if text else None)
    path = folder_of(SECTION, item.slug) / UNITS
    if not path.is_file():
        return "", None
    raw = path.read_bytes()
    try:
        return decode(raw), raw
    except UnicodeDecodeError:  # shown with replacement marks; the checks name the encoding
        return raw.decode("gb18030", "replace"), raw


def opened(item):
    """``(header, rows, raw)`` of the table as the grid opens it."""
    text, raw = source(item)
    header, rows = units_grid.rows_from_csv(text)
    return header, rows, raw


def base_of(item):
    """The digests the item's work is based on, ``units.csv``'s included: the revision's own,
    or (a revision saved before the table was edited, or the files on disk) the file's now."""
    base = dict(item.base or {})
    if UNITS not in base:
        base[UNITS] = writes.digest(folder_of(SECTION, item.slug) / UNITS)
    return base


def digests_now(slug):
    return {**disk_digests(SECTION, slug), UNITS: writes.digest(folder_of(SECTION, slug) / UNITS)}


def taxonomy_of(item):
    """The vocabularies of the content the item is checked against (the working copy's
    ``taxonomy.yaml``), as ``read_units`` takes them."""
    return check(item, item.files).content.taxonomy.as_context()


def save_decision(item):
    """The workflow's answer to "may this user save a draft of the park now" (desk limits)."""
    return workflow.decide("save", current_user, revisions.history(SECTION, item.slug),
                           workflow.steps_for(SECTION), item_desk=item_desk(documents(item.files)[0]))


def cells(row):
    return {key: str(value).strip() for key, value in row.items() if str(value).strip()}


def differences(before, after):
    """``{"added", "changed", "removed"}``: what replacing rows ``before`` by ``after`` does,
    rows matched by their unit id (a row without an id counts as added or removed)."""
    def by_id(rows):
        kept = [row for row in rows if not units_grid.blank(row)]
        return ({cells(row).get("id"): cells(row) for row in kept if cells(row).get("id")},
                sum(1 for row in kept if not cells(row).get("id")))
    old, old_loose = by_id(before)
    new, new_loose = by_id(after)
    return {"added": len(new.keys() - old.keys()) + new_loose,
            "removed": len(old.keys() - new.keys()) + old_loose,
            "changed": sum(1 for key in new.keys() & old.keys() if new[key] != old[key])}


def merged_header(header, rows):
    """``header`` with a column (its Chinese name) for each Unit field the rows fill that it
    lacks, in the file's order: an import may bring a column the table did not have."""
    keys = {units_grid.key_of(name) for name in header}
    used = {key for row in rows for key, value in row.items() if str(value).strip()}
    return list(header) + [column.zh for column in units_grid.COLUMNS
                           if column.key in used and column.key not in keys]


def page(item, header, rows, status=200, base=None, conflict=None, imported=None, refusals=(),
         opened_revision=None):
    """The grid of ``rows`` under ``header`` with each cell's problems. ``base`` and
    ``opened_revision`` are what the grid was first opened on (carried through re-renders, so a
    save after another editor's meanwhile is still seen as one)."""
    taxonomy = taxonomy_of(item)
    folder = folder_of(SECTION, item.slug)
    problems = units_grid.cell_problems(rows, item.slug, taxonomy, folder, header)
    docs, _broken = documents(item.files)
    zh = docs.get("zh")
    name = (zh.data.get("name") or zh.data.get("title")) if zh is not None else None
    return render_template(
        "staff/editor/units.html", item=item, name=name or item.slug,
        columns=units_grid.grid_columns(header, taxonomy, rows), rows=rows, problems=problems,
        from_revision=item.revision is not None and UNITS in item.files,
        base=json.dumps(base if base is not None else base_of(item)), conflict=conflict,
        opened_revision=(opened_revision if opened_revision is not None
                         else (item.revision.id if item.revision else "")),
        imported=imported, refusals=refusals, may_save=save_decision(item).allowed, lang=g.lang,
    ), status


@staff_route("/content/parks/<slug>/units", "content.read")
def units_page(slug):
    item = park_or_404(slug)
    header, rows, _raw = opened(item)
    return page(item, header, rows)


@staff_route("/content/parks/<slug>/units", "content.write", methods=("POST",))
def units_change(slug):
    """Rows added, duplicated or deleted (shown again, nothing saved), or the grid saved."""
    item = park_or_404(slug)
    file_header, _rows, raw = opened(item)
    header = units_grid.header_from_form(request.form, file_header)
    rows = units_grid.rows_from_form(request.form)
    if request.form.get("action") != "save":
        return page(item, header, rows, base=form_base(request.form, base_of(item)),
                    opened_revision=request.form.get("revision", ""))
    decision = save_decision(item)
    if not decision.allowed:
        abort(403, description=decision.reason_zh if g.lang == "zh" else decision.reason_en)
    base = form_base(request.form, base_of(item))
    now = digests_now(slug)
    clash = conflicts_with(item, base, now, request.form.get("revision"))
    if clash and request.form.get("keep") != "mine":
        return page(item, header, rows, 409, base=base, conflict=clash,
                    opened_revision=request.form.get("revision", ""))
    text = units_grid.csv_from_rows(header, rows, **units_grid.csv_style(raw))
    files = {**{name: value for name, value in item.files.items() if name != UNITS}, UNITS: text}
    comment = _("Kept my version over the files changed on disk") if clash else None
    number = revisions.record(SECTION, slug, "save", "draft", files, now if clash else base,
                              current_user, comment=comment)
    if check(item, files).errors:
        flash(_("Draft saved (revision %(num)d). It has problems to fix before it can be submitted.",
                num=number), "error")
    else:
        flash(_("Draft saved (revision %(num)d).", num=number))
    return redirect(url_for("staff.units_page", slug=slug))


@staff_route("/content/parks/<slug>/units/import", "content.write", methods=("POST",))
def units_import(slug):
    """A dry run: the file's rows shown in the grid, checked, with what they would change."""
    item = park_or_404(slug)
    header, rows, _raw = opened(item)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        refusal = ("请选择要导入的 .xlsx 或 .csv 文件", "choose an .xlsx or .csv file to import")
        return page(item, header, rows, 422, refusals=[refusal])
    data = sent.read(units_files.MAX_IMPORT_BYTES + 1)
    try:
        imported = units_files.import_file(data, sent.filename)
    except units_files.ImportRefused as refused:
        return page(item, header, rows, 422, refusals=refused.problems)
    summary = {"file": PurePosixPath(sent.filename.replace("\\", "/")).name, "rows": len(imported),
               **differences(rows, imported)}
    return page(item, merged_header(header, imported), imported, imported=summary)


units_import.max_content_length = IMPORT_MAX_BODY


@staff_route("/content/parks/<slug>/units.xlsx", "content.read")
def units_export(slug):
    """The table as the grid opens it, as an Excel workbook."""
    item = park_or_404(slug)
    header, rows, _raw = opened(item)
    response = make_response(units_files.export_xlsx(header, rows))
    response.mimetype = XLSX
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-units.xlsx"'
    return response
