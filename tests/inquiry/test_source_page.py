"""The page an inquiry was sent from is stored with the lead, in every language: from the
referrer when the browser sends one (from this host, whatever port the address bar shows; a
Chinese search query read right even when the browser sends its bytes unescaped), else the page
whose inquiry link opened the form (WeChat's in-app browser often sends no referrer)."""

from urllib.parse import quote, unquote

import pytest

from ..lead_helpers import Visitor, stored_leads

LANGS = ("zh", "zh-hant", "en")
# The form opened by an item page's inquiry link -> that page.
NAMED = {
    "?project=manganese-sulfate": "projects/manganese-sulfate/",
    "?park=materials-park": "parks/materials-park/",
    "?unit=materials-park/M1-101": "parks/materials-park/units/M1-101/",
    "?desk=materials-team": "contact/materials-team/",
}


def source_of(app, lang, query="", **headers):
    visitor = Visitor(app, lang, **headers)
    visitor.open(query)
    visitor.submit(query=query)
    [lead] = stored_leads(app)
    return lead.source_page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", list(NAMED))
def test_without_a_referrer_the_page_whose_link_opened_the_form(lead_app, lang, query):
    app = lead_app()
    path = f"/{lang}/{NAMED[query]}"
    assert app.test_client().get(path).status_code == 200  # a real page of the site
    assert source_of(app, lang, query) == path


@pytest.mark.parametrize("lang", LANGS)
def test_the_referrer_wins_over_the_link(lead_app, lang):
    app = lead_app()
    came_from = f"/{lang}/parks/materials-park/"  # the park's unit table links ?unit=
    assert source_of(app, lang, "?unit=materials-park/M1-101",
                     Referer=f"http://localhost{came_from}") == came_from


@pytest.mark.parametrize(("lang", "query"), [
    ("zh", "锰矿厂房"), ("zh-hant", "錳礦廠房"), ("en", "厂房 rent"),
])
@pytest.mark.parametrize("sent", ["escaped", "raw"])
def test_a_search_page_with_a_chinese_query(lead_app, lang, query, sent):
    """Browsers escape the referrer's query (%E9%94%B0…); some in-app browsers send its UTF-8
    bytes as they are. Either way the same escaped path is stored, in every language (the
    traditional characters of a zh-hant query are kept, not converted)."""
    app = lead_app()
    escaped = f"/{lang}/search?q={quote(query)}"
    referrer = f"http://localhost/{lang}/search?q=" + (
        quote(query) if sent == "escaped" else query.encode("utf-8").decode("latin-1"))
    assert source_of(app, lang, Referer=referrer) == escaped


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("referrer", [
    "http://localhost:8080/{lang}/projects/manganese-sulfate/",  # a proxy's Host without the port
    "https://LOCALHOST/{lang}/projects/manganese-sulfate/",
    "http://localhost./{lang}/projects/manganese-sulfate/",
])
def test_this_host_on_any_port_or_scheme(lead_app, lang, referrer):
    app = lead_app()
    assert source_of(app, lang, Referer=referrer.format(lang=lang)) == f"/{lang}/projects/manganese-sulfate/"


@pytest.mark.parametrize("referrer", [
    "https://evil.example/zh/projects/manganese-sulfate/",
    "http://localhost.evil.example/zh/projects/manganese-sulfate/",
    "javascript:alert(1)//localhost/zh/",
    "http://localhost//evil.example/zh/",
])
def test_another_site_is_not_a_source(lead_app, referrer):
    app = lead_app()
    assert source_of(app, "zh", Referer=referrer) is None


def test_a_source_field_with_chinese_is_stored_escaped(lead_app):
    app = lead_app()
    Visitor(app, "zh").submit(source="/zh/search?q=富硒茶")
    assert stored_leads(app)[0].source_page == "/zh/search?q=%E5%AF%8C%E7%A1%92%E8%8C%B6"


def test_a_long_source_is_cut_between_escapes(lead_app):
    app = lead_app()
    Visitor(app, "zh").submit(source="/zh/search?q=" + "锰" * 200)
    stored = stored_leads(app)[0].source_page
    assert stored.startswith("/zh/search?q=%E9%94%B0") and len(stored) <= 500
    assert stored.endswith("%E9%94%B0")  # whole characters only
    assert unquote(stored) == "/zh/search?q=" + "锰" * ((len(stored) - 13) // 9)
