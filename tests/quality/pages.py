"""One URL per public page type, in both languages, for gates that check every type."""

from portal.inquiry.views import thanks_token

# The live app signs with this key, so the thank-you page (whose address is signed) has a URL here.
GATE_SECRET = "quality-gates-only"
LANGS = ("zh", "en")
# 繁體中文 pages are the Chinese ones converted as a whole: the HTML checker reads every one of
# them; axe (a browser per page) the kinds of page whose markup differs, and the new ones. The
# other gates (headers, browser, tap targets) would learn nothing new from them.
ALL_LANGS = ("zh", "zh-hant", "en")
HANT_IN_BROWSER = ("home", "project", "park", "unit", "spaces-filtered", "compare-units", "desk",
                   "inquiry-desk", "search", "not-found", "open-data", "partner", "partner-poster")
PAGE_TYPES = {
    "home": "/{lang}/",
    "projects": "/{lang}/projects/",
    "projects-filtered": "/{lang}/projects/?industry=materials",
    "project": "/{lang}/projects/fuxi-tea-processing/",
    "project-untranslated": "/{lang}/projects/elderly-care-center/",
    "project-incentives": "/{lang}/projects/manganese-deep-processing/",
    "parks": "/{lang}/parks/",
    "park": "/{lang}/parks/new-materials-park/",
    "spaces": "/{lang}/spaces/?status=vacant",
    "spaces-filtered": "/{lang}/spaces/?min_load=10&min_area=5000&sort=rent",
    "unit": "/{lang}/parks/new-materials-park/units/6-101/",
    "compare-parks": "/{lang}/compare/?parks=new-materials-park,chengbei-industrial-zone,xinyuan-agri-park",
    "compare-units": "/{lang}/compare/?units=new-materials-park/6-101,new-materials-park/5-201,"
                     "chengbei-industrial-zone/A-301",
    "policies": "/{lang}/policies/",
    "policy": "/{lang}/policies/referral-reward-2023/",
    "policy-applies": "/{lang}/policies/tech-upgrading-subsidy/",
    "desks": "/{lang}/contact/",
    "desk": "/{lang}/contact/bureau/",
    "inquiry": "/{lang}/inquiry/?project=fuxi-tea-processing",
    "inquiry-desk": "/{lang}/inquiry/?desk=prd-office&ref=shenzhen-chamber",
    "thanks": "/{lang}/inquiry/thanks/" + thanks_token(GATE_SECRET, "QL-2026-000123", "prd-office") + "/",
    "news": "/{lang}/news/",
    "news-item": "/{lang}/news/2026-03-18-shenzhen-roadshow/",
    "page": "/{lang}/environment/",
    "privacy": "/{lang}/privacy/",
    "accessibility": "/{lang}/accessibility/",
    "project-book": "/{lang}/projects/book?industry=materials",
    "search": "/{lang}/search?q=%E6%A0%87%E5%87%86%E5%8C%96%E5%8E%82%E6%88%BF",
    "search-filtered": "/{lang}/search?q=factory&type=parks",
    "search-empty": "/{lang}/search?q=factroy%20zzzz",
    "open-data": "/{lang}/data/",
    "not-found": "/{lang}/projects/no-such-project/",
    "partner": "/{lang}/partners/shenzhen-chamber/",
    "partner-poster": "/{lang}/partners/prd-office/poster/lithium-manganate-cathode/",
}


def browser_pages():
    """``all_pages()`` and the zh-hant pages the browser gates check."""
    hant = [(f"{name}-zh-hant", PAGE_TYPES[name].format(lang="zh-hant")) for name in HANT_IN_BROWSER]
    return all_pages() + hant


def all_pages(langs=LANGS):
    """``(id, url)`` for every page type in every language of ``langs``."""
    return [(f"{name}-{lang}", url.format(lang=lang))
            for lang in langs for name, url in PAGE_TYPES.items()]
