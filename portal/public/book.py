"""The project book: any filtered list of projects as one printable document.

``/<lang>/projects/book?<the catalogue's filters>`` gives a cover, a table of contents and one
A4 sheet per project (``includes/sheet.html``), with a page break before each sheet, so a
partner prints or saves it to PDF from the browser. The filters are the catalogue's own; an
unknown value is ignored as there. No pagination: the book holds every matching project.
"""

from flask import g, render_template
from flask_babel import gettext as _

from ..content import get_content
from ..pagecache import cached
from . import bp
from .catalogue import labels, project_rows
from .filters import facet_filter


def project_facets(content):
    """The catalogue's facets: query argument -> (title, {key: label})."""
    return {
        "industry": (_("Industry"), labels("industries")),
        "status": (_("Status"), labels("project_statuses")),
        "mode": (_("Cooperation mode"), labels("cooperation_modes")),
        "band": (_("Total investment"), labels("investment_bands")),
        "park": (_("Park"), {p.slug: p.name for p in content.items("parks", g.lang)}),
    }


def sheet_of(content, project):
    """What one sheet shows beside the project: its park and its desk."""
    return {
        "item": project,
        "park": content.get("parks", project.park, g.lang) if project.park else None,
        "desk": content.get("desks", project.desk, g.lang),
    }


@bp.get("/projects/book")
@cached
def project_book():
    content = get_content()
    facets = project_facets(content)
    rows = content.derived(("facets", "projects", g.lang), lambda: project_rows(content, g.lang))
    found, _facets, chosen = facet_filter(rows, facets)
    chosen_labels = [(facets[name][0], facets[name][1][key]) for name, key in chosen.items()]
    sheets = [sheet_of(content, p) for p in found]
    return render_template("book.html", sheets=sheets, chosen=chosen_labels)
