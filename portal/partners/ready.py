"""A partner's ready-made links: for each of its sectors the filtered catalogue and each matching
project, then the parks, the unit finder and the incentives; every address carries the
partner's ``ref`` so that what it brings is credited."""

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _

from ..content import get_content
from ..formatting import term
from ..urls import absolute_url

# A project a partner may still bring an investor to: open, or in negotiation with one while
# open to others. A signed project has its investor: no link, no poster.
OPEN_TO_INVESTORS = frozenset({"open", "negotiating"})


def open_to_investors(project):
    return project.status in OPEN_TO_INVESTORS


@dataclass(frozen=True)
class ReadyLink:
    label: str
    path: str  # under the mount, for the QR code files
    url: str  # absolute, to copy and share
    project: object = None  # the project a link leads to (it has a poster)


@dataclass(frozen=True)
class Sector:
    key: str | None  # industry key; None for the links every partner has
    title: str
    links: list = field(default_factory=list)


def ready_link(label, endpoint, ref, project=None, **args):
    args["ref"] = ref  # last, after the filters: the address reads as the page, then the credit
    return ReadyLink(label, url_for(endpoint, **args), absolute_url(endpoint, **args), project)


def sectors_of(desk):
    """The industry keys the partner serves; every industry when its desk names none."""
    return desk.industries or tuple(get_content().taxonomy.industries)


def ready_links(desk, lang):
    """``[Sector]``: one per sector with projects open to investors (catalogue filtered by it,
    then each such project), then the general links (parks, unit finder, incentives)."""
    projects = [p for p in get_content().items("projects", lang) if open_to_investors(p)]
    ref = desk.slug
    found = []
    for key in sectors_of(desk):
        matching = [p for p in projects if p.industry == key]
        if not matching:
            continue
        name = term("industries", key)
        links = [ready_link(_("Projects: %(industry)s", industry=name), "public.projects", ref,
                            industry=key)]
        links += [ready_link(p.title, "public.project", ref, project=p, slug=p.slug) for p in matching]
        found.append(Sector(key, name, links))
    found.append(Sector(None, _("Parks, factory space and incentives"), [
        ready_link(_("Industrial parks"), "public.parks", ref),
        ready_link(_("Factory unit finder"), "public.spaces", ref),
        ready_link(_("Incentives"), "public.policies", ref),
    ]))
    return found
