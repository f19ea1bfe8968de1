"""JSON-LD (schema.org) for a page, from its item in the page's language, made safe for a
``<script type="application/ld+json">`` block.

The bureau is a GovernmentOrganization (on the home page and on its own desk's page), a park a
Place, any other desk a ContactPoint; a detail page also gets its BreadcrumbList (the trail its
breadcrumb shows, ending at the item).
"""

import json

import phonenumbers
from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..content import get_content
from ..formatting import label, parse_phone, term
from ..media import share_image
from ..urls import absolute_url

SCHEMA = "https://schema.org"
BUREAU_KIND = "bureau"  # the desk kind (taxonomy.yaml desk_kinds) of the bureau's own desk
# Inside <script>, "</script>" or "<!--" in a value would end or change the block: JSON allows
# these characters as \u escapes, which every JSON-LD reader decodes back.
SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
# Detail page -> the list page its breadcrumb goes through (a unit goes through its park too).
PARENTS = {
    "public.project": ("public.projects", _l("Investment projects")),
    "public.park": ("public.parks", _l("Industrial parks")),
    "public.unit": ("public.parks", _l("Industrial parks")),
    "public.policy": ("public.policies", _l("Incentives")),
    "public.desk": ("public.desks", _l("Contact")),
    "public.news_item": ("public.news", _l("News")),
    "public.page": None,
}


def json_ld_for(endpoint, context, url):
    """The page's JSON-LD as Markup for a script block, or None when nothing fits."""
    item = context.get("item")
    objects = []
    if endpoint == "public.home":
        objects.append(bureau(get_content()))
    elif endpoint == "public.desk" and item is not None:
        objects.append(bureau(get_content(), item) if item.kind == BUREAU_KIND
                       else contact_point(item))
    elif endpoint == "public.park" and item is not None:
        objects.append(place(item, url))
    shown = context.get("unit") if endpoint == "public.unit" else item
    if endpoint in PARENTS and shown is not None:
        objects.append(breadcrumbs(endpoint, context, url))
    return script_json([{"@context": SCHEMA, **o} for o in objects]) if objects else None


def script_json(data):
    """``data`` as JSON that cannot end or alter the script block it is written in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in SCRIPT_UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def compact(**values):
    """The values that are set (no None, no empty list), as schema.org wants them."""
    return {key: value for key, value in values.items() if value not in (None, "", [], ())}


def international(text):
    """A phone number as dialled from abroad: ``+86 915 881 2345`` (as written if unreadable)."""
    parsed = parse_phone(text)
    if parsed is None:
        return text
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def bureau(content, desk=None):
    """The bureau, from site.yaml, with its desk (``desk``, else the first bureau desk) as its
    contact point."""
    site = content.site
    if desk is None:
        desk = next((d for d in content.items("desks", g.lang) if d.kind == BUREAU_KIND), None)
    home = absolute_url("public.home")
    return compact(**{
        "@type": "GovernmentOrganization", "@id": home + "#bureau",
        "name": label(site.name), "url": home,
        "logo": absolute_url("static", filename="favicon.svg"),
        "address": postal_address(content, label(site.footer.address)),
        "telephone": international(site.footer.phone),
        "email": desk.email if desk else None,
        "contactPoint": contact_point(desk) if desk else None,
    })


def contact_point(desk):
    return compact(**{
        "@type": "ContactPoint", "name": desk.name,
        "contactType": term("desk_kinds", desk.kind),
        "telephone": international(desk.phone), "email": desk.email,
        "availableLanguage": list(desk.languages), "areaServed": list(desk.regions),
        "url": absolute_url("public.desk", slug=desk.slug),
    })


def postal_address(content, street=None):
    return compact(**{
        "@type": "PostalAddress", "streetAddress": street,
        "addressLocality": label(content.site.county), "addressCountry": "CN",
    })


def place(park, url):
    """A park: where it is (county, coordinates) and its share image when it has one."""
    image = share_image("parks", park.slug)
    geo = park.location and {"@type": "GeoCoordinates", "latitude": park.location.lat,
                             "longitude": park.location.lon}
    return compact(**{
        "@type": "Place", "name": park.name, "description": park.summary, "url": url,
        "address": postal_address(get_content()), "geo": geo,
        "image": image[0] if image else None,
    })


def breadcrumbs(endpoint, context, url):
    """Home, the list the item belongs to (and a unit's park), then the item itself."""
    steps = [(_("Home"), absolute_url("public.home"))]
    if PARENTS[endpoint]:
        parent, name = PARENTS[endpoint]
        steps.append((str(name), absolute_url(parent)))
    if endpoint == "public.unit":
        park = context["park"]
        steps.append((park.name, absolute_url("public.park", slug=park.slug)))
        steps.append((_("Unit %(unit)s", unit=context["unit"].id), url))
    else:
        steps.append((context["item"].title, url))
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": href}
        for n, (name, href) in enumerate(steps, start=1)]}
