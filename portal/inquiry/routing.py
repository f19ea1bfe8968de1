"""Which desk answers an inquiry, and which desks get a copy. The addressee, first match wins:

1. ``desk``: the desk the visitor chose (``?desk=``, "ask this desk"), unless a chamber;
2. ``item``: the desk of the project, park or factory unit (its park) asked about;
3. ``industry``: the investment promotion team whose ``industries`` include the visitor's;
4. ``region``: the resident investment office whose ``regions`` include the visitor's;
5. ``bureau``: the bureau.

Copies: the owner of the item asked about, when the visitor addressed another desk (reason
``item``); and, when neither the addressee nor a copied desk lists the inquiry's language in
its ``languages``, the nearest desk that does (reason ``language``): a desk of the same kind
serving the same industry or region, else the bureau. A desk that lists no languages speaks
Chinese only.

The form page, its JSON endpoint, the stored lead and the mails all take this one result, so
the desk the form names is the desk that gets the lead. Desks declare what they serve in their
own files (``kind``, ``industries``, ``regions``, ``languages``), so staff change the routing
by editing content. Chambers of commerce are partners, not desks of the bureau: leads reach
them only through staff, with the visitor's consent to sharing.
"""

from dataclasses import dataclass

from ..leads.regions import serves

# The names staff write in a desk's ``languages`` (either language's file), by language code.
LANGUAGE_NAMES = {
    "zh": {"zh", "中文", "汉语", "普通话", "国语", "chinese", "mandarin", "putonghua"},
    "en": {"en", "english", "英语", "英文"},
    "yue": {"yue", "粤语", "广东话", "cantonese"},
}


@dataclass(frozen=True)
class Copy:
    desk: str  # slug
    reason: str  # item, language


@dataclass(frozen=True)
class Route:
    desk: str  # slug
    rule: str  # desk, item, industry, region, bureau
    copies: tuple[Copy, ...] = ()
    reply_lang: str | None = None  # the inquiry's language: the language to reply in

    @property
    def fingerprint(self):
        """A short text naming the addressee and the copies: what a page showed, to compare."""
        return " ".join([self.desk, *(f"{c.desk}:{c.reason}" for c in self.copies)])

    def stored_copies(self):
        """The copies as ``leads.copies`` keeps them."""
        return [{"desk": c.desk, "reason": c.reason} for c in self.copies]


def language_codes(names):
    """The codes of the languages a desk lists (unknown names are ignored)."""
    written = {str(n).strip().lower() for n in names}
    return {code for code, known in LANGUAGE_NAMES.items() if written & known}


def speaks(desk, lang):
    """True if ``desk`` can answer in ``lang``; a desk that writes Chinese reads and answers the
    traditional-Chinese site's inquiries too."""
    lang = "zh" if lang == "zh-hant" else lang
    return lang in (language_codes(desk.languages) or {"zh"})


def item_desk(content, item):
    """The desk slug owning ``project:<slug>``, ``park:<slug>`` or ``unit:<park>/<id>``."""
    kind, _, key = (item or "").partition(":")
    if kind == "unit":
        kind, key = "park", key.split("/", 1)[0]
    found = content.get({"project": "projects", "park": "parks"}.get(kind, ""), key, "zh")
    return found.desk if found else None


def chosen_desk(content, slug):
    """The desk a visitor may address directly: any but a chamber (a partner, not the bureau)."""
    desk = content.get("desks", slug or "", "zh")
    return desk if desk and desk.kind != "chamber" else None


def addressee(desks, owner, chosen, industry, region):
    if chosen:
        return chosen.slug, "desk"
    if owner:
        return owner, "item"
    for d in desks:
        if industry and d.kind == "team" and industry in d.industries:
            return d.slug, "industry"
    for d in desks:
        if region and d.kind == "office" and serves(d.regions, region):
            return d.slug, "region"
    bureaus = [d for d in desks if d.kind == "bureau"] or desks
    return (bureaus[0].slug if bureaus else ""), "bureau"


def neighbour(desk, other, industry, region):
    """True if ``other`` is a desk like ``desk``: same kind, serving the same industry or region."""
    if other.slug == desk.slug or other.kind != desk.kind:
        return False
    if desk.kind == "team":
        return bool((industry and industry in other.industries)
                    or set(desk.industries) & set(other.industries))
    if desk.kind == "office":
        return bool((region and serves(other.regions, region))
                    or {r.strip() for r in desk.regions} & {r.strip() for r in other.regions})
    return False


def language_desk(desks, desk, lang, industry, region):
    """The nearest desk to ``desk`` that speaks ``lang``: a neighbour, else the bureau; or None."""
    for other in desks:
        if neighbour(desk, other, industry, region) and speaks(other, lang):
            return other
    return next((d for d in desks if d.kind == "bureau" and d.slug != desk.slug and speaks(d, lang)),
                None)


def route(content, item=None, industry=None, region=None, desk=None, lang=None):
    """The Route for an inquiry in ``lang`` (the page's language); every argument may be empty.
    Without ``lang`` no language copy is made and ``reply_lang`` stays None."""
    desks = content.items("desks", "zh")  # regions are matched in Chinese, as staff write them
    by_slug = {d.slug: d for d in desks}
    owner = item_desk(content, item)
    owner = owner if owner in by_slug else None
    slug, rule = addressee(desks, owner, chosen_desk(content, desk), industry, region)
    copies = [Copy(owner, "item")] if owner and owner != slug else []
    target = by_slug.get(slug)
    if lang and target and not any(speaks(by_slug[s], lang) for s in [slug, *(c.desk for c in copies)]):
        helper = language_desk(desks, target, lang, industry, region)
        if helper:
            copies.append(Copy(helper.slug, "language"))
    return Route(slug, rule, tuple(copies), lang)
