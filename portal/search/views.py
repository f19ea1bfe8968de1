"""``/<lang>/search?q=``: results across content types, with type filters, never page-cached."""

import logging
import re
import unicodedata

import sqlalchemy as sa
from flask import Blueprint, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from ..clock import china_today
from ..content import get_content
from ..db import transaction
from ..db.schema import search_misses
from ..i18n import language_prefixed
from ..public.filters import FacetRows, facet_filter, paginate
from ..root import SECTIONS_WITH_PAGES
from ..urls import absolute_url
from . import Unavailable, find, highlight
from .query import normalize

log = logging.getLogger(__name__)
bp = Blueprint("search", __name__, url_prefix="/<lang>")
language_prefixed(bp)
PAGE_SIZE = 10
STATUS_TERMS = {"projects": "project_statuses", "units": "unit_statuses"}  # badge vocabularies
BROWSE = (("public.projects", _l("Projects")), ("public.parks", _l("Parks")),
          ("public.spaces", _l("Factory space")), ("public.policies", _l("Incentives")),
          ("public.desks", _l("Contact")))


@bp.get("/search")
def results():
    text = normalize(request.args.get("q", ""))
    context = {"search_query": text, "index_lang": index_lang(), "types": type_labels(), "browse": BROWSE,
               "ideas": ideas()}
    if not text:
        return page(context)
    try:
        answer = find(text, index_lang())
        rows = FacetRows(answer.records, {"type": lambda r: (r.type,)})
        found, facets, chosen = facet_filter(rows, {"type": (_("Type"), context["types"])})
        pager = paginate(found, PAGE_SIZE)
        hits = highlight(answer, pager.items, index_lang())
    except Unavailable:
        return page({**context, "unavailable": True})
    if not answer.records:
        note_miss(text)
    return page({**context, "answer": answer, "facets": facets, "chosen": chosen,
                 "pager": pager, "hits": hits, "page_size": PAGE_SIZE, "status_terms": STATUS_TERMS})


# A search that found nothing is counted by month and query text only (the staff dashboard lists
# them for the synonym groups); text that may be personal is not kept, and a month keeps at most
# MISSES_KEPT different queries, so that no visitor can fill the table.
PERSONAL = re.compile(r"\d{7,}|@")  # phone, identity or account numbers; e-mail addresses
MISSES_KEPT = 2000


def miss_key(text):
    """The query as counted: NFKC (full-width digits), case folded, single spaces; None when it
    may identify someone."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())[:100]
    return None if not folded or PERSONAL.search(re.sub(r"[\s().+-]", "", folded)) else folded


def note_miss(text):
    """Count one search that found nothing; never fails the search (the page matters more)."""
    query = miss_key(text)
    if query is None or current_app.config["PREVIEW"]:
        return
    month = china_today().strftime("%Y-%m")
    this = sa.and_(search_misses.c.month == month, search_misses.c.query == query)
    try:
        with transaction() as connection:
            if connection.execute(search_misses.update().where(this)
                                  .values(count=search_misses.c.count + 1)).rowcount:
                return
            kept = connection.execute(sa.select(sa.func.count()).select_from(search_misses)
                                      .where(search_misses.c.month == month)).scalar_one()
            if kept < MISSES_KEPT:
                connection.execute(search_misses.insert().values(month=month, query=query, count=1))
    except sa.exc.SQLAlchemyError as error:  # two first misses at once: one is lost, no harm
        log.warning("search miss not counted: %s", error)


def index_lang():
    """The documents this site's language searches: zh-hant, the Chinese ones (its queries are
    folded to simplified characters, its result page converted back)."""
    return "zh" if g.lang == "zh-hant" else g.lang


def page(context):
    response = current_app.make_response(render_template("search.html", **context))
    response.cache_control.no_cache = True  # results change with every index rebuild
    return response


def type_labels():
    """Result types in display order, with their labels in the visitor's language."""
    return {
        "projects": _("Projects"), "parks": _("Parks"),
        "units": pgettext("search result type", "Factory units"), "policies": _("Incentives"),
        "desks": _("Contacts"), "news": _("News"),
        "pages": pgettext("search result type", "Pages"),
    }


def ideas():
    """Searches to suggest: the industries, in the visitor's language."""
    return [t.text(g.lang) for t in get_content().taxonomy.industries.values()]


def hit_url(hit):
    if hit.type == "units":
        return url_for("public.park", slug=hit.slug, _anchor=hit.anchor)
    return url_for(SECTIONS_WITH_PAGES[hit.section], slug=hit.slug)


def search_url(text, **args):
    return url_for("search.results", q=text, **args)


def alternate_url(lang, external=False):
    """This search in another language (the language switch, canonical and hreflang links)."""
    args = {"lang": lang, "q": normalize(request.args.get("q", "")) or None}
    if request.args.get("type") in type_labels():
        args["type"] = request.args["type"]
    return absolute_url("search.results", **args) if external else url_for("search.results", **args)


@bp.context_processor
def search_helpers():
    return {"alternate": alternate_url, "hit_url": hit_url, "search_url": search_url}
