"""Which policies apply to a project, a park or a factory unit.

A policy applies to an item when the item names it (``policies:``, a project's ``incentives:``
with ``policy:``, a unit's ``policies`` column) or when it matches: a policy that sets
``industries:`` and/or ``parks:`` matches an item that fits every one it sets (a project by its
industry and park, a park by its industries and folder, a unit by its park and that park's
industries). A policy that sets neither applies only where named. Expired policies never apply;
they stay reachable and labelled (``named_policies`` keeps them for the incentive bullets).
"""

from ..clock import china_today  # noqa: F401  (policies expire at midnight in Qinglan)
from .models import Park, Project


def kind(item):
    if isinstance(item, Project):
        return "project"
    if isinstance(item, Park):
        return "park"
    return "unit"


def named(item):
    """Folder names of the policies ``item`` names itself, in order, each once."""
    slugs = list(getattr(item, "policies", ()) or ())
    slugs += [claim.policy for claim in getattr(item, "incentives", ()) if claim.policy]
    return tuple(dict.fromkeys(slugs))


def facts_of(content, item, lang):
    """``(industries, park slug or None)`` an item is matched by."""
    what = kind(item)
    if what == "project":
        return {item.industry}, item.park
    if what == "park":
        return set(item.industries), item.slug
    park = content.get("parks", getattr(item, "park", ""), lang)
    return set(park.industries) if park else set(), getattr(item, "park", None)


def fits(content, policy, item, lang):
    """True when ``policy`` matches ``item`` by its criteria (a unit: only a policy for parks)."""
    if kind(item) == "unit" and not policy.parks:
        return False
    return matches(policy, *facts_of(content, item, lang))


def matches(policy, industries, park):
    """True when ``policy`` sets a criterion and ``industries``/``park`` fit all it sets."""
    if not policy.industries and not policy.parks:
        return False
    if policy.industries and not industries & set(policy.industries):
        return False
    return not policy.parks or park in policy.parks


def applicable_policies(content, item, lang, today=None):
    """The policies (items in ``lang``) that apply to a project, park or unit on ``today``
    (default: today in China): those it names first, then those matched; none expired."""
    today = today or china_today()
    chosen = [content.get("policies", slug, lang) for slug in named(item)]
    chosen = [p for p in chosen if p is not None]
    seen = {p.slug for p in chosen}
    chosen += [p for p in content.items("policies", lang)
               if p.slug not in seen and fits(content, p, item, lang)]
    return [p for p in chosen if not p.expired(today)]


def applies_to(content, policy, lang):
    """What ``policy`` applies to: ``{"projects": [...], "parks": [...], "units": [(park, unit)]}``,
    named or matched (the policy page lists them whether or not it is in force)."""
    found = {"projects": [], "parks": [], "units": []}
    parks = content.items("parks", lang)
    for project in content.items("projects", lang):
        if policy.slug in named(project) or fits(content, policy, project, lang):
            found["projects"].append(project)
    for park in parks:
        if policy.slug in named(park) or fits(content, policy, park, lang):
            found["parks"].append(park)
        found["units"] += [(park, unit) for unit in park.units
                           if policy.slug in named(unit) or fits(content, policy, unit, lang)]
    return found
