"""``/staff/content/``: every item by type with where it stands, what waits for me, and a new
item: the type and the Chinese title, with the folder name proposed from the title."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..clock import china_today
from ..content.models import SECTIONS
from ..staff.access import staff_route
from . import revisions, slugs
from .documents import Document, bundle_files
from .drafts import IN_PROGRESS, content_root
from .editing import live_content

SECTION_NAMES = {
    "projects": _l("Investment projects"), "parks": _l("Industrial parks"),
    "policies": _l("Incentive policies"), "desks": _l("Contact desks"), "news": _l("News"),
    "pages": _l("Pages"),
}


def title_field(section):
    return "title" if "title" in SECTIONS[section].model_fields else "name"


def rows(section):
    """``[(slug, Chinese title, state, latest revision)]`` of a section: the published items and
    the new ones that exist only as revisions."""
    content = live_content()
    titles = {i.slug: i.title for i in content.items(section, "zh")} if content else {}
    folders = content_root() / section
    on_disk = {p.name for p in folders.iterdir() if p.is_dir() and not p.name.startswith(".")} \
        if folders.is_dir() else set()
    latest = revisions.latest_by_item(section)
    found = []
    for slug in sorted(on_disk | set(latest)):
        revision = latest.get(slug)
        state = revision.state if revision is not None and revision.state in IN_PROGRESS \
            else ("published" if slug in titles else "not-online")
        found.append((slug, titles.get(slug) or (revision.title if revision is not None else slug),
                      state, revision))
    return found


@staff_route("/content/", "content.read")
def content_index():
    section = request.args.get("section", "projects")
    if section not in SECTIONS:
        section = "projects"
    return render_template("staff/editor/index.html", sections=SECTION_NAMES, section=section,
                           rows=rows(section), pending=revisions.pending_for(current_user))


@staff_route("/content/new", "content.write", methods=("GET", "POST"))
def new_item():
    section = request.form.get("section") or request.args.get("section") or "projects"
    if section not in SECTIONS:
        section = "projects"
    title = " ".join((request.form.get("title") or "").split())
    taken = set(rows_slugs(section))
    slug = (request.form.get("slug") or "").strip() or (slugs.propose_slug(title, taken) if title else "")
    problems = []
    if request.method == "POST" and request.form.get("action") == "create":
        problems = ([(("请填写中文标题"), "Type the Chinese title")] if not title else []) + \
            slugs.check_slug(slug, taken)
        if not problems:
            data = {title_field(section): title, "updated": china_today().isoformat()}
            files = bundle_files({"zh": Document(data, "\n")}, list(SECTIONS[section].model_fields))
            revisions.record(section, slug, "save", "draft", files, {n: None for n in files},
                             current_user, comment=_("New item"))
            flash(_("New item created as a draft. Fill in its fields, then save."))
            return redirect(url_for("staff.edit", section=section, slug=slug))
    return render_template("staff/editor/new.html", sections=SECTION_NAMES, section=section,
                           title=title, slug=slug, problems=problems), 422 if problems else 200


def rows_slugs(section):
    return [slug for slug, *_ in rows(section)]
