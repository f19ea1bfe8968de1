"""Every public page type, in every language, unfurls: Open Graph and Twitter-card tags that are
present and right, an image that answers, and JSON-LD of the right type with the right facts.

One request per page (and per distinct image), parsed once, on the sample content."""

from urllib.parse import parse_qs, urlsplit

import pytest

from portal.config import DEFAULTS
from portal.i18n import OG_LOCALE
from portal.inquiry.views import thanks_token

from ..quality.pages import PAGE_TYPES
from .reading import fetch_image, read_share_tags

# Beyond PAGE_TYPES: a desk that is not the bureau is a ContactPoint.
EXTRA_PAGES = {"desk-office": "/{lang}/contact/prd-office/"}
# Private or error pages keep a title and nothing that invites sharing.
TITLE_ONLY = {"thanks", "not-found"}
# Pages whose item has a cover photo share an image derived from it; the others the site's own.
OWN_IMAGE = {"project", "project-untranslated", "project-incentives", "park", "unit", "news-item",
             "partner-poster"}
DEFAULT_IMAGE = "/static/img/share.png"
DETAIL = {"project", "project-untranslated", "project-incentives", "unit", "policy",
          "policy-applies", "news-item", "page", "privacy", "accessibility"}
JSON_LD = {
    "home": {"GovernmentOrganization"},
    "desk": {"GovernmentOrganization", "BreadcrumbList"},
    "desk-office": {"ContactPoint", "BreadcrumbList"},
    "park": {"Place", "BreadcrumbList"},
    **{name: {"BreadcrumbList"} for name in DETAIL},
}
BUREAU_PHONE = "+86 915 881 2345"  # content/site.yaml and desks/bureau: 0915-8812345
OFFICE_PHONE = "+86 755 8326 8817"  # content/desks/prd-office
DESCRIPTION_LIMIT = 160
LANGUAGES = DEFAULTS["LANGUAGES"]  # the app's languages, known before any app is built


@pytest.fixture(scope="module")
def site(sample_app):
    """Fetches and parses each page once for the whole module; images once per URL."""
    client = sample_app.test_client()
    token = thanks_token(sample_app.secret_key, "QL-2026-000123", "prd-office")
    urls = {**PAGE_TYPES, **EXTRA_PAGES, "thanks": "/{lang}/inquiry/thanks/" + token + "/"}
    pages, images = {}, {}

    def shared(name, lang):
        if (name, lang) not in pages:
            url = urls[name].format(lang=lang)
            pages[name, lang] = read_share_tags(client.get(url), "http://localhost" + url)
        return pages[name, lang]

    def image(url):
        if url not in images:
            images[url] = fetch_image(client, url)
        return images[url]

    return shared, image, sample_app.extensions["content"].current


def languages(app):
    return app.config["LANGUAGES"]


def test_languages_are_the_configured_ones(sample_app):
    # The parametrization below is made before the app exists: it must be the app's languages.
    assert tuple(sample_app.config["LANGUAGES"]) == tuple(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", [*PAGE_TYPES, *EXTRA_PAGES])
def test_page_unfurls(site, sample_app, name, lang):
    shared, image, content = site
    tags = shared(name, lang)
    site_name = tags.one("og:site_name")
    assert tags.one("og:title") and tags.title.startswith(tags.one("og:title"))
    if name in TITLE_ONLY:
        assert not {"og:url", "og:image", "og:description"} & set(tags.og)
        assert tags.json_ld == [] and "twitter:card" not in tags.meta
        return
    # Described in its own words, not the site's tagline (which the error page shows), briefly.
    description = tags.one("og:description")
    assert description == tags.meta["description"] == tags.meta["twitter:description"]
    assert description != shared("not-found", lang).meta["description"]
    assert 0 < len(description) <= DESCRIPTION_LIMIT
    if (name, lang) == ("park", "en"):  # a summary too long to show whole: never cut in a word
        summary = content.get("parks", "new-materials-park", "en").summary
        assert len(summary) > DESCRIPTION_LIMIT and description.endswith("…")
        assert summary.startswith(description[:-1])
        assert not summary[len(description) - 1].isalnum()
    # The canonical address: absolute, the page's filters kept, no partner credit.
    url = tags.one("og:url")
    assert tags.canonical == [url] and urlsplit(url).scheme == "http"
    assert "ref=" not in url
    requested = parse_qs(urlsplit(PAGE_TYPES.get(name, "")).query)
    requested.pop("ref", None)
    assert parse_qs(urlsplit(url).query) == requested
    assert urlsplit(url).path.startswith(f"/{lang}/")
    assert tags.one("og:type") == ("article" if name == "news-item" else "website")
    assert tags.one("og:locale") == OG_LOCALE[lang]
    assert sorted(tags.og.get("og:locale:alternate", [])) == sorted(
        OG_LOCALE[other] for other in languages(sample_app) if other != lang)
    # The image: absolute, answers with an image of the size the tags say, WeChat-sized at least.
    picture = tags.one("og:image")
    mimetype, (width, height) = image(picture)
    assert mimetype.startswith("image/")
    assert (int(tags.one("og:image:width")), int(tags.one("og:image:height"))) == (width, height)
    assert width >= 300 and height >= 300 and tags.one("og:image:alt")
    assert (urlsplit(picture).path == DEFAULT_IMAGE) == (name not in OWN_IMAGE)
    assert tags.meta["twitter:card"] == ("summary_large_image" if width >= 1.3 * height else "summary")
    assert tags.meta["twitter:image"] == picture and tags.meta["twitter:title"] == tags.one("og:title")
    # JSON-LD: the right types, the right names and phone numbers.
    assert tags.types() == JSON_LD.get(name, set())
    if "GovernmentOrganization" in tags.types():
        bureau = tags.ld("GovernmentOrganization")
        assert bureau["name"] == site_name and bureau["telephone"] == BUREAU_PHONE
        if lang in ("zh", "en"):
            assert bureau["name"] == getattr(content.site.name, lang)
        assert bureau["email"] == "invest@qinglan.gov.cn"
        assert bureau["contactPoint"]["telephone"] == BUREAU_PHONE
        assert urlsplit(bureau["logo"]).netloc and urlsplit(bureau["url"]).path == f"/{lang}/"
    if "ContactPoint" in tags.types():
        desk = tags.ld("ContactPoint")
        assert desk["name"] == tags.one("og:title") and desk["telephone"] == OFFICE_PHONE
        assert desk["email"] == "prd@qinglan.gov.cn" and desk["areaServed"]
    if "Place" in tags.types():
        park = tags.ld("Place")
        location = content.get("parks", "new-materials-park", "zh").location
        assert park["name"] == tags.one("og:title") and park["url"] == url
        assert park["image"] == picture
        assert (park["geo"]["latitude"], park["geo"]["longitude"]) == (location.lat, location.lon)
    if "BreadcrumbList" in tags.types():
        steps = tags.ld("BreadcrumbList")["itemListElement"]
        assert [s["position"] for s in steps] == list(range(1, len(steps) + 1))
        assert urlsplit(steps[0]["item"]).path == f"/{lang}/"
        assert steps[-1]["item"] == url and tags.one("og:title").startswith(steps[-1]["name"])
